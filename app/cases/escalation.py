"""Overdue cases: once past their SLA due date while the agency is to act, a case is flagged
(escalated_at), its timeline says so, the audit log records it and the agency's admins and
officers are notified. Each case is escalated once, however often the task runs."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy import select

from app.cases.definitions import states_with_the_agency
from app.cases.engine import add_event
from app.cases.models import Case
from app.db import session, utcnow
from app.registry import services


def _staff_of(agency: str) -> list:
    from auth.accounts.models import AGENCY_ADMIN, OFFICER, Account

    rows = session().scalars(select(Account).where(Account.agency_code == agency, Account.kind == "staff"))
    return [row for row in rows if row.is_active and set(row.roles or ()) & {AGENCY_ADMIN, OFFICER}]


def escalate_overdue(limit: int = 500) -> int:
    """Escalate the overdue cases not escalated yet; commits. How many were escalated."""
    db = session()
    now = utcnow()
    query = (select(Case).where(Case.due_at < now, Case.escalated_at.is_(None),
                                Case.state.in_(states_with_the_agency()))
             .order_by(Case.due_at).limit(limit).with_for_update(skip_locked=True))
    registry = services()
    staff: dict[str, list] = {}
    escalated = 0
    for case in db.scalars(query):
        case.escalated_at = now
        add_event(case, at=now, kind="escalation", actor="system", actor_role="system", internal=True,
                  body=f"due {case.due_at.isoformat()}")
        if "audit" in registry:
            registry.get("audit").record("staff", "case.escalated", actor="system",
                                         subject=str(case.subject_id),
                                         payload={"case": str(case.id), "agency": case.agency,
                                                  "module": case.module, "due_at": case.due_at.isoformat()})
        if "notifications" in registry:
            if case.agency not in staff:  # once per agency (setdefault would query for every case)
                staff[case.agency] = _staff_of(case.agency)
            for member in staff[case.agency]:
                registry.get("notifications").notify(
                    member.id, "cases.notice.escalated", {"number": case.number, "state": case.state,
                                                          "reason": "-"},
                    category="cases", module=case.module, link=f"satupintu://agency/cases/{case.id}",
                    case_id=case.id)
        escalated += 1
    db.commit()
    return escalated


@shared_task(name="cases.escalate_overdue")
def escalate_overdue_task() -> int:
    return escalate_overdue()
