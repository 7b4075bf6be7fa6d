"""The "cases" service modules use (app.contracts.cases.Cases), and the payment.paid consumer."""

from __future__ import annotations

import uuid

from app.cases.engine import Actor, locked, move
from app.cases.models import Case
from app.contracts.cases import SYSTEM, CaseNotFound, CaseView
from app.db import session


def view(case: Case) -> CaseView:
    return CaseView(case.id, case.number, case.module, case.service, case.agency, case.subject_id,
                    case.actor_id, case.state, dict(case.form or {}), case.due_at, case.invoice_id,
                    case.document_id)


class CasesService:
    """Implements app.contracts.cases.Cases: a module sees and moves only its own services' cases."""

    def get(self, case_id: uuid.UUID, *, module: str) -> CaseView:
        case = session().get(Case, case_id)
        if case is None or case.module != module:
            raise CaseNotFound(str(case_id))
        return view(case)

    def transition(self, case_id: uuid.UUID, target: str, *, module: str, reason: str = "",
                   actor: str = SYSTEM) -> CaseView:
        case = locked(case_id)
        if case is None or case.module != module:
            raise CaseNotFound(str(case_id))
        move(case, target, Actor(actor or SYSTEM, SYSTEM), reason=reason)  # TransitionRefused propagates
        return view(case)


def on_payment_paid(_message_id: uuid.UUID, payload: dict) -> None:
    """payment.paid -> a payment_pending case of that invoice moves to in_review (once: the
    outbox deduplicates by message id, and a case already moved on is left alone)."""
    raw = payload.get("case_id")
    if not raw:
        return  # a standalone bill
    case = locked(uuid.UUID(str(raw)))
    if case is None or case.state != "payment_pending":
        return
    if str(case.invoice_id) != str(payload.get("invoice_id")):  # an earlier, replaced invoice
        return
    move(case, "in_review", Actor(SYSTEM, SYSTEM), reason="payment.paid")
