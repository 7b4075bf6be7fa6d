"""Agency staff: their agency's invoices and flagged callbacks, refunds (agency admins and platform
admins). An officer of agency A gets nothing of agency B: other agencies' rows answer 404."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.access import PLATFORM_ADMIN, Principal
from app.contracts.payments import PAID
from app.db import session, utcnow
from app.payments import gateways, invoices, ledger, settle
from app.payments.gateways import GatewayError
from app.payments.models import Attempt, Flag, Invoice
from app.problems import Problem

AGENCY_ADMIN = "agency_admin"


def _all_agencies(principal: Principal) -> bool:
    return PLATFORM_ADMIN in principal.roles


def _agency_condition(column, principal: Principal) -> list:
    if _all_agencies(principal):
        return []
    if not principal.agency:
        raise Problem(403)
    return [column == principal.agency]


def list_invoices(principal: Principal, *, status: str | None, page: int, per_page: int):
    conditions = _agency_condition(Invoice.agency, principal)
    if status:
        conditions.append(Invoice.status == status)
    return invoices.page_of(Invoice, conditions, page=page, per_page=per_page)


def agency_invoice(principal: Principal, invoice_id: uuid.UUID) -> Invoice:
    invoice = session().get(Invoice, invoice_id)
    if invoice is None or not (_all_agencies(principal) or invoice.agency == principal.agency):
        raise Problem(404)
    return invoice


def invoice_detail(invoice: Invoice) -> dict:
    attempts = session().scalars(select(Attempt).where(Attempt.invoice_id == invoice.id)
                                 .order_by(Attempt.created_at))
    return {**invoices.detail(invoice), "subject_id": invoice.subject_id,
            "attempts": [invoices.attempt_view(a) for a in attempts],
            "journals": ledger.journals_of(invoice.id)}


def list_flags(principal: Principal, *, resolved: bool | None, page: int, per_page: int):
    conditions = _agency_condition(Flag.agency, principal)
    if resolved is not None:
        conditions.append(Flag.resolved_at.is_not(None) if resolved else Flag.resolved_at.is_(None))
    return invoices.page_of(Flag, conditions, page=page, per_page=per_page)


def resolve_flag(principal: Principal, flag_id: uuid.UUID) -> Flag:
    db = session()
    flag = db.get(Flag, flag_id, with_for_update=True)
    if flag is None or not (_all_agencies(principal) or (flag.agency and flag.agency == principal.agency)):
        raise Problem(404)
    if flag.resolved_at is None:
        flag.resolved_at, flag.resolved_by = utcnow(), principal.subject[:40]
        _audit("payment.flag_resolved", principal, flag.invoice_id, flag=str(flag.id), reason=flag.reason)
        db.commit()
    return flag


def refund(principal: Principal, invoice_id: uuid.UUID, reason: str) -> dict:
    """Full refund of a paid invoice through its gateway: refunded status and a ledger reversal."""
    db = session()
    invoice = invoices.lock(invoice_id)
    own_agency = AGENCY_ADMIN in principal.roles and invoice.agency == principal.agency
    if not (_all_agencies(principal) or own_agency):
        raise Problem(404)
    if invoice.status != PAID:
        raise Problem(409, "invoice-not-refundable", params={"status": invoice.status})
    attempt = settle.paying_attempt(invoice)
    adapter = gateways.get(attempt.gateway) if attempt is not None else None
    if adapter is None:
        raise Problem(409, "invoice-not-refundable", params={"status": invoice.status})
    try:
        adapter.refund(attempt.order_id, attempt.amount, key=f"refund-{invoice.id}", reason=reason)
    except GatewayError:
        db.rollback()
        raise Problem(502, "gateway-unavailable") from None
    settle.mark_refunded(invoice, attempt, by=principal.subject)
    db.commit()
    return invoice_detail(invoice)


def _audit(action: str, principal: Principal, invoice_id, **payload) -> None:
    from app.registry import services

    if "audit" in services():
        payload = {"invoice": str(invoice_id) if invoice_id else None, **payload}
        services().get("audit").record("staff", action, actor=principal.subject, payload=payload)
