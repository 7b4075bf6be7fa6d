"""Citizen-side case operations (the service layer: permission checks and commits), plus the
views every API shares. Officer operations are in app.cases.staff."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import i18n
from app.access import citizen_id, current_principal
from app.cases import forms
from app.cases.definitions import Service, find
from app.cases.engine import AGENCY_STATES, FINAL_STATES, Actor, add_event, allowed, move
from app.cases.models import Attachment, Case, CaseCounter, CaseEvent
from app.cases.permissions import citizen_actor, citizen_case
from app.contracts.cases import CITIZEN, STANDARD_STATES, TransitionRefused
from app.db import new_id, session, single_reads, utcnow
from app.problems import Problem
from app.registry import services


def refused(error: TransitionRefused) -> Problem:
    """409 naming the transitions the caller may take from here."""
    return Problem(409, "case-transition-refused", params={"state": error.state, "target": error.target},
                   extra={"state": error.state, "target": error.target, "allowed": list(error.allowed)})


def service_or_404(module: str, code: str) -> Service:
    from app.state import is_enabled

    found = find(module, code)
    if found is None or not is_enabled(module):
        raise Problem(404, "case-service-unknown")
    return found


def next_number() -> str:
    """"SP-<year>-<6 digits>", counted per year under a row lock (no gaps, no duplicates)."""
    db = session()
    year = utcnow().year
    for _attempt in range(3):
        # FOR UPDATE is left out by SQLAlchemy where the dialect has none (SQLite)
        counter = db.scalars(select(CaseCounter).where(CaseCounter.year == year).with_for_update()
                             .execution_options(populate_existing=True)).first()
        if counter is not None:
            counter.last += 1
            db.flush()
            return f"SP-{year}-{counter.last:06d}"
        try:
            with db.begin_nested():  # the year's first case: two may race to create the row
                db.add(CaseCounter(year=year, last=0))
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a case number")


def _prefilled(service: Service, subject: uuid.UUID, actor: Actor) -> dict[str, Any]:
    """Profile values the citizen lets the module read for its declared purpose (logged by the
    consent service); 403 when none may be read."""
    from app.contracts.consent import ConsentRefused

    definition = service.definition
    if not definition.prefill:
        return {}
    try:
        values = services().get("profile").prefill(subject, list(definition.prefill), definition.purpose,
                                                   service.module, actor=actor.id)
    except ConsentRefused as error:
        raise Problem(403, "case-prefill-refused", extra={"items": list(error.items)}) from None
    return {name: value.value for name, value in values.items()}


def prefill(module: str, code: str) -> dict[str, Any]:
    principal = current_principal()
    service = service_or_404(module, code)
    _check_delegation(module)
    values = _prefilled(service, citizen_id(), citizen_actor(principal))
    session().commit()  # the data-access log entry
    return values


def _check_delegation(module: str) -> None:
    principal = current_principal()
    if principal.actor is not None and module not in (principal.delegated_modules or ()):
        raise Problem(403, "delegation-out-of-scope")


def create(module: str, code: str, form: Mapping[str, Any], *, submit: bool, use_prefill: bool) -> Case:
    principal = current_principal()
    service = service_or_404(module, code)
    _check_delegation(module)
    subject, actor = citizen_id(), citizen_actor(principal)
    values = dict(form)
    if use_prefill:  # consent first: a refusal is committed by the consent service
        values = {**_prefilled(service, subject, actor), **values}
    # checked before anything is written; a draft may be incomplete, never oversized
    values = forms.check(service.definition.form if submit else {"type": "object"}, values)
    db = session()
    case = Case(id=new_id(), number=next_number(), module=module, service=code, agency=service.agency,
                subject_id=subject, actor_id=uuid.UUID(actor.id), state="draft", form=values,
                fee=service.definition.fee)
    db.add(case)
    add_event(case, kind="transition", to_state="draft", actor=actor.id, actor_role=CITIZEN,
              on_behalf_of=actor.on_behalf_of)
    db.flush()
    if submit:
        _submit(case, service, values, actor)
    db.commit()
    return case


def _submit(case: Case, service: Service, form: Mapping[str, Any], actor: Actor) -> None:
    case.form = forms.check(service.definition.form, dict(form))
    case.submitted_at = case.submitted_at or utcnow()
    try:
        move(case, "submitted", actor)
    except TransitionRefused as error:
        raise refused(error) from None


def update_draft(case_id: uuid.UUID, form: Mapping[str, Any]) -> Case:
    case = citizen_case(case_id, lock=True)
    if case.state != "draft":
        raise Problem(409, "case-not-editable", extra={"state": case.state})
    case.form = forms.check({"type": "object"}, dict(form))
    case.updated_at = utcnow()
    session().commit()
    return case


def submit(case_id: uuid.UUID, form: Mapping[str, Any] | None) -> Case:
    """draft -> submitted (then payment_pending or in_review)."""
    case = citizen_case(case_id, lock=True)
    service = service_or_404(case.module, case.service)
    _submit(case, service, case.form if form is None else form, citizen_actor(current_principal()))
    session().commit()
    return case


def correct(case_id: uuid.UUID, form: Mapping[str, Any], comment: str) -> Case:
    """Answer a correction request: the updated form goes back to the agency."""
    case = citizen_case(case_id, lock=True)
    if case.state != "needs_correction":
        raise refused(TransitionRefused(case.state, "submitted", allowed(case, {CITIZEN})))
    service = service_or_404(case.module, case.service)
    actor = citizen_actor(current_principal())
    if comment:
        _comment(case, actor, comment, internal=False)
    _submit(case, service, form, actor)
    session().commit()
    return case


def withdraw(case_id: uuid.UUID, reason: str) -> Case:
    case = citizen_case(case_id, lock=True)
    transition(case, "withdrawn", citizen_actor(current_principal()), reason=reason)
    session().commit()
    return case


def transition(case: Case, target: str, actor: Actor, *, reason: str = "",
               roles: frozenset[str] | None = None) -> None:
    try:
        move(case, target, actor, reason=reason, roles=roles)
    except TransitionRefused as error:
        raise refused(error) from None


def _comment(case: Case, actor: Actor, body: str, *, internal: bool) -> CaseEvent:
    event = add_event(case, kind="comment", actor=actor.id, actor_role=actor.role,
                      on_behalf_of=actor.on_behalf_of, body=body, internal=internal)
    case.updated_at = utcnow()
    return event


def comment(case_id: uuid.UUID, body: str) -> dict:
    case = citizen_case(case_id, lock=True)
    if case.state in FINAL_STATES:
        raise Problem(409, "case-closed", extra={"state": case.state})
    event = _comment(case, citizen_actor(current_principal()), body, internal=False)
    session().commit()
    return event_view(event)


# Lists and views -----------------------------------------------------------------------------

def list_mine(*, state=None, module=None, service=None, page: int, per_page: int) -> tuple[list[dict], int]:
    """The caller's cases across every agency, newest first: one query for the page, one count."""
    principal = current_principal()
    conditions = [Case.subject_id == citizen_id()]
    if principal.actor is not None:  # a representative sees only the delegated modules' cases
        conditions.append(Case.module.in_(sorted(principal.delegated_modules or ())))
    for column, value in ((Case.state, state), (Case.module, module), (Case.service, service)):
        if value is not None:
            conditions.append(column == value)
    return page_of(conditions, page=page, per_page=per_page, order=(Case.created_at.desc(), Case.id))


