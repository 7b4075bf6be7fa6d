"""Cases (applications): one lifecycle for every agency's services. Service: "cases" -> Cases.

A case belongs to a service (catalog entry), a subject (whom it is for), an actor (who acts:
the subject, or a representative under a delegation) and an agency. Standard lifecycle:

    draft -> submitted -> payment_pending -> in_review -> needs_correction -> approved | rejected
    approved -> issued; withdrawn (by the citizen, before a decision); pending_external (waiting
    for an agency registry, retried with back-off)

A service definition (`CaseDefinition`, attached to a module's CatalogEntry or stored as data)
adds its form schema, fee, SLA, document to issue, and extra states and transitions with the
roles allowed to take them. Every transition writes an audit entry, a timeline entry and a
notification, and publishes outbox topic "case.transitioned" (payload: case_id, number,
service, module, agency, subject, actor, from_state, to_state, reason; ids as strings) that is
delivered after commit. The standard edges and who may take them are STANDARD_TRANSITIONS:
"submitted" is left at once by the platform (to payment_pending when the service has a fee and
no invoice yet, else to in_review), and "approved" moves to "issued" once the service's
document is in the citizen's wallet.

A case in pending_external is offered back to its module with back-off: outbox topic
"case.external_retry" (payload: case_id, module, service, attempt) each time its next try is
due, until the module moves it on (Cases.transition, e.g. to in_review) or
CASES_EXTERNAL_MAX_ATTEMPTS is reached (then an officer decides).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from app.modules.descriptor import Text

STANDARD_STATES = ("draft", "submitted", "payment_pending", "in_review", "needs_correction",
                   "approved", "rejected", "issued", "withdrawn", "pending_external")


class TransitionRefused(Exception):
    """Not allowed from the case's state for this actor: the API answers 409 with `allowed`."""

    def __init__(self, state: str, target: str, allowed: tuple[str, ...]) -> None:
        super().__init__(f"{state} -> {target} is not allowed; allowed: {', '.join(allowed)}")
        self.state, self.target, self.allowed = state, target, tuple(allowed)


class CaseNotFound(LookupError):
    """No such case visible to the caller (same answer as a random id)."""


@dataclass(frozen=True)
class Transition:
    """An extra edge a service adds: `source` -> `target`, taken by holders of `roles`
    ("citizen" for the subject or their representative, "officer"/"agency_admin" for staff of
    the case's agency, "system" for the platform and the module's own code)."""

    source: str
    target: str
    roles: tuple[str, ...]


CITIZEN, OFFICER, AGENCY_ADMIN, SYSTEM = "citizen", "officer", "agency_admin", "system"
ROLES = (CITIZEN, OFFICER, AGENCY_ADMIN, SYSTEM)
_STAFF = (OFFICER, AGENCY_ADMIN)
_BEFORE_DECISION = ("draft", "submitted", "payment_pending", "in_review", "needs_correction",
                    "pending_external")

STANDARD_TRANSITIONS: tuple[Transition, ...] = (
    Transition("draft", "submitted", (CITIZEN,)),
    Transition("submitted", "payment_pending", (SYSTEM,)),
    Transition("submitted", "in_review", (SYSTEM,)),
    Transition("payment_pending", "in_review", (SYSTEM,)),  # the invoice was paid
    Transition("payment_pending", "rejected", (SYSTEM,)),  # the invoice expired or was cancelled
    Transition("in_review", "needs_correction", _STAFF),
    Transition("needs_correction", "submitted", (CITIZEN,)),  # the citizen's corrected form
    Transition("needs_correction", "rejected", _STAFF),  # never corrected
    Transition("in_review", "approved", _STAFF),
    Transition("in_review", "rejected", _STAFF),
    Transition("in_review", "pending_external", (*_STAFF, SYSTEM)),
    Transition("pending_external", "in_review", (*_STAFF, SYSTEM)),
    Transition("approved", "issued", (SYSTEM,)),
    *(Transition(state, "withdrawn", (CITIZEN,)) for state in _BEFORE_DECISION),
)


@dataclass(frozen=True)
class DocumentSpec:
    """The document issued when a case is approved (then the case moves to `issued`):
    data = the form fields named in `fields` (all when empty) plus the case number."""

    type: str
    title: Text
    valid_days: int | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseDefinition:
    form: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})  # JSON Schema
    fee: int = 0  # IDR; > 0 sends a submitted case to payment_pending with an invoice
    sla_days: int | None = None  # working days in the agency's time zone, from submission
    document: DocumentSpec | None = None
    states: Mapping[str, Text] = field(default_factory=dict)  # extra states with their labels
    transitions: tuple[Transition, ...] = ()
    prefill: tuple[str, ...] = ()  # profile fields offered through the consent service
    purpose: str = ""  # the module's declared purpose for the prefill read


@dataclass(frozen=True)
class CaseView:
    id: uuid.UUID
    number: str  # human-readable, e.g. "SP-2026-000123"
    module: str
    service: str  # catalog entry code
    agency: str
    subject: uuid.UUID
    actor: uuid.UUID
    state: str
    form: Mapping[str, Any]
    due_at: datetime | None = None  # SLA deadline (UTC), once review started
    invoice_id: uuid.UUID | None = None  # the payments invoice of a paid service
    document_id: uuid.UUID | None = None  # the document issued on approval


class Cases(Protocol):
    def get(self, case_id: uuid.UUID, *, module: str) -> CaseView:
        """A case of one of `module`'s services. CaseNotFound otherwise."""
        ...

    def transition(self, case_id: uuid.UUID, target: str, *, module: str, reason: str = "",
                   actor: str = "system") -> CaseView:
        """Move a case of `module`'s services to `target` as the "system" role (for example
        in_review -> pending_external while an agency registry answers). Joins the caller's
        transaction: commit it. TransitionRefused / CaseNotFound."""
        ...
