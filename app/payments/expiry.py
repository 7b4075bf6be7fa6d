"""The periodic sweep: invoices past their due date expire (receivable voided), charges past their
own expiry end (the invoice is open again), and idempotency keys past their TTL go."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy import select

from app.contracts.payments import EXPIRED, OPEN, PENDING
from app.db import session, utcnow
from app.payments import idempotency, invoices
from app.payments.models import A_EXPIRED, A_PENDING, Attempt, Invoice

BATCH = 500


def expire_due(batch: int = BATCH) -> dict[str, int]:
    db = session()
    now = utcnow()
    # SKIP LOCKED (PostgreSQL): an invoice being paid right now is left for the next sweep
    due = list(db.scalars(select(Invoice).where(Invoice.status.in_((OPEN, PENDING)), Invoice.due_at <= now)
                          .order_by(Invoice.due_at).limit(batch).with_for_update(skip_locked=True)))
    for invoice in due:
        invoices.close(invoice, EXPIRED)
    lapsed = db.execute(select(Attempt, Invoice).select_from(Invoice)  # invoice locked first
                        .join(Attempt, Attempt.invoice_id == Invoice.id)
                        .where(Attempt.active_for.is_not(None), Attempt.status == A_PENDING,
                               Attempt.expires_at <= now)
                        .limit(batch).with_for_update(skip_locked=True)).all()  # both rows: fresh
    for attempt, invoice in lapsed:
        invoices.end_attempt(attempt, invoice, A_EXPIRED)
    purged = idempotency.purge_expired()
    db.commit()
    return {"invoices": len(due), "attempts": len(lapsed), "idempotency_keys": purged}


@shared_task(name="payments.expire_due")
def expire_due_task() -> dict[str, int]:
    return expire_due()
