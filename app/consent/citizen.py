"""What the citizen does with their data sharing: answer requests, list and withdraw consents.

Every function takes the signed-in citizen's id and only ever touches that citizen's rows;
someone else's id answers 404, like an id that does not exist.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from app import audit
from app.consent.models import APPROVED, PENDING, REFUSED, ConsentGrant, ConsentRequest
from app.consent.signals import consent_decided, consent_withdrawn
from app.db import new_id, session, utcnow
from app.events import send_after_commit
from app.problems import Problem

MAX_LISTED = 200  # requests or consents listed at once (newest first)


def request_status(row: ConsentRequest) -> str:
    if row.status == PENDING and row.expires_at <= utcnow():
        return "expired"
    return row.status


def consent_status(row: ConsentGrant) -> str:
    if row.withdrawn_at is not None:
        return "withdrawn"
    return "expired" if row.expires_at <= utcnow() else "active"


def list_requests(subject: uuid.UUID, *, status: str | None = None,
                  everything: bool = False) -> list[ConsentRequest]:
    query = select(ConsentRequest).where(ConsentRequest.subject == subject)
    now = utcnow()
    if status == "pending":
        query = query.where(ConsentRequest.status == PENDING, ConsentRequest.expires_at > now)
    elif status == "expired":
        query = query.where(ConsentRequest.status == PENDING, ConsentRequest.expires_at <= now)
    elif status is not None:
        query = query.where(ConsentRequest.status == status)
    return list(session().scalars(query.order_by(ConsentRequest.created_at.desc())
                                  .limit(None if everything else MAX_LISTED)))


def _own_request(subject: uuid.UUID, request_id: uuid.UUID, *, lock: bool = False) -> ConsentRequest:
    query = select(ConsentRequest).where(ConsentRequest.id == request_id, ConsentRequest.subject == subject)
    row = session().scalar(query.with_for_update() if lock else query)
    if row is None:
        raise Problem(404)
    return row


def get_request(subject: uuid.UUID, request_id: uuid.UUID) -> ConsentRequest:
    return _own_request(subject, request_id)


def decide(subject: uuid.UUID, request_id: uuid.UUID, *, approve: bool) -> ConsentRequest:
    """Approve (a consent starts now, for the duration the module asked) or refuse, once."""
    db = session()
    row = _own_request(subject, request_id, lock=True)  # two answers at once: one wins
    if request_status(row) != PENDING:
        raise Problem(409, "consent-request-closed")
    now = utcnow()
    row.status, row.decided_at = (APPROVED if approve else REFUSED), now
    payload = {"request_id": str(row.id), "module": row.module, "purpose": row.purpose}
    if approve:
        grant = ConsentGrant(id=new_id(), subject=subject, module=row.module, agency=row.agency,
                             purpose=row.purpose, items=list(row.items), granted_at=now,
                             expires_at=now + timedelta(seconds=row.consent_seconds), request_id=row.id)
        db.add(grant)
        payload |= {"consent_id": str(grant.id), "items": list(row.items)}
    audit.record("consent", "consent.approved" if approve else "consent.refused", subject=str(subject),
                 payload=payload)
    send_after_commit(consent_decided, request_id=str(row.id), subject=str(subject), module=row.module,
                      approved=approve)
    db.commit()
    return row


def list_consents(subject: uuid.UUID, *, status: str | None = None,
                  everything: bool = False) -> list[ConsentGrant]:
    query = select(ConsentGrant).where(ConsentGrant.subject == subject)
    now = utcnow()
    if status == "active":
        query = query.where(ConsentGrant.withdrawn_at.is_(None), ConsentGrant.expires_at > now)
    elif status == "withdrawn":
        query = query.where(ConsentGrant.withdrawn_at.is_not(None))
    elif status == "expired":
        query = query.where(ConsentGrant.withdrawn_at.is_(None), ConsentGrant.expires_at <= now)
    return list(session().scalars(query.order_by(ConsentGrant.granted_at.desc())
                                  .limit(None if everything else MAX_LISTED)))


def withdraw(subject: uuid.UUID, consent_id: uuid.UUID) -> ConsentGrant:
    """Effective for the very next read: `authorize` only counts consents not withdrawn."""
    db = session()
    row = db.scalar(select(ConsentGrant).where(ConsentGrant.id == consent_id, ConsentGrant.subject == subject)
                    .with_for_update())
    if row is None:
        raise Problem(404)
    if row.withdrawn_at is None:
        row.withdrawn_at = utcnow()
        audit.record("consent", "consent.withdrawn", subject=str(subject),
                     payload={"consent_id": str(row.id), "module": row.module, "purpose": row.purpose})
        send_after_commit(consent_withdrawn, consent_id=str(row.id), subject=str(subject), module=row.module,
                          purpose=row.purpose)
    db.commit()
    return row
