"""Consent and data sharing. Service: "consent" -> Consent.

Every read of a citizen's data by a module other than its owner goes through
`authorize`, which checks consent (or a lawful basis the reading module declared)
and writes the citizen-visible data-access log. Item names:

- ``profile:<field>``                 a field of the citizen profile
- ``document:<type>`` / ``document:<id>``  a document type or one issued document
- ``<slug>:<dataset>``                a data set another module publishes
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol


@dataclass(frozen=True)
class ReadRequest:
    subject: uuid.UUID  # whose data
    module: str  # slug of the module reading
    purpose: str  # one of that module's declared purposes
    items: tuple[str, ...]  # "profile:<field>", "document:<type>" or "document:<id>", "<slug>:<dataset>"
    actor: str  # who in that module: an officer account id or "system"


class ConsentRefused(Exception):
    """No requested item may be read. The module's API answers 403 (problem+json)."""

    def __init__(self, items: tuple[str, ...], reason: str) -> None:
        super().__init__(f"{reason}: {', '.join(items)}")
        self.items = tuple(items)  # the refused items
        self.reason = reason  # "no_consent" | "undeclared" | "module_disabled" ...


class Consent(Protocol):
    def authorize(self, request: ReadRequest) -> tuple[str, ...]:
        """The allowed subset of `request.items`.

        An item is allowed when the citizen gave consent for this module and purpose
        that is neither withdrawn nor expired, or when the module declared a lawful
        basis for the purpose. Writes one data-access log entry (allowed and refused
        items, module, agency, actor, purpose, time) and an audit entry in the
        caller's transaction (the caller commits). Raises `ConsentRefused` when nothing
        is allowed; the refusal must survive the caller's rollback, so then the log is
        committed before raising: call `authorize` before writing anything of your own.
        """
        ...

    def request(
        self,
        *,
        subject: uuid.UUID,
        module: str,
        purpose: str,
        items: tuple[str, ...],
        actor: str,
        expires_in: timedelta | None = None,
    ) -> uuid.UUID:
        """Create a consent request the citizen approves or refuses in the app; its id."""
        ...
