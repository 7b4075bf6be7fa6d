"""Gateway callbacks: verify, record once, apply in order, in one short transaction.

An event is stored under (gateway, event id) with INSERT .. ON CONFLICT DO NOTHING: a replay finds
the row and answers what the first delivery answered, changing nothing. Then the charge and its
invoice are locked, so two events of one order are applied one after the other. Statuses only move forward:
"pending" after "paid" and "expired" after "paid" are recorded and ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import bindparam, select, update

from app.contracts.payments import OPEN, PAID, PENDING
from app.db import new_id, session, utcnow
from app.payments import gateways, invoices, ledger, settle
from app.payments.gateways import CallbackEvent, GatewayError, SignatureInvalid
from app.payments.models import A_EXPIRED, A_FAILED, A_PAID, A_PENDING, Attempt, Flag, GatewayEvent, Invoice
from app.payments.sql import insert_once
from app.problems import Problem

log = logging.getLogger("satupintu.payments")

_FIRST_OUTCOME = select(GatewayEvent.outcome).where(GatewayEvent.gateway == bindparam("gateway"),
                                                   GatewayEvent.event_id == bindparam("event_id"))

APPLIED, IGNORED, REFUSED, FLAGGED = "applied", "ignored", "refused", "flagged"
ANSWERS = {APPLIED: 200, IGNORED: 200, FLAGGED: 200, REFUSED: 422}


def receive(name: str, raw_body: bytes, headers: Mapping[str, str]) -> tuple[int, dict]:
    """Handle one callback body as the gateway sent it: (HTTP status, JSON body)."""
    adapter = gateways.get(name)
    if adapter is None:
        raise Problem(404)
    try:
        event = adapter.read_callback(raw_body, headers)
    except SignatureInvalid as error:
        log.warning("payments: %s callback refused: %s", name, error)
        raise Problem(401, "callback-signature-invalid") from None
    except GatewayError as error:  # the status re-check failed: let the gateway send it again
        log.warning("payments: %s callback not confirmed: %s", name, error)
        raise Problem(503, "gateway-unavailable", headers={"Retry-After": "30"}) from None
    outcome = apply(name, event)
    if outcome == REFUSED:
        raise Problem(422, "callback-refused", extra={"event_id": event.event_id})
    return ANSWERS[outcome], {"event_id": event.event_id, "outcome": outcome}


def apply(name: str, event: CallbackEvent) -> str:
    db = session()
    # The event row first: a replay stops here (and the first statement being a write makes SQLite
    # wait for the write lock rather than fail on a stale read). Its outcome is fixed below.
    event_row_id = new_id()
    guess = IGNORED if event.status == A_PENDING else APPLIED  # usually right: no second write
    inserted = insert_once(GatewayEvent, {
        "id": event_row_id, "gateway": name, "event_id": event.event_id, "order_id": event.order_id,
        "status": event.status, "amount": event.amount, "currency": event.currency, "outcome": guess,
        "received_at": utcnow()}, ["gateway", "event_id"])
    if not inserted:  # a replay: answer as the first delivery did
        key = {"gateway": name, "event_id": event.event_id}
        first = db.connection().execute(_FIRST_OUTCOME, key).scalar()
        db.rollback()
        return first or IGNORED
    # Both rows locked: after waiting for a lock PostgreSQL re-reads only the rows it locks, and a
    # stale charge status would let a late "expire" undo a payment or count one twice. The invoice
    # comes first in FROM, so it is locked first, as everywhere else (no lock-order deadlock).
    found = db.execute(select(Invoice, Attempt).select_from(Invoice)
                       .join(Attempt, Attempt.invoice_id == Invoice.id)
                       .where(Attempt.order_id == event.order_id, Attempt.gateway == name)
                       .with_for_update()).first()
    invoice, attempt = found if found is not None else (None, None)
    outcome, flag = _decide(event, attempt, invoice)
    if outcome != guess:
        db.execute(update(GatewayEvent).where(GatewayEvent.id == event_row_id).values(outcome=outcome))
    if flag:
        db.add(Flag(id=new_id(), reason=flag, gateway=name, event_id=event.event_id, order_id=event.order_id,
                    invoice_id=invoice.id if invoice else None, agency=invoice.agency if invoice else None,
                    details={"amount": event.amount, "currency": event.currency, "status": event.status,
                             "expected_amount": attempt.amount if attempt else None,
                             "invoice_status": invoice.status if invoice else None},
                    created_at=utcnow()))
    if outcome in (APPLIED, FLAGGED):
        _effect(name, event, attempt, invoice)
    db.commit()
    return outcome


def _decide(event: CallbackEvent, attempt: Attempt | None, invoice: Invoice | None) -> tuple[str, str | None]:
    """(outcome, flag reason or None) from the event and the locked state; no writes."""
    if attempt is None:
        return REFUSED, "unknown_order"
    if event.currency != invoice.currency:
        return REFUSED, "currency_mismatch"
    if event.amount != attempt.amount:
        return REFUSED, "amount_mismatch"
    if event.status == A_PAID:
        if attempt.status == A_PAID:
            return IGNORED, None
        if invoice.status in (OPEN, PENDING):
            return APPLIED, None
        # money arrived for an invoice that is already paid or closed: book it, an officer refunds it
        return FLAGGED, "double_payment" if invoice.status == PAID else "late_payment"
    if event.status in (A_FAILED, A_EXPIRED):
        return (APPLIED, None) if attempt.status == A_PENDING else (IGNORED, None)
    if event.status == "refunded":
        return (APPLIED, None) if attempt.status == A_PAID and invoice.status == PAID else (IGNORED, None)
    return IGNORED, None  # "pending" never moves anything, and never backwards


def _effect(name: str, event: CallbackEvent, attempt: Attempt, invoice: Invoice) -> None:
    if event.status == A_PAID and invoice.status in (OPEN, PENDING):
        settle.mark_paid(invoice, attempt)
    elif event.status == A_PAID:
        attempt.status, attempt.active_for, attempt.updated_at = A_PAID, None, utcnow()
        ledger.post(f"unapplied:{attempt.order_id}", "unapplied", invoice.id, attempt.amount,
                    debit=ledger.clearing(name), credit=ledger.SUSPENSE, gateway=name,
                    order_id=attempt.order_id)
    elif event.status in (A_FAILED, A_EXPIRED):
        invoices.end_attempt(attempt, invoice, event.status)
    elif event.status == "refunded":
        settle.mark_refunded(invoice, attempt, by=f"gateway:{name}")
