"""Gateway callbacks: verify, record once, apply in order, in one short transaction.

An event is stored under (gateway, event id) with INSERT .. ON CONFLICT DO NOTHING: a replay finds
the row and answers what the first delivery answered, changing nothing. Then the charge and its
invoice are locked, so two events of one order are applied one after the other. Statuses only move forward:
"pending" after "paid" and "expired" after "paid" are recorded and ignored.

A payment is the busy path (gateways send them in bursts): its statements are built once and run
through app.db.run, the locked rows are read as plain columns, and the writes that need no
answer between them go to PostgreSQL in one round trip.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import bindparam, select, update

from app.contracts.payments import OPEN, PAID, PENDING
from app.db import new_id, run, session, utcnow
from app.payments import gateways, invoices, settle
from app.payments.gateways import CallbackEvent, GatewayError, SignatureInvalid
from app.payments.models import (
    A_EXPIRED,
    A_FAILED,
    A_PAID,
    A_PENDING,
    A_REFUNDED,
    Attempt,
    Flag,
    GatewayEvent,
    Invoice,
)
from app.payments.settle import LockedAttempt, LockedInvoice
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
        first = run(_FIRST_OUTCOME, key)
        db.rollback()
        return first[0][0] if first else IGNORED
    invoice, attempt = _lock(name, event)
    outcome, flag = _decide(event, attempt, invoice)
    if outcome != guess:
        run(_SET_OUTCOME, {"row_id": event_row_id, "outcome": outcome})
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


_SET_OUTCOME = update(GatewayEvent).where(GatewayEvent.id == bindparam("row_id")).values(
    outcome=bindparam("outcome"))
# Both rows locked: after waiting for a lock PostgreSQL re-reads only the rows it locks, and a
# stale charge status would let a late "expire" undo a payment or count one twice. The invoice
# comes first in FROM, so it is locked first, as everywhere else (no lock-order deadlock).
_LOCKED_ORM = (select(Invoice, Attempt).select_from(Invoice).join(Attempt, Attempt.invoice_id == Invoice.id)
               .where(Attempt.order_id == bindparam("order_id"), Attempt.gateway == bindparam("gateway"))
               .with_for_update())
_LOCKED_ROW = (select(*settle.locked_columns()).select_from(Invoice)
               .join(Attempt, Attempt.invoice_id == Invoice.id)
               .where(Attempt.order_id == bindparam("order_id"), Attempt.gateway == bindparam("gateway"))
               .with_for_update())


def _lock(name: str, event: CallbackEvent) -> tuple[Invoice | LockedInvoice | None,
                                                    Attempt | LockedAttempt | None]:
    """(invoice, attempt) of the event's charge, both rows locked, or (None, None). An event that
    ends or refunds a charge is applied by the ORM helpers it shares with the expiry sweep and
    staff refunds, so it loads ORM objects; a payment (the busy path: one per invoice) or a
    pending event reads only the columns it needs, and settle.mark_paid writes with statements."""
    key = {"order_id": event.order_id, "gateway": name}
    if event.status in (A_FAILED, A_EXPIRED, A_REFUNDED):
        found = session().execute(_LOCKED_ORM, key).first()
        return tuple(found) if found is not None else (None, None)
    rows = run(_LOCKED_ROW, key)
    return settle.locked_pair(rows[0]) if rows else (None, None)


def _decide(event: CallbackEvent, attempt: Attempt | LockedAttempt | None,
            invoice: Invoice | LockedInvoice | None) -> tuple[str, str | None]:
    """(outcome, flag reason or None) from the event and the locked state; no writes."""
    if attempt is None:
        return REFUSED, "unknown_order"
    if event.currency != invoice.currency:
        return REFUSED, "currency_mismatch"
    if event.amount != attempt.amount:
        return REFUSED, "amount_mismatch"
    if event.status == A_PAID:
        if attempt.status in (A_PAID, A_REFUNDED):  # the same money again (refunded since, maybe)
            return IGNORED, None
        if invoice.status in (OPEN, PENDING):
            return APPLIED, None
        # money arrived for an invoice that is already paid or closed: book it, an officer refunds it
        return FLAGGED, "double_payment" if invoice.status == PAID else "late_payment"
    if event.status in (A_FAILED, A_EXPIRED):
        return (APPLIED, None) if attempt.status == A_PENDING else (IGNORED, None)
    if event.status == A_REFUNDED:  # of the invoice's payment, or of money held in suspense (_effect)
        return (APPLIED, None) if attempt.status == A_PAID else (IGNORED, None)
    return IGNORED, None  # "pending" never moves anything, and never backwards


def _effect(name: str, event: CallbackEvent, attempt: Attempt | LockedAttempt,
            invoice: Invoice | LockedInvoice) -> None:
    if event.status == A_PAID and invoice.status in (OPEN, PENDING):
        settle.mark_paid(invoice, attempt)
    elif event.status == A_PAID:
        settle.book_unapplied(invoice, attempt)
    elif event.status in (A_FAILED, A_EXPIRED):
        invoices.end_attempt(attempt, invoice, event.status)
    elif event.status == A_REFUNDED:
        paid_by = settle.paying_attempt(invoice)
        if paid_by is not None and paid_by.id == attempt.id:
            settle.mark_refunded(invoice, attempt, by=f"gateway:{name}")
        else:  # money held in suspense (a double or late payment)
            settle.refund_unapplied(invoice, attempt, by=f"gateway:{name}")
