"""Sharing a document: a time-limited link for a person, or a consent request for a module.

A link's token (256 random bits) is shown once and stored as its SHA-256 hash; the link
answers while the share is neither expired nor revoked, and a revoked document stays readable
through it only as revoked (the reader sees its status).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app import i18n
from app.db import session, utcnow
from app.documents.models import Document, DocumentShare
from app.documents.service import audit, own_document
from app.problems import Problem
from app.registry import services


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(account_id: uuid.UUID, document_id: uuid.UUID, *, hours: int) -> tuple[DocumentShare, str]:
    own_document(account_id, document_id)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    share = DocumentShare(document_id=document_id, token_hash=token_hash(token), created_at=now,
                          expires_at=now + timedelta(hours=hours))
    db = session()
    db.add(share)
    db.flush()
    audit("consent", "document.link_created", actor=str(account_id), subject=account_id,
          document=str(document_id), share=str(share.id), hours=hours)
    db.commit()
    return share, token


def list_links(account_id: uuid.UUID, document_id: uuid.UUID) -> list[DocumentShare]:
    own_document(account_id, document_id)
    return list(session().scalars(select(DocumentShare).where(DocumentShare.document_id == document_id)
                                  .order_by(DocumentShare.created_at.desc())))


def revoke_link(account_id: uuid.UUID, document_id: uuid.UUID, share_id: uuid.UUID) -> None:
    own_document(account_id, document_id)
    db = session()
    share = db.get(DocumentShare, share_id)
    if share is None or share.document_id != document_id:
        raise Problem(404)
    if share.revoked_at is None:
        share.revoked_at = utcnow()
        audit("consent", "document.link_revoked", actor=str(account_id), subject=account_id,
              document=str(document_id), share=str(share.id))
    db.commit()


def open_link(token: str) -> Document:
    """The shared document; 404 for an unknown, expired or revoked link."""
    db = session()
    now = utcnow()
    if len(token) > 100:  # ours are 43 characters
        raise Problem(404)
    share = db.scalar(select(DocumentShare).where(DocumentShare.token_hash == token_hash(token)))
    if share is None or share.revoked_at is not None or share.expires_at <= now:
        raise Problem(404)
    db.execute(update(DocumentShare).where(DocumentShare.id == share.id)
               .values(opened_count=DocumentShare.opened_count + 1, last_opened_at=now))
    document = db.get(Document, share.document_id)
    db.commit()
    return document


def request_module_share(account_id: uuid.UUID, document_id: uuid.UUID, *, module: str, purpose: str,
                         days: int) -> uuid.UUID:
    """A consent request for `module` to read this document, which the citizen then approves in
    the consent API like any other (one place to see and withdraw what modules may read)."""
    own_document(account_id, document_id)
    if module not in current_app.extensions["satupintu.modules"]:
        raise Problem(422, errors={"module": [i18n.t("document.error.unknown_module")]})
    try:
        request_id = services().get("consent").request(
            subject=account_id, module=module, purpose=purpose, items=(f"document:{document_id}",),
            actor=str(account_id), expires_in=timedelta(days=days))
    except ValueError:  # the module declares no such purpose, or not for this kind of document
        raise Problem(422, errors={"purpose": [i18n.t("document.error.purpose_not_declared")]}) from None
    session().commit()
    return request_id
