"""The documents service: issuing and revoking (for modules), reading (citizens, and modules
through consent).

Writes join the caller's transaction (a module issues a document in the same commit as the
case it completes); the citizen API commits in its own service calls.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import func, or_, select

from app import i18n
from app.contracts.consent import ReadRequest
from app.contracts.documents import DocumentNotFound, DocumentRef, DocumentView
from app.db import new_id, session, utcnow
from app.documents import signing
from app.documents.models import EXPIRED, REVOKED, SUPERSEDED, VALID, Document
from app.problems import Problem
from app.registry import services

TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_.]{1,59}\Z")  # a consent item's name: "document:<type>"


def seal_context(document_id: uuid.UUID) -> str:
    return f"document:{document_id}"


def reencrypt(batch: int) -> int:
    """Documents' sealed holder and data under the current data key (`flask keys reencrypt`)."""
    from auth.accounts.reencrypt import reencrypt_table

    table = Document.__table__.c
    return reencrypt_table(table.key_id, [table.sealed], lambda row, _column: seal_context(row.id),
                           batch=batch)


def unsealed(document: Document) -> dict:
    """{"holder": full name, "data": {...}} of a stored document."""
    from auth.accounts.crypto import decrypt

    return json.loads(decrypt(document.key_id, document.sealed, context=seal_context(document.id)))


def mask_name(full_name: str) -> str:
    """Initials only ("Rina Marlina" -> "R*** M***"): enough to match a person shown the paper."""
    return " ".join(f"{word[0]}***" for word in full_name.split())


def data_digest(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def issuer() -> str:
    """The platform's URL (OIDC_ISSUER, else the request's root): it names the signer in tokens
    and is where QR codes lead. Issuing outside a request (a task) needs OIDC_ISSUER set."""
    from auth.oidc.config import issuer as provider_issuer

    if not current_app.config["OIDC_ISSUER"] and not has_request_context():
        raise RuntimeError("set OIDC_ISSUER to issue documents outside a request")
    return provider_issuer()


def audit(chain: str, action: str, *, actor: str, subject: uuid.UUID, **payload) -> None:
    """An audit entry in the current transaction (payload: ids and codes only)."""
    if "audit" in services():
        services().get("audit").record(chain, action, actor=actor, subject=str(subject), payload=payload)


def issue(subject: uuid.UUID, type: str, title: Mapping[str, str], data: Mapping[str, Any],
          valid_until: datetime | None, *, module: str, supersedes: uuid.UUID | None) -> DocumentRef:
    descriptor = current_app.extensions["satupintu.modules"].get(module)
    if descriptor is None:
        raise ValueError(f"no installed module {module!r}")
    if not TYPE_PATTERN.match(type):
        raise ValueError("type must match " + TYPE_PATTERN.pattern)
    i18n.check_text(title, "document title")
    data = dict(data)
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False)  # TypeError: not JSON
    if len(encoded.encode()) > current_app.config["DOCUMENTS_MAX_DATA_BYTES"]:
        raise ValueError("document data too large")
    now = utcnow()
    if valid_until is not None and (valid_until.tzinfo is None or valid_until <= now):
        raise ValueError("valid_until must be an aware datetime in the future")
    holder = _citizen_name(subject)
    db = session()
    previous = None
    if supersedes is not None:
        previous = db.get(Document, supersedes, with_for_update=True)
        if previous is None or previous.module != module or previous.subject_id != subject:
            raise DocumentNotFound(str(supersedes))
    document_id = new_id()
    claims = {"iss": issuer(), "jti": str(document_id), "doc": type, "by": module,
              "agency": descriptor.agency, "name": mask_name(holder), "iat": int(now.timestamp()),
              "dh": data_digest(data)}
    if valid_until is not None:
        claims["exp"] = int(valid_until.timestamp())
    token, _kid = signing.sign(claims)
    from auth.accounts.crypto import encrypt

    key_id, sealed = encrypt(json.dumps({"holder": holder, "data": data}, ensure_ascii=False),
                             context=seal_context(document_id))
    document = Document(id=document_id, subject_id=subject, type=type, module=module,
                        agency=descriptor.agency, title={"id": title["id"], "en": title["en"]},
                        status=VALID, issued_at=now, valid_until=valid_until, token=token,
                        key_id=key_id, sealed=sealed)
    db.add(document)
    if previous is not None and previous.status == VALID:
        previous.status, previous.status_changed_at, previous.superseded_by = SUPERSEDED, now, document_id
    db.flush()
    audit("staff", "document.issued", actor="system", subject=subject, module=module, type=type,
          document=str(document_id))
    return DocumentRef(document_id, type, VALID, now, valid_until, token)


def _citizen_name(subject: uuid.UUID) -> str:
    from auth.accounts.models import CITIZEN, Account

    account = session().get(Account, subject)
    if account is None or account.kind != CITIZEN:
        raise DocumentNotFound(f"no citizen {subject}")
    return account.full_name


def revoke(document_id: uuid.UUID, reason: str, *, module: str) -> None:
    document = session().get(Document, document_id, with_for_update=True)
    if document is None or document.module != module:
        raise DocumentNotFound(str(document_id))
    if document.status == REVOKED:
        return
    document.status, document.status_changed_at, document.status_reason = REVOKED, utcnow(), reason[:200]
    session().flush()
    audit("staff", "document.revoked", actor="system", subject=document.subject_id, module=module,
          document=str(document_id))