# What a list shows: no form, no timeline (a JSON column decoded per row is the dearest part).
SUMMARY_COLUMNS = (Case.id, Case.number, Case.module, Case.service, Case.agency, Case.state, Case.fee,
                   Case.created_at, Case.updated_at, Case.submitted_at, Case.due_at, Case.escalated_at)


def page_of(conditions, *, page: int, per_page: int, order) -> tuple[list[dict], int]:
    """One page of summaries and the total, in one round trip (a window count rides on the page;
    only a page past the end needs a count of its own)."""
    with single_reads() as db:  # no transaction needed around one read (spares BEGIN and ROLLBACK)
        rows = db.execute(select(*SUMMARY_COLUMNS, func.count().over().label("total")).where(*conditions)
                          .order_by(*order).limit(per_page).offset((page - 1) * per_page)).all()
        if rows:
            total = rows[0].total
        else:
            total = 0 if page == 1 else db.scalar(select(func.count()).select_from(Case).where(*conditions))
    now = utcnow()
    return [summary(row, now) for row in rows], total


def state_label(case: Case, state: str) -> str:
    if state in STANDARD_STATES:
        return i18n.t(f"cases.state.{state}")
    found = find(case.module, case.service)
    label = found.definition.states.get(state) if found else None
    return i18n.pick(label) if label else state


def summary(case, now=None) -> dict:
    """A case (or a row of SUMMARY_COLUMNS) as lists show it."""
    found = find(case.module, case.service)
    now = now or utcnow()
    return {"id": case.id, "number": case.number, "module": case.module, "service": case.service,
            "service_title": i18n.pick(found.entry.title) if found else case.service,
            "agency": case.agency, "state": case.state, "state_label": state_label(case, case.state),
            "fee": case.fee, "created_at": case.created_at, "updated_at": case.updated_at,
            "submitted_at": case.submitted_at, "due_at": case.due_at,
            "overdue": bool(case.due_at and case.due_at < now and case.state in AGENCY_STATES),
            "escalated": case.escalated_at is not None}


def event_view(event: CaseEvent) -> dict:
    return {"id": event.id, "at": event.at, "kind": event.kind, "from_state": event.from_state,
            "to_state": event.to_state, "actor": event.actor, "actor_role": event.actor_role,
            "on_behalf_of": event.on_behalf_of, "body": event.body, "internal": event.internal}


def attachment_view(row: Attachment) -> dict:
    return {"id": row.id, "filename": row.filename, "content_type": row.content_type, "size": row.size,
            "sha256": row.sha256, "created_at": row.created_at}


def detail(case: Case, *, roles: frozenset[str], staff: bool) -> dict:
    """The case, its form, attachments and timeline (staff also see internal entries)."""
    db = session()
    events = select(CaseEvent).where(CaseEvent.case_id == case.id)
    if not staff:
        events = events.where(CaseEvent.internal.is_(False))
    timeline = db.scalars(events.order_by(CaseEvent.seq))
    attachments = db.scalars(select(Attachment).where(Attachment.case_id == case.id)
                             .order_by(Attachment.created_at))
    return {**summary(case), "form": case.form, "actor_id": case.actor_id, "subject_id": case.subject_id,
            "invoice_id": case.invoice_id, "document_id": case.document_id, "assignee_id": case.assignee_id,
            "allowed_transitions": list(allowed(case, roles)),
            "attachments": [attachment_view(row) for row in attachments],
            "timeline": [event_view(event) for event in timeline]}


def export(subject: uuid.UUID) -> list[dict] | None:
    """The citizen's cases with their forms, attachments (metadata) and visible timelines, for the
    data export (UU PDP access right)."""
    rows = list(session().scalars(select(Case).where(Case.subject_id == subject).order_by(Case.created_at)))
    return [detail(row, roles=frozenset({CITIZEN}), staff=False) for row in rows] or None
