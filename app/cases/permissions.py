"""Who the caller is to a case. A citizen is the subject, or a representative acting for the
subject under a delegation that covers the case's module; staff count only for cases of their
own agency. Anyone else gets 404, exactly as for a case that does not exist."""

from __future__ import annotations

import uuid

from app.access import Principal, citizen_id, current_principal
from app.cases.engine import Actor, locked
from app.cases.models import Case
from app.contracts.cases import AGENCY_ADMIN, CITIZEN, OFFICER
from app.db import session
from app.problems import Problem

STAFF_ROLES = frozenset({OFFICER, AGENCY_ADMIN})


def citizen_may(principal: Principal, case: Case) -> bool:
    if str(case.subject_id) != principal.subject:
        return False
    return principal.actor is None or case.module in (principal.delegated_modules or ())


def staff_roles(principal: Principal, case: Case) -> frozenset[str]:
    if principal.actor is not None or principal.agency is None or principal.agency != case.agency:
        return frozenset()
    return STAFF_ROLES & principal.roles


def citizen_actor(principal: Principal) -> Actor:
    """The account acting (the representative under a delegation) and for whom."""
    if principal.actor:
        return Actor(principal.actor, CITIZEN, on_behalf_of=citizen_id())
    return Actor(principal.subject, CITIZEN)


def staff_actor(principal: Principal, roles: frozenset[str]) -> Actor:
    return Actor(principal.subject, AGENCY_ADMIN if AGENCY_ADMIN in roles else OFFICER)


def citizen_case(case_id: uuid.UUID, *, lock: bool = False) -> Case:
    principal = current_principal()
    case = locked(case_id) if lock else session().get(Case, case_id)
    if case is None or not citizen_may(principal, case):
        raise Problem(404)
    return case


def staff_case(case_id: uuid.UUID, *, lock: bool = False) -> tuple[Case, frozenset[str]]:
    principal = current_principal()
    case = locked(case_id) if lock else session().get(Case, case_id)
    # a draft is the citizen's until filed: staff find it no more than in their queue
    roles = staff_roles(principal, case) if case is not None and case.state != "draft" else frozenset()
    if not roles:
        raise Problem(404)
    return case, roles