def issued_and_valid(document_id: uuid.UUID, *, subject: uuid.UUID, module: str) -> bool:
    """Did `module` issue this still valid document to `subject`?"""
    document = session().get(Document, document_id)
    return (document is not None and document.subject_id == subject and document.module == module
            and effective_status(document.status, document.valid_until) == VALID)


def effective_status(status: str, valid_until: datetime | None) -> str:
    if status == VALID and valid_until is not None and valid_until <= utcnow():
        return EXPIRED
    return status


def view(document: Document) -> DocumentView:
    content = unsealed(document)
    return DocumentView(document.id, document.type, dict(document.title), document.module, document.agency,
                        document.subject_id, content["holder"], document.status, document.issued_at,
                        document.valid_until, content["data"])


def read_for_module(document: uuid.UUID | str, subject: uuid.UUID, *, module: str, purpose: str,
                    actor: str) -> DocumentView:
    """Another module's read goes through consent; the issuing module reads its own freely."""
    consent = services().get("consent")
    db = session()
    if isinstance(document, uuid.UUID):
        found = db.get(Document, document)
        if found is None or found.subject_id != subject:
            raise DocumentNotFound(str(document))
        if found.module != module:
            consent.authorize(ReadRequest(subject=subject, module=module, purpose=purpose, actor=actor,
                                          items=(f"document:{found.id}",)))
        return view(found)
    if not TYPE_PATTERN.match(document):
        raise ValueError("not a document id or type")
    consent.authorize(ReadRequest(subject=subject, module=module, purpose=purpose, actor=actor,
                                  items=(f"document:{document}",)))
    found = db.scalar(select(Document).where(Document.subject_id == subject, Document.type == document,
                                             Document.status == VALID)
                      .order_by(Document.issued_at.desc()).limit(1))
    if found is None:
        raise DocumentNotFound(document)
    return view(found)


# The citizen's own wallet ---------------------------------------------------------------------

def own_document(account_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    """The caller's document; 404 alike for someone else's and for no document at all."""
    document = session().get(Document, document_id)
    if document is None or document.subject_id != account_id:
        raise Problem(404)
    return document


def list_documents(account_id: uuid.UUID, *, status: str | None, type: str | None, page: int,
                   per_page: int) -> tuple[list[Document], int]:
    conditions = [Document.subject_id == account_id]
    if status is not None:  # as the list shows it: a valid document past its date is "expired"
        still_valid = or_(Document.valid_until.is_(None), Document.valid_until > utcnow())
        if status == EXPIRED:
            conditions += [Document.status == VALID, ~still_valid]
        else:
            conditions += [Document.status == status] + ([still_valid] if status == VALID else [])
    if type is not None:
        conditions.append(Document.type == type)
    db = session()
    total = db.scalar(select(func.count()).select_from(Document).where(*conditions))
    rows = db.scalars(select(Document).where(*conditions).order_by(Document.issued_at.desc(), Document.id)
                      .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def summary(document: Document) -> dict:
    return {"id": document.id, "type": document.type, "title": i18n.pick(document.title),
            "module": document.module, "agency": document.agency,
            "status": effective_status(document.status, document.valid_until),
            "issued_at": document.issued_at, "valid_until": document.valid_until}


def detail(document: Document) -> dict:
    content = unsealed(document)
    return {**summary(document), "holder_name": content["holder"], "data": content["data"],
            "status_changed_at": document.status_changed_at, "superseded_by": document.superseded_by,
            "token": document.token}


def consent_kind(subject: uuid.UUID, item: str) -> str | None:
    """What a consent item naming one document ("document:<id>") stands for: its type, when
    the document is the subject's (the consent service's item resolver)."""
    try:
        document_id = uuid.UUID(item.partition(":")[2])
    except ValueError:
        return None
    found = session().scalar(select(Document.type).where(Document.id == document_id,
                                                         Document.subject_id == subject))
    return f"document:{found}" if found else None


def export(subject: uuid.UUID) -> list[dict]:
    """The citizen's documents and their share links, for the data export (UU PDP access right)."""
    from app.documents.models import DocumentShare

    db = session()
    documents = db.scalars(select(Document).where(Document.subject_id == subject)
                           .order_by(Document.issued_at))
    exported = []
    for document in documents:
        shares = db.scalars(select(DocumentShare).where(DocumentShare.document_id == document.id)
                            .order_by(DocumentShare.created_at))
        exported.append({**detail(document), "title": dict(document.title), "links": [
            {"id": s.id, "created_at": s.created_at, "expires_at": s.expires_at, "revoked_at": s.revoked_at,
             "opened_count": s.opened_count} for s in shares]})
    return exported


class DocumentsService:
    """Implements app.contracts.documents.Documents."""

    def issue(self, subject, type, title, data, valid_until=None, *, module, supersedes=None):
        return issue(subject, type, title, data, valid_until, module=module, supersedes=supersedes)

    def revoke(self, document_id, reason, *, module):
        revoke(document_id, reason, module=module)

    def read_for_module(self, document, subject, *, module, purpose, actor):
        return read_for_module(document, subject, module=module, purpose=purpose, actor=actor)
