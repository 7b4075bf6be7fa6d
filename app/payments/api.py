"""/api/v1/me/invoices: the citizen's invoices (scope `payments`) and starting a payment.

Someone else's invoice answers 404 exactly like one that does not exist. Cache-Control: no-store
comes with every /api response (app.web). Starting a payment
requires an Idempotency-Key (app.payments.idempotency), scoped per citizen.
"""

from __future__ import annotations

import uuid

from app.access import citizen_id, current_principal, require_scope
from app.api import API_PREFIX, Blueprint, documented
from app.payments import attempts, invoices
from app.payments.idempotency import HEADER_DOC, idempotent
from app.payments.schemas import (
    InvoiceDetailSchema,
    InvoiceListArgs,
    InvoicePageSchema,
    PaymentRequestSchema,
    PaymentSchema,
)

SCOPE = "payments"

blp = Blueprint("payments", __name__, url_prefix=f"{API_PREFIX}/me/invoices",
                description="The citizen's invoices and payments.")


def _caller() -> tuple[uuid.UUID, uuid.UUID | None, frozenset[str] | None]:
    """(whom the request is for, the representative acting or None, modules a delegation covers)."""
    principal, subject = current_principal(), citizen_id()
    if principal.actor:
        return subject, uuid.UUID(principal.actor), principal.delegated_modules or frozenset()
    return subject, None, None


def _key_scope() -> str:
    principal = current_principal()
    return f"{principal.subject}:{principal.actor or ''}"


@blp.route("", methods=["GET"])
@require_scope(SCOPE)
@blp.arguments(InvoiceListArgs, location="query")
@blp.response(200, InvoicePageSchema)
def list_invoices(args):
    """The citizen's invoices across all agencies, newest first (filter by status)."""
    subject, _actor, modules = _caller()
    rows, total = invoices.list_own(subject, status=args.get("status"), page=args["page"],
                                    per_page=args["per_page"], modules=modules)
    return {"items": [invoices.summary(row) for row in rows], "page": args["page"],
            "per_page": args["per_page"], "total": total}, 200


@blp.route("/<uuid:invoice_id>", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, InvoiceDetailSchema)
def get_invoice(invoice_id):
    """One invoice with its items, its live payment (how to pay) and its receipt once paid."""
    subject, _actor, modules = _caller()
    return invoices.detail(invoices.own_invoice(subject, invoice_id, modules)), 200


@blp.route("/<uuid:invoice_id>/payments", methods=["POST"])
@require_scope(SCOPE)
@idempotent(_key_scope)
@blp.arguments(PaymentRequestSchema)
@blp.response(201, PaymentSchema)
@documented(parameters=[HEADER_DOC])
def start_payment(body, invoice_id):
    """Pay an open invoice with a virtual account or QRIS: one live payment per invoice (409 while
    one is in progress)."""
    subject, actor, modules = _caller()
    return attempts.start_payment(subject, invoice_id, method=body["method"], gateway=body.get("gateway"),
                                  actor=actor, modules=modules), 201
