"""Unpaid applications: a payment_pending case whose invoice expired or was cancelled is closed
as rejected by the platform (payment_pending -> rejected, role system), found by a periodic task
that asks the payments service about invoices past their due date."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import select, tuple_

from app.cases.engine import SYSTEM_ACTOR, locked, move
from app.cases.models import Case
from app.contracts.payments import CANCELLED, EXPIRED, InvoiceNotFound
from app.db import session, utcnow
from app.registry import services


def close_unpaid(batch: int = 200) -> int:
    """Reject the payment_pending cases whose invoice can no longer be paid; commits each. Every
    candidate is looked at, `batch` at a time in submission order (cases still payable stay
    candidates for as long as they wait, and must not hide the ones behind them)."""
    db = session()
    cutoff = utcnow() - timedelta(days=current_app.config["CASES_INVOICE_DAYS"])
    query = (select(Case.submitted_at, Case.id)
             .where(Case.state == "payment_pending", Case.submitted_at < cutoff)
             .order_by(Case.submitted_at, Case.id).limit(batch))
    closed, after = 0, None
    while True:
        page = query if after is None else query.where(tuple_(Case.submitted_at, Case.id) > after)
        candidates = db.execute(page).all()
        closed += sum(_close_if_unpayable(case_id) for _submitted, case_id in candidates)
        if len(candidates) < batch:
            return closed
        after = tuple(candidates[-1])


def _close_if_unpayable(case_id) -> bool:
    db = session()
    case = locked(case_id)
    if case is None or case.state != "payment_pending" or case.invoice_id is None:
        db.rollback()
        return False
    try:
        status = services().get("payments").get(case.invoice_id, module=case.module).status
    except InvoiceNotFound:
        status = None
    closing = status in (EXPIRED, CANCELLED)
    if closing:
        move(case, "rejected", SYSTEM_ACTOR, reason=f"invoice {status}")
    db.commit()
    return closing


@shared_task(name="cases.close_unpaid")
def close_unpaid_task() -> int:
    return close_unpaid()
