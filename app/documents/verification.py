"""Checking a document token: the signature (cached keys, no database), then the document's
current status with one primary-key look-up, so a revocation shows at once.

This is the public hot path (every QR scan): good signatures are remembered, the status read
goes straight to the DB-API (app.documents.status), and the answer is built as plain values.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import current_app

from app import i18n
from app.documents import signing
from app.documents.models import VALID
from app.documents.service import effective_status
from app.documents.status import status_row

INVALID = {"valid": False, "status": "invalid"}


def verify(token: str) -> dict:
    """{"valid", "status", "document"}: the minimum a verifier needs, the holder's name masked.
    A token that is not ours, or names no document, is simply invalid (no detail why)."""
    try:
        claims = signing.verify(token)
        document_id = uuid.UUID(str(claims["jti"]))
        issued_at = datetime.fromtimestamp(int(claims["iat"]), UTC)
    except (signing.InvalidToken, KeyError, ValueError, TypeError, OverflowError):
        return INVALID
    row = status_row(document_id)
    if row is None or row.module != claims.get("by") or row.type != claims.get("doc"):
        return INVALID
    status = effective_status(row.status, row.valid_until)
    module = current_app.extensions["satupintu.modules"].get(row.module)
    valid_until = row.valid_until
    locale = i18n.current_locale()
    return {"valid": status == VALID, "status": status, "document": {
        "id": str(document_id), "type": row.type, "title": i18n.pick(row.title, locale),
        "issuer": {"module": row.module, "module_title": i18n.pick(module.title, locale) if module else None,
                   "agency": claims.get("agency")},
        "holder_name": claims.get("name"), "issued_at": issued_at.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None}}
