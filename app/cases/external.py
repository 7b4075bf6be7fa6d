"""pending_external: the case waits for an agency registry. Its module is offered the case again
with exponential back-off (outbox topic "case.external_retry"; payload case_id, module, service,
attempt) until it moves the case on or CASES_EXTERNAL_MAX_ATTEMPTS is reached."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import select

from app.cases.engine import add_event
from app.cases.models import Case
from app.db import session, utcnow


def delay(attempts: int) -> timedelta:
    config = current_app.config
    seconds = config["CASES_EXTERNAL_RETRY_BASE_SECONDS"] * 2 ** attempts
    return timedelta(seconds=min(seconds, config["CASES_EXTERNAL_RETRY_MAX_SECONDS"]))


def schedule_first_try(case: Case) -> None:
    case.external_attempts = 0
    case.external_next_try = utcnow() + delay(0)


def retry_due(limit: int = 200) -> int:
    """Offer every due pending_external case to its module once; commits. How many were offered."""
    from app.outbox import publish

    db = session()
    now = utcnow()
    query = (select(Case).where(Case.state == "pending_external", Case.external_next_try <= now)
             .order_by(Case.external_next_try).limit(limit)
             .with_for_update(skip_locked=True))  # two beat runs never offer a case twice
    offered = 0
    for case in db.scalars(query):
        case.external_attempts += 1
        if case.external_attempts >= current_app.config["CASES_EXTERNAL_MAX_ATTEMPTS"]:
            case.external_next_try = None  # an officer decides from here (pending_external -> in_review)
            add_event(case, kind="external", actor="system", actor_role="system", body="gave_up",
                      internal=True)
        else:
            case.external_next_try = now + delay(case.external_attempts)
        publish("case.external_retry", {"case_id": str(case.id), "module": case.module,
                                        "service": case.service, "attempt": case.external_attempts})
        offered += 1
    db.commit()
    return offered


@shared_task(name="cases.retry_external")
def retry_external_task() -> int:
    return retry_due()
