"""The citizen profile, entered once and reused. Service: "profile" -> Profile.

Fields (values are JSON-shaped: dates as "YYYY-MM-DD"):

- ``full_name``, ``birth_place``, ``birth_date``, ``sex`` ("M" | "F")
- ``address``: {province_code, regency_code, district_code, village_code, street, rt, rw,
  postal_code} (Kemendagri region codes "32", "32.73", "32.73.05", "32.73.05.1001")
- ``family_card_number`` (KK, 16 digits)
- ``household``: [{account_id (a linked citizen account) or null, name, relationship, birth_date}]
- ``phone`` (E.164), ``email``

Each field carries its source ("self", "registry:<name>" or "document:<id>") and when it was
verified (None: not verified). Modules subscribe to the after-commit signal
``app.sdk.signals.signal(PROFILE_CHANGED)``; its payload is ``subject`` (account id, str),
``fields`` (names of the changed fields, never their values) and ``version`` (int).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

PROFILE_CHANGED = "profile.changed"

FIELDS = ("full_name", "birth_place", "birth_date", "sex", "address", "family_card_number",
          "household", "phone", "email")


@dataclass(frozen=True)
class FieldValue:
    value: Any
    source: str  # "self" | "registry:<name>" | "document:<id>"
    verified_at: datetime | None


class Profile(Protocol):
    def prefill(self, subject: uuid.UUID, fields: Sequence[str], purpose: str, module: str,
                actor: str = "system") -> dict[str, FieldValue]:
        """The requested fields the citizen lets `module` read for `purpose` (checked and logged
        by the consent service); fields without a value are left out. Raises
        `app.contracts.consent.ConsentRefused` when none may be read, ValueError for an
        unknown field name. The access-log entry joins your transaction: commit it."""
        ...

    def record_verified(self, subject: uuid.UUID, values: Mapping[str, Any], *, source: str,
                        module: str) -> None:
        """Store field values `module` confirmed: `source` is "registry:<module slug>" or
        "document:<id>" of a valid document that module issued to `subject`. Validated like a
        citizen's edit (ValueError when not valid); joins your transaction: commit it."""
        ...
