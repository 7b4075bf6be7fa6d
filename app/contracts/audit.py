"""Tamper-evident audit log. Service: "audit" -> Audit.

Entries are appended to named chains; each entry carries its chain's sequence number and
the hash of the chain's previous entry, so editing, deleting or reordering a stored entry
breaks the chain at that point. Chains:

- ``auth``                 sign-in successes, failures and lockouts
- ``admin``                platform and account administration (module switch, suspension, clients)
- ``staff``                actions officers take in modules (a module records its own)
- ``consent``              consent requests, approvals, refusals, withdrawals
- ``data-access.<slug>``   cross-module reads, one chain per reading module (written by consent)

Payloads are minimal: plain values, never a NIK, a password, a token or a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

CHAINS = ("auth", "admin", "staff", "consent")
DATA_ACCESS_CHAIN = "data-access"  # + "." + the reading module's slug

PayloadValue = str | int | bool | None | list[str]


@dataclass(frozen=True)
class ChainReport:
    chain: str
    entries: int  # entries checked (up to the first broken link)
    broken_at: int | None = None  # sequence number of the first broken link
    problem: str | None = None  # "missing" | "sequence" | "previous_hash" | "hash" | "head"

    @property
    def ok(self) -> bool:
        return self.broken_at is None


class Audit(Protocol):
    def record(self, chain: str, action: str, *, actor: str, subject: str | None = None,
               payload: Mapping[str, PayloadValue] | None = None) -> int:
        """Append an entry in the caller's transaction (which commits it); its sequence number.

        `actor` is who acted (account id, client id, "system", "cli"); `subject` whose data or
        account it concerns. Appends to one chain are serialised until the caller commits.
        Raises ValueError for an unknown chain or a payload that is not minimal.
        """
        ...

    def verify(self, chain: str | None = None) -> list[ChainReport]:
        """Check one chain, or every chain; each report names the first broken link."""
        ...
