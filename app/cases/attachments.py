"""Attachments: size and count limits, the type sniffed from the bytes (PDF, PNG, JPEG; the
client's Content-Type is ignored), stored through app.storage under a random key. The citizen
adds them while the case is a draft or needs correction; its subject (or representative) and the
agency's staff may download them."""

from __future__ import annotations

import hashlib
import uuid

from flask import current_app
from sqlalchemy import func, select

from app.access import current_principal
from app.cases.engine import add_event
from app.cases.models import Attachment, Case
from app.cases.permissions import citizen_actor, citizen_case, citizen_may, staff_roles
from app.db import new_id, session
from app.problems import Problem
from app.storage import StorageError, storage

EDITABLE = frozenset({"draft", "needs_correction"})
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"),
              (b"\xff\xd8\xff", "image/jpeg"))


def sniff(data: bytes) -> str | None:
    """The type the bytes themselves say, or None."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>;')
    return cleaned.strip()[:200] or "lampiran"


def add(case_id: uuid.UUID, filename: str, data: bytes) -> Attachment:
    config = current_app.config
    case = citizen_case(case_id, lock=True)
    if case.state not in EDITABLE:
        raise Problem(409, "case-not-editable", extra={"state": case.state})
    if len(data) > config["CASES_ATTACHMENT_MAX_BYTES"]:
        raise Problem(413, "attachment-too-large", params={"limit": config["CASES_ATTACHMENT_MAX_BYTES"]})
    content_type = sniff(data)
    if content_type is None or content_type not in config["CASES_ATTACHMENT_TYPES"]:
        raise Problem(415, "attachment-type", params={"allowed": ", ".join(config["CASES_ATTACHMENT_TYPES"])})
    db = session()
    count = db.scalar(select(func.count()).select_from(Attachment).where(Attachment.case_id == case.id))
    if count >= config["CASES_ATTACHMENT_MAX_COUNT"]:
        raise Problem(409, "attachment-limit", params={"limit": config["CASES_ATTACHMENT_MAX_COUNT"]})
    attachment_id = new_id()
    key = f"cases/{case.id.hex}/{attachment_id.hex}"
    try:
        storage().put(key, data, content_type)
    except StorageError:
        raise Problem(503, "storage-unavailable", headers={"Retry-After": "30"}) from None
    actor = citizen_actor(current_principal())
    row = Attachment(id=attachment_id, case_id=case.id, filename=_clean_name(filename),
                     content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     storage_key=key, uploaded_by=actor.id)
    db.add(row)
    add_event(case, kind="attachment", actor=actor.id, actor_role=actor.role, on_behalf_of=actor.on_behalf_of,
              body=row.filename)
    try:
        db.commit()
    except Exception:
        storage().delete(key)  # nothing refers to it
        raise
    return row


def fetch(case_id: uuid.UUID, attachment_id: uuid.UUID, *, staff: bool) -> tuple[Attachment, bytes]:
    """The attachment and its bytes, for the case's citizen or (staff=True) its agency's staff."""
    principal = current_principal()
    db = session()
    found = db.execute(select(Attachment, Case).join(Case, Case.id == Attachment.case_id)
                       .where(Attachment.id == attachment_id, Attachment.case_id == case_id)).first()
    if found is None:
        raise Problem(404)
    row, case = found
    if not (staff_roles(principal, case) if staff else citizen_may(principal, case)):
        raise Problem(404)
    try:
        return row, storage().get(row.storage_key)
    except KeyError:
        raise Problem(404) from None
    except StorageError:
        raise Problem(503, "storage-unavailable", headers={"Retry-After": "30"}) from None
