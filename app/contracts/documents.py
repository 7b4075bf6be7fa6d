"""The documents wallet: documents modules issue to citizens. Service: "documents" -> Documents.

Every document is signed by the platform (a compact JWS with a key published at /oauth/jwks,
header typ "sp-document+jwt"); its PDF carries the token in a QR code that opens
GET /api/v1/documents/verify?token=..., which also reports revocation at once. Writes join the
caller's transaction: commit it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

VALID, REVOKED, SUPERSEDED = "valid", "revoked", "superseded"


class DocumentNotFound(LookupError):
    """No such document for this subject (or, for revoke, not one this module issued)."""


@dataclass(frozen=True)
class DocumentRef:
    id: uuid.UUID
    type: str
    status: str
    issued_at: datetime
    valid_until: datetime | None
    token: str  # the signed token (what the QR code carries)


@dataclass(frozen=True)
class DocumentView:
    id: uuid.UUID
    type: str
    title: Mapping[str, str]  # {"id": ..., "en": ...}
    module: str  # the issuing module
    agency: str | None
    subject: uuid.UUID
    holder_name: str
    status: str  # valid | revoked | superseded (check valid_until yourself)
    issued_at: datetime
    valid_until: datetime | None
    data: Mapping[str, Any]


class Documents(Protocol):
    def issue(self, subject: uuid.UUID, type: str, title: Mapping[str, str], data: Mapping[str, Any],
              valid_until: datetime | None = None, *, module: str,
              supersedes: uuid.UUID | None = None) -> DocumentRef:
        """Issue a signed document to citizen `subject`. `type` is a consent item name (e.g.
        "akta_kelahiran": lower case, digits, "_" and "."); `data` plain JSON values (at most
        DOCUMENTS_MAX_DATA_BYTES).
        `supersedes` names an earlier document of the same module and subject, now superseded.
        ValueError for invalid input, DocumentNotFound for an unknown subject or superseded id."""
        ...

    def revoke(self, document_id: uuid.UUID, reason: str, *, module: str) -> None:
        """Revoke a document `module` issued; verification shows it at once. DocumentNotFound
        when the module did not issue it."""
        ...

    def read_for_module(self, document: uuid.UUID | str, subject: uuid.UUID, *, module: str,
                        purpose: str, actor: str) -> DocumentView:
        """A citizen's document for another module, through the consent service (which checks
        and logs the read). `document` is an id or a type (then the newest valid one of that
        type). Raises `app.contracts.consent.ConsentRefused` or DocumentNotFound. The access-log
        entry joins your transaction: commit it."""
        ...
