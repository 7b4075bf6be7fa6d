"""Officer-side case operations: the agency's queue, claiming, transitions, corrections and
comments. Only staff of the case's agency see a case at all (anyone else: 404)."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.access import current_principal
from app.cases.definitions import states_with_the_agency
from app.cases.engine import FINAL_STATES, add_event
from app.cases.models import Case
from app.cases.permissions import staff_actor, staff_case
from app.cases.service import _comment, detail, event_view, page_of, transition
from app.db import session, utcnow
from app.problems import Problem

REASON_REQUIRED = frozenset({"needs_correction", "rejected"})


def queue(*, state=None, module=None, service=None, overdue=None, due_before: datetime | None = None,
          mine: bool = False, page: int, per_page: int) -> tuple[list[dict], int]:
    """The caller's agency's cases, soonest due first (cases without a due date last)."""
    principal = current_principal()
    if principal.agency is None:
        raise Problem(403)
    conditions = [Case.agency == principal.agency, Case.state != "draft"]  # drafts are the citizen's
    for column, value in ((Case.state, state), (Case.module, module), (Case.service, service)):
        if value is not None:
            conditions.append(column == value)
    now = utcnow()
    running = states_with_the_agency()
    if overdue is True:
        conditions += [Case.due_at < now, Case.state.in_(running)]
    elif overdue is False:
        conditions.append((Case.due_at.is_(None)) | (Case.due_at >= now) | Case.state.not_in(running))
    if due_before is not None:
        conditions.append(Case.due_at < due_before)
    if mine:
        conditions.append(Case.assignee_id == uuid.UUID(principal.subject))
    return page_of(conditions, page=page, per_page=per_page,
                   order=(Case.due_at.is_(None), Case.due_at, Case.created_at, Case.id))


def read(case_id: uuid.UUID) -> dict:
    case, roles = staff_case(case_id)
    return detail(case, roles=roles, staff=True)


def claim(case_id: uuid.UUID) -> dict:
    """Take a case: it becomes the caller's (an agency admin may take it over from anyone)."""
    principal = current_principal()
    case, roles = staff_case(case_id, lock=True)
    me = uuid.UUID(principal.subject)
    if case.assignee_id not in (None, me) and "agency_admin" not in roles:
        raise Problem(409, "case-claimed", extra={"assignee_id": str(case.assignee_id)})
    if case.assignee_id != me:
        actor = staff_actor(principal, roles)
        case.assignee_id, case.updated_at = me, utcnow()
        add_event(case, kind="claim", actor=actor.id, actor_role=actor.role, internal=True)
    session().commit()
    return detail(case, roles=roles, staff=True)


def move(case_id: uuid.UUID, target: str, reason: str) -> dict:
    principal = current_principal()
    case, roles = staff_case(case_id, lock=True)
    if target in REASON_REQUIRED and not reason.strip():
        from app import i18n

        raise Problem(422, errors={"reason": [i18n.t("cases.reason_required")]})
    transition(case, target, staff_actor(principal, roles), reason=reason, roles=roles)
    session().commit()
    return detail(case, roles=roles, staff=True)


def comment(case_id: uuid.UUID, body: str, *, internal: bool) -> dict:
    principal = current_principal()
    case, roles = staff_case(case_id, lock=True)
    if not internal and case.state in FINAL_STATES:  # the conversation ends with the case; notes do not
        raise Problem(409, "case-closed", extra={"state": case.state})
    event = _comment(case, staff_actor(principal, roles), body, internal=internal)
    if not internal:
        _notify_comment(case)
    session().commit()
    return event_view(event)


def _notify_comment(case: Case) -> None:
    from app.registry import services

    if "notifications" in services():
        services().get("notifications").notify(
            case.subject_id, "cases.notice.comment", {"number": case.number}, category="cases",
            module=case.module, link=f"satupintu://cases/{case.id}", case_id=case.id)
