"""The lifecycle engine: who may move a case where, and what every move writes.

`move` is the one place a case changes state. It runs in the caller's transaction on a case
loaded with `locked` (SELECT ... FOR UPDATE on PostgreSQL), so two concurrent transitions of
one case are serialised and the second sees the first's state. Every move writes a timeline
entry, an audit entry, a notification and the outbox message "case.transitioned", and sends
the after-commit signal `case_transitioned`.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from app.cases.definitions import Service, find
from app.cases.models import Case, CaseEvent
from app.contracts.cases import SYSTEM, TransitionRefused
from app.db import session, utcnow
from app.events import send_after_commit, signals
from app.registry import services

case_transitioned = signals.signal("case.transitioned", doc=(
    "A case changed state (sent after commit). Payload: case_id, number, service, module, agency, "
    "subject, actor (str ids), from_state, to_state, reason."))

FINAL_STATES = frozenset({"issued", "rejected", "withdrawn"})


@dataclass(frozen=True)
class Actor:
    """Who moves a case: an account id (or "system"), the role it acts in, and the subject it
    acts for when it is a representative under a delegation."""

    id: str
    role: str
    on_behalf_of: uuid.UUID | None = None


SYSTEM_ACTOR = Actor(SYSTEM, SYSTEM)


def add_event(case: Case, **fields) -> CaseEvent:
    """A timeline entry numbered after the case's last one (the case row is locked or new)."""
    case.events = (case.events or 0) + 1
    event = CaseEvent(case_id=case.id, seq=case.events, **fields)
    session().add(event)
    return event


def locked(case_id: uuid.UUID) -> Case | None:
    """The case, row-locked until the transaction ends (PostgreSQL), and fresh from the database."""
    # FOR UPDATE is left out by SQLAlchemy where the dialect has none (SQLite)
    return session().scalars(select(Case).where(Case.id == case_id).with_for_update()
                             .execution_options(populate_existing=True)).first()


def service_of(case: Case) -> Service:
    found = find(case.module, case.service)
    if found is None:  # the module was uninstalled: its cases stay readable, never movable
        raise LookupError(f"no case definition for {case.module}/{case.service}")
    return found


def allowed(case: Case, roles: frozenset[str] | set[str]) -> tuple[str, ...]:
    """Targets the holder of `roles` may move `case` to from its current state."""
    try:
        edges = service_of(case).transitions
    except LookupError:
        return ()
    targets = [edge.target for edge in edges if edge.source == case.state and set(edge.roles) & set(roles)]
    return tuple(dict.fromkeys(targets))


def move(case: Case, target: str, actor: Actor, *, reason: str = "",
         roles: frozenset[str] | None = None) -> None:
    """Move `case` (loaded with `locked`) to `target`, or raise TransitionRefused listing the
    targets `actor` may choose. `roles`: every role the actor holds on this case (default: its
    acting role); the edge taken is recorded under `actor.role`."""
    holder = roles or frozenset({actor.role})
    options = allowed(case, holder)
    if target not in options:
        raise TransitionRefused(case.state, target, options)
    previous, now = case.state, utcnow()
    case.state = target
    case.updated_at = now
    if target in ("approved", "rejected") and case.decided_at is None:
        case.decided_at = now
    if target == "in_review" and case.due_at is None:
        _start_clock(case, now)
    add_event(case, kind="transition", from_state=previous, to_state=target, actor=actor.id,
              actor_role=actor.role, on_behalf_of=actor.on_behalf_of, body=reason[:2000])
    session().flush()
    _record(case, previous, target, actor, reason)
    _follow_up(case, previous, target)


def _start_clock(case: Case, now) -> None:
    """The SLA runs from when the application is complete: submitted, and paid when there is a
    fee (a citizen taking a week to pay does not eat the agency's days)."""
    from app.cases.sla import agency_zone, due_date

    days = service_of(case).definition.sla_days
    if days:
        case.due_at = due_date(now, days, agency_zone(case.agency))


def _record(case: Case, previous: str, target: str, actor: Actor, reason: str) -> None:
    from app.outbox import publish

    payload = {"case_id": str(case.id), "number": case.number, "service": case.service, "module": case.module,
               "agency": case.agency, "subject": str(case.subject_id), "actor": actor.id,
               "from_state": previous, "to_state": target, "reason": reason[:2000]}
    registry = services()
    if "audit" in registry:
        registry.get("audit").record("staff", "case.transitioned", actor=actor.id,
                                     subject=str(case.subject_id),
                                     payload={"case": str(case.id), "module": case.module,
                                              "service": case.service, "agency": case.agency,
                                              "from": previous, "to": target, "role": actor.role,
                                              "on_behalf_of": str(actor.on_behalf_of) if actor.on_behalf_of
                                              else None})
    if "notifications" in registry:
        from app.cases.notices import notice

        template, params = notice(case, target, reason)
        registry.get("notifications").notify(case.subject_id, template, params, category="cases",
                                             module=case.module, link=f"satupintu://cases/{case.id}",
                                             case_id=case.id)
    publish("case.transitioned", payload)
    send_after_commit(case_transitioned, **payload)


def _follow_up(case: Case, previous: str, target: str) -> None:
    """The platform's own next step after some states."""
    if target == "submitted":
        if case.fee > 0 and case.invoice_id is None:
            _invoice(case)
            move(case, "payment_pending", SYSTEM_ACTOR)
        else:
            move(case, "in_review", SYSTEM_ACTOR)
    elif target == "withdrawn" and previous == "payment_pending" and case.invoice_id is not None:
        _cancel_invoice(case)
    elif target == "pending_external":
        from app.cases.external import schedule_first_try

        schedule_first_try(case)
    elif target == "approved" and (service := service_of(case)).definition.document is not None:
        from app.cases.issuing import issue_document

        case.document_id = issue_document(case, service)
        move(case, "issued", SYSTEM_ACTOR)


def _cancel_invoice(case: Case) -> None:
    """A withdrawn application is not to be paid. When a payment already started the invoice
    stays (payments settles or expires it; a late payment.paid leaves the case alone)."""
    with contextlib.suppress(ValueError, LookupError):
        services().get("payments").cancel(case.invoice_id, module=case.module)


def _invoice(case: Case) -> None:
    from datetime import timedelta

    from flask import current_app

    from app import i18n
    from app.contracts.payments import InvoiceItem

    title = i18n.pick(service_of(case).entry.title, "id")
    due = utcnow() + timedelta(days=current_app.config["CASES_INVOICE_DAYS"])
    ref = services().get("payments").create_invoice(
        case.subject_id, [InvoiceItem(f"{title} ({case.number})", case.fee)], module=case.module,
        agency=case.agency, due_at=due, case_id=case.id, reference=case.number)
    case.invoice_id = ref.id
