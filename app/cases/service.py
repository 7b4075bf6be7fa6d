"""Citizen-side case operations (the service layer: permission checks and commits), plus the
views every API shares. Officer operations are in app.cases.staff."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from json.encoder import encode_basestring_ascii as quote_json
from typing import Any

from sqlalchemy import Select, bindparam, false, func, select
from sqlalchemy.exc import IntegrityError

from app import i18n
from app.access import citizen_id, current_principal
from app.cases import forms
from app.cases.definitions import Service, find, states_with_the_agency
from app.cases.engine import FINAL_STATES, Actor, add_event, allowed, move
from app.cases.models import Attachment, Case, CaseCounter, CaseEvent
from app.cases.permissions import citizen_actor, citizen_case
from app.changes import cache
from app.contracts.cases import CITIZEN, STANDARD_STATES, TransitionRefused
from app.db import new_id, read_rows, session, single_reads, utcnow
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

_CASE = Case.__table__.c  # table columns: Core statements, no ORM compile or loading step
# What a list shows: no form, no timeline (a JSON column decoded per row is the dearest part).
SUMMARY_COLUMNS = (_CASE.id, _CASE.number, _CASE.module, _CASE.service, _CASE.agency, _CASE.state, _CASE.fee,
                   _CASE.created_at, _CASE.updated_at, _CASE.submitted_at, _CASE.due_at, _CASE.escalated_at)
_FILTERS = ("state", "module", "service")


def list_mine(*, state=None, module=None, service=None, page: int, per_page: int) -> tuple[str, int]:
    """The caller's cases across every agency, newest first, and their total: one query (read
    outside a transaction), whose statement is built once per shape of filters. A citizen's own
    list is their app's home screen: its pages are remembered per process until a notice says
    one of their cases changed (app.changes; `cases:<subject>`, migration core 0015), or until
    a listed case falls overdue."""
    principal = current_principal()
    subject = citizen_id()
    values = {"subject": subject, "state": state, "module": module, "service": service,
              "limit": per_page, "offset": (page - 1) * per_page}
    if principal.actor is not None:  # a representative sees only the delegated modules' cases
        modules = sorted(principal.delegated_modules or ())
        values.update((f"delegated_{n}", slug) for n, slug in enumerate(modules))
        return _read_mine(values, page, len(modules))[:2]
    key = (subject, state, module, service, page, per_page, i18n.current_locale())
    pages = cache("case_pages", size=2048)  # a page is a few kB: at most about 10 MB per process
    found = pages.remember(key, (f"cases:{subject}",), lambda: _read_mine(values, page, None),
                           lasts=lambda found: found[2])
    return found[:2]


def _read_mine(values: dict, page: int, delegated: int | None) -> tuple[str, int, float | None]:
    """(items as JSON, total, seconds until a listed case falls overdue or None)."""
    shape = (*(values[name] is not None for name in _FILTERS), delegated)
    values = {name: value for name, value in values.items() if value is not None}
    rows = read_rows(_mine_page(*shape), values)
    total = _total(rows, page, lambda: read_rows(_mine_count(*shape), values)[0].total)
    return summaries_json(rows), total, _until_one_falls_overdue(rows)


def _until_one_falls_overdue(rows) -> float | None:
    """Seconds until the first listed case not overdue yet becomes so (`overdue` is shown)."""
    now, running = utcnow(), states_with_the_agency()
    upcoming = [row.due_at for row in rows if row.due_at and row.due_at >= now and row.state in running]
    return (min(upcoming) - now).total_seconds() if upcoming else None


def _total(rows, page: int, count) -> int:
    """The total riding on the page's rows; only a page past the end has to `count()` apart."""
    if rows:
        return rows[0].total
    return 0 if page == 1 else count()


def _mine_where(state: bool, module: bool, service: bool, delegated: int | None) -> list:
    conditions = [_CASE.subject_id == bindparam("subject")]
    conditions += [_CASE[name] == bindparam(name) for name, given in zip(_FILTERS, (state, module, service),
                                                                           strict=True) if given]
    if delegated is not None:  # one bound value per module (read_rows binds no lists)
        conditions.append(_CASE.module.in_([bindparam(f"delegated_{n}") for n in range(delegated)])
                          if delegated else false())
    return conditions


@functools.lru_cache(maxsize=128)  # shapes: 8 filter combinations x the delegated module counts
def _mine_page(*shape) -> Select:
    return (_summaries_with_total(_mine_where(*shape)).order_by(_CASE.created_at.desc(), _CASE.id)
            .limit(bindparam("limit")).offset(bindparam("offset")))


@functools.lru_cache(maxsize=128)
def _mine_count(*shape) -> Select:
    return _count(_mine_where(*shape))


def _count(conditions) -> Select:
    return select(func.count().label("total")).select_from(Case.__table__).where(*conditions)


