"""Starting a payment: exactly one live charge per invoice, whatever the concurrency.

The first statement of the transaction is an UPDATE of the invoice row, which takes its row lock
(PostgreSQL) or the database write lock (SQLite) until commit: a second attempt waits, then finds
the first one live and answers 409. The unique `active_for` column backs this up.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app

from app.contracts.payments import EXPIRED, PENDING
from app.db import new_id, session, utcnow
from app.payments import gateways, invoices
from app.payments.gateways import ChargeRequest, GatewayError
from app.payments.models import A_EXPIRED, A_PENDING, Attempt, Invoice
from app.problems import Problem


def lock_own_invoice(subject: uuid.UUID, invoice_id: uuid.UUID, modules: frozenset[str] | None) -> Invoice:
    conditions = [Invoice.subject_id == subject]
    if modules is not None:
        conditions.append(Invoice.module.in_(sorted(modules)))
    return invoices.lock(invoice_id, *conditions)


def start_payment(subject: uuid.UUID, invoice_id: uuid.UUID, *, method: str, gateway: str | None,
                  actor: uuid.UUID | None, modules: frozenset[str] | None = None) -> dict:
    """Charge the citizen's invoice at a gateway; `modules` limits a representative (delegation)."""
    db = session()
    invoice = lock_own_invoice(subject, invoice_id, modules)
    now = utcnow()
    if invoice.status in invoices.PAYABLE and invoice.due_at <= now:
        invoices.close(invoice, EXPIRED)
        db.commit()
    if invoice.status not in invoices.PAYABLE:
        raise Problem(409, "invoice-not-payable", params={"status": invoice.status})
    live = invoices.active_attempt(invoice)
    if live is not None:
        if live.expires_at > now:
            raise Problem(409, "payment-in-progress", extra={"payment": str(live.id)})
        live.status, live.active_for, live.updated_at = A_EXPIRED, None, now
        db.flush()
    name = gateway or gateways.enabled()[0]
    adapter = gateways.get(name)
    if adapter is None:
        raise Problem(422, errors={"gateway": ["payments.error.unknown_gateway"]})
    ttl = current_app.config["PAYMENTS_QRIS_TTL" if method == "qris" else "PAYMENTS_VA_TTL"]
    expires_at = min(now + timedelta(seconds=ttl), invoice.due_at)
    attempt = Attempt(id=new_id(), invoice_id=invoice.id, active_for=invoice.id,
                      order_id="SP-" + str(uuid.uuid4()).upper()[:23], gateway=name, method=method,
                      amount=invoice.amount, status=A_PENDING, actor_id=actor, instructions={},
                      expires_at=expires_at, created_at=now, updated_at=now)
    db.add(attempt)
    db.flush()  # the unique active_for: a second live attempt cannot exist even if the lock did not hold
    try:
        result = adapter.charge(ChargeRequest(order_id=attempt.order_id, amount=attempt.amount, method=method,
                                              expires_in=int((expires_at - now).total_seconds()),
                                              description=invoice.number))
    except GatewayError as error:
        db.rollback()
        current_app.logger.warning("payments: charge at %s failed: %s", name, error)
        raise Problem(502, "gateway-unavailable") from None
    attempt.gateway_ref, attempt.instructions = result.gateway_ref[:100], dict(result.instructions)
    invoice.status, invoice.updated_at = PENDING, now
    db.commit()
    return invoices.attempt_view(attempt)
