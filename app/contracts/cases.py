"""Cases (applications): one lifecycle for every agency's services. Service: "cases" -> Cases.

A case belongs to a service (catalog entry), a subject (whom it is for), an actor (who acts:
the subject, or a representative under a delegation) and an agency. Standard lifecycle:

    draft -> submitted -> payment_pending -> in_review -> needs_correction -> approved | rejected
    approved -> issued; withdrawn (by the citizen, before a decision); pending_external (waiting
    for an agency registry, retried with back-off)

A service definition (`CaseDefinition`, attached to a module's CatalogEntry or stored as data)
adds its form schema, fee, SLA, document to issue, and extra states and transitions with the
roles allowed to take them. Every transition writes an audit entry, a timeline entry and a
notification, and publishes outbox topic "case.transitioned" (payload: case_id, service,
module, subject, actor, from_state, to_state, reason) after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
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