def _summaries_with_total(conditions) -> Select:
    """SUMMARY_COLUMNS and, on every row, the total: a subquery run once (a window count would
    read every matching row in full before the first; this way the page reads only the rows up
    to its end and the count needs only the index). Not correlated: it counts on its own."""
    total = _count(conditions).correlate(None).scalar_subquery()
    return select(*SUMMARY_COLUMNS, total.label("total")).where(*conditions)


def page_of(conditions, *, page: int, per_page: int, order) -> tuple[str, int]:
    """One page of summaries and the total, in one round trip (only a page past the end needs
    a count of its own)."""
    with single_reads() as db:  # no transaction needed around one read (spares BEGIN and ROLLBACK)
        rows = db.execute(_summaries_with_total(conditions).order_by(*order).limit(per_page)
                          .offset((page - 1) * per_page)).all()
        total = _total(rows, page, lambda: db.scalar(_count(conditions)))
    return summaries_json(rows), total


def _labels(case, locale: str) -> tuple[str, str]:
    """The case's service title and state label, in `locale`."""
    found = find(case.module, case.service)
    title = i18n.pick(found.entry.title, locale) if found else case.service
    if case.state in STANDARD_STATES:
        return title, i18n.t(f"cases.state.{case.state}", locale)
    label = found.definition.states.get(case.state) if found else None  # the service's own states
    return title, i18n.pick(label, locale) if label else case.state


def summary(case: Case) -> dict:
    """A case as lists show it, in plain values (ids and times as objects) for a schema to dump."""
    now = utcnow()
    service_title, label = _labels(case, i18n.current_locale())
    return {"id": case.id, "number": case.number, "module": case.module, "service": case.service,
            "service_title": service_title, "agency": case.agency, "state": case.state, "state_label": label,
            "fee": case.fee, "created_at": case.created_at, "updated_at": case.updated_at,
            "submitted_at": case.submitted_at, "due_at": case.due_at, "overdue": _overdue(case, now),
            "escalated": case.escalated_at is not None}


def _overdue(case, now) -> bool:
    return bool(case.due_at and case.due_at < now and case.state in states_with_the_agency())


def summaries_json(rows) -> str:
    """Rows of SUMMARY_COLUMNS as a JSON array of what `summary` shows, to the byte as CasePage
    dumps it (a test holds them equal). Lists are hot (the app's "my applications" screen), so
    this is put together from fragments rather than dicts and an encoder: the members a service,
    agency and state decide (title and label in the locale) are encoded once per call; each row
    adds its own values (ids and ISO times need no escaping, the number gets JSON's own)."""
    locale, now = i18n.current_locale(), utcnow()
    shared: dict[tuple[str, str, str, str], str] = {}
    items = []
    for row in rows:
        key = (row.module, row.service, row.agency, row.state)
        block = shared.get(key)
        if block is None:
            block = shared[key] = _shared_members(row, locale)
        overdue, escalated = _JSON_BOOL[_overdue(row, now)], _JSON_BOOL[row.escalated_at is not None]
        items.append(
            f'{{"id":"{row.id}","number":{quote_json(row.number)},{block},"fee":{row.fee:d},'
            f'"created_at":"{row.created_at.isoformat()}","updated_at":"{row.updated_at.isoformat()}",'
            f'"submitted_at":{_iso_json(row.submitted_at)},"due_at":{_iso_json(row.due_at)},'
            f'"overdue":{overdue},"escalated":{escalated}}}')
    return f"[{','.join(items)}]"


_JSON_BOOL = {True: "true", False: "false"}


def _shared_members(row, locale: str) -> str:
    """From "module" to "state_label", as members of an object (without its braces)."""
    title, label = _labels(row, locale)
    members = {"module": row.module, "service": row.service, "service_title": title, "agency": row.agency,
               "state": row.state, "state_label": label}
    return json.dumps(members, separators=(",", ":"))[1:-1]


def _iso_json(moment: datetime | None) -> str:
    return "null" if moment is None else f'"{moment.isoformat()}"'


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
            "invoice_id": case.invoice_id, "document_id": case.document_id,
            "assignee_id": case.assignee_id if staff else None,  # the claim is the agency's (internal)
            "allowed_transitions": list(allowed(case, roles)),
            "attachments": [attachment_view(row) for row in attachments],
            "timeline": [event_view(event) for event in timeline]}


def export(subject: uuid.UUID) -> list[dict] | None:
    """The citizen's cases with their forms, attachments (metadata) and visible timelines, for the
    data export (UU PDP access right)."""
    rows = list(session().scalars(select(Case).where(Case.subject_id == subject).order_by(Case.created_at)))
    return [detail(row, roles=frozenset({CITIZEN}), staff=False) for row in rows] or None
