"""Unpaid applications: a payment_pending case whose invoice expired or was cancelled is closed
as rejected by the platform (payment_pending -> rejected, role system), found by a periodic task
that asks the payments service about invoices past their due date."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import select

from app.cases.engine import SYSTEM_ACTOR, locked, move
from app.cases.models import Case
from app.contracts.payments import CANCELLED, EXPIRED, InvoiceNotFound
from app.db import session, utcnow
from app.registry import services


def close_unpaid(limit: int = 200) -> int:
    """Reject the payment_pending cases whose invoice can no longer be paid; commits each."""
    db = session()
    cutoff = utcnow() - timedelta(days=current_app.config["CASES_INVOICE_DAYS"])
    candidates = list(db.scalars(select(Case.id).where(Case.state == "payment_pending",
                                                       Case.submitted_at < cutoff).limit(limit)))
    closed = 0
    for case_id in candidates:
        case = locked(case_id)
        if case is None or case.state != "payment_pending" or case.invoice_id is None:
            db.rollback()
            continue
        try:
            status = services().get("payments").get(case.invoice_id, module=case.module).status
        except InvoiceNotFound:
            status = None
        if status in (EXPIRED, CANCELLED):
            move(case, "rejected", SYSTEM_ACTOR, reason=f"invoice {status}")
            closed += 1
        db.commit()
    return closed


@shared_task(name="cases.close_unpaid")
def close_unpaid_task() -> int:
    return close_unpaid()
