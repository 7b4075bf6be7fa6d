"""Granting, accepting, ending and using delegations (implements app.contracts.delegation).

Representatives must accept before a delegation takes effect: acting for someone is a
responsibility nobody should find on their account unasked. A parent's delegation for a child
takes effect at once, because the family rule (app.delegation.family) is the authority.
Either party may end a delegation at any time: the grantor revokes, the representative
renounces. Changes are recorded on the "consent" audit chain.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app import audit, i18n
from app.db import session, utcnow
from app.delegation.capabilities import CAPABILITIES
from app.delegation.family import children_of
from app.delegation.models import PARENT, REPRESENTATIVE, Delegation
from app.problems import Problem

MAX_VALIDITY = timedelta(days=365)
LIST_LIMIT = 100


def status(row: Delegation, now: datetime | None = None) -> str:
    now = now or utcnow()
    if row.revoked_at is not None:
        return "revoked"
    if row.valid_until <= now:
        return "expired"
    return "active" if row.accepted_at is not None else "pending"


def granted_by(account_id: uuid.UUID, *, everything: bool = False) -> list[Delegation]:
    return _list(Delegation.grantor_id == account_id, everything)


def received_by(account_id: uuid.UUID, *, everything: bool = False) -> list[Delegation]:
    return _list(Delegation.representative_id == account_id, everything)


def _list(condition, everything: bool) -> list[Delegation]:
    query = select(Delegation).where(condition).order_by(Delegation.created_at.desc())
    return list(session().scalars(query.limit(None if everything else LIST_LIMIT)))


def view(row: Delegation) -> dict:
    return {**{name: getattr(row, name) for name in (
        "id", "kind", "grantor_id", "representative_id", "modules", "valid_until", "created_at",
        "accepted_at", "revoked_at")}, "status": status(row)}


def export(account_id: uuid.UUID) -> dict | None:
    """Every delegation the citizen gave and received, for the data export."""
    granted, received = granted_by(account_id, everything=True), received_by(account_id, everything=True)
    if not (granted or received):
        return None
    return {"granted": [view(row) for row in granted], "received": [view(row) for row in received]}


def _checked_terms(modules: list[str], valid_until: datetime, cap: datetime) -> tuple[list[str], datetime]:
    installed = current_app.extensions["satupintu.modules"]
    unknown = sorted(set(modules) - set(installed) - set(CAPABILITIES))
    if unknown:
        raise Problem(422, errors={"modules": [i18n.t("delegation.error.unknown_module")]})
    if valid_until <= utcnow():
        raise Problem(422, errors={"valid_until": [i18n.t("delegation.error.past")]})
    return sorted(set(modules)), min(valid_until, cap)


def _active_citizen(account_id: uuid.UUID):
    from auth.accounts.models import CITIZEN, Account

    account = session().get(Account, account_id)
    return account if account is not None and account.kind == CITIZEN and account.is_active else None


def grant(grantor_id: uuid.UUID, representative_id: uuid.UUID, modules: list[str],
          valid_until: datetime) -> Delegation:
    """A pending delegation to another citizen (effective once they accept)."""
    if representative_id == grantor_id or _active_citizen(representative_id) is None:
        raise Problem(422, errors={"representative": [i18n.t("delegation.error.representative")]})
    modules, valid_until = _checked_terms(modules, valid_until, utcnow() + MAX_VALIDITY)
    row = Delegation(kind=REPRESENTATIVE, grantor_id=grantor_id, representative_id=representative_id,
                     modules=modules, valid_until=valid_until)
    return _save(row, "delegation.granted", actor=grantor_id)


def claim_child(parent_id: uuid.UUID, child_id: uuid.UUID, modules: list[str],
                valid_until: datetime) -> Delegation:
    """A parent's delegation for their child, effective at once; refused unless the family rule holds."""
    child = next((c for c in children_of(parent_id) if c.account_id == child_id), None)
    if child is None:
        raise Problem(403, "delegation-not-eligible")
    cap = min(utcnow() + MAX_VALIDITY, child.adult_on)
    modules, valid_until = _checked_terms(modules, valid_until, cap)
    row = Delegation(kind=PARENT, grantor_id=child_id, representative_id=parent_id, modules=modules,
                     valid_until=valid_until, accepted_at=utcnow())
    return _save(row, "delegation.parent_claimed", actor=parent_id)


def _save(row: Delegation, action: str, *, actor: uuid.UUID) -> Delegation:
    db = session()
    row.id = uuid.uuid4()
    db.add(row)
    db.flush()
    _audit(row, action, actor)
    db.commit()
    return row


def _audit(row: Delegation, action: str, actor: uuid.UUID) -> None:
    audit.record("consent", action, actor=str(actor), subject=str(row.grantor_id),
                 payload={"delegation": str(row.id), "kind": row.kind, "modules": list(row.modules)})


def _own(account_id: uuid.UUID, delegation_id: uuid.UUID, *, as_grantor: bool, as_representative: bool,
         lock: bool = False) -> Delegation:
    """The delegation if `account_id` is a party in the given role; 404 otherwise (same as unknown)."""
    query = select(Delegation).where(Delegation.id == delegation_id)
    if lock:
        query = query.with_for_update()
    row = session().scalar(query)
    parties = set()
    if row is not None:
        parties.update([row.grantor_id] if as_grantor else [])
        parties.update([row.representative_id] if as_representative else [])
    if account_id not in parties:
        raise Problem(404)
    return row


def accept(account_id: uuid.UUID, delegation_id: uuid.UUID) -> Delegation:
    row = _own(account_id, delegation_id, as_grantor=False, as_representative=True, lock=True)
    if status(row) != "pending":
        raise Problem(409, "delegation-not-pending")
    row.accepted_at = utcnow()
    _audit(row, "delegation.accepted", account_id)
    session().commit()
    return row


def end(account_id: uuid.UUID, delegation_id: uuid.UUID) -> Delegation:
    """Revoke (grantor) or renounce (representative); ending an ended delegation changes nothing."""
    row = _own(account_id, delegation_id, as_grantor=True, as_representative=True, lock=True)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        row.revoked_by = str(account_id)
        action = "delegation.revoked" if account_id == row.grantor_id else "delegation.renounced"
        _audit(row, action, account_id)
        session().commit()
    return row


def usable(actor_id: uuid.UUID, delegation_id: uuid.UUID) -> Delegation:
    """The delegation the actor wants to act under: 404 if not theirs, 403 unless active."""
    row = _own(actor_id, delegation_id, as_grantor=False, as_representative=True)
    if status(row) != "active":
        raise Problem(403, "delegation-inactive")
    return row


class DelegationService:
    """Implements app.contracts.delegation.Delegations."""

    def active_for(self, actor: uuid.UUID, subject: uuid.UUID, module: str) -> bool:
        rows = session().scalars(select(Delegation).where(
            Delegation.representative_id == actor, Delegation.grantor_id == subject,
            Delegation.revoked_at.is_(None), Delegation.accepted_at.is_not(None),
            Delegation.valid_until > utcnow()))
        return any(module in row.modules for row in rows)


def record_act(row: Delegation) -> None:
    """Each delegated token issued is an authentication event of the actor for the subject."""
    audit.record("auth", "delegation.token_issued", actor=str(row.representative_id),
                 subject=str(row.grantor_id), payload={"delegation": str(row.id)})
    session().commit()
