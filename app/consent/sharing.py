"""What modules call: `authorize` a read, `request` a consent (implements app.contracts.consent).

Both join the caller's transaction. A refused read is committed before ConsentRefused is raised,
so the citizen sees it even when the module's request then rolls back.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app import audit
from app.consent import actors
from app.consent.models import PENDING, ConsentGrant, ConsentRequest, DataAccess
from app.consent.signals import consent_requested
from app.consent.uses import declared_use, installed_module, kind_of
from app.contracts.audit import DATA_ACCESS_CHAIN
from app.contracts.consent import ConsentRefused, ReadRequest
from app.db import new_id, session, utcnow
from app.events import send_after_commit
from app.modules.descriptor import DataUse, ServiceModule
from app.modules.validate import PURPOSE
from app.state import is_enabled

MAX_ITEMS = 20  # per read or request; keeps log and audit entries small
MAX_ITEM_LENGTH = 80
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class ConsentService:
    """Implements app.contracts.consent.Consent."""

    def authorize(self, request: ReadRequest) -> tuple[str, ...]:
        module, items = _checked(request.module, request.purpose, request.items, request.actor)
        subject = _subject(request.subject)
        use = declared_use(module, request.purpose)
        allowed: list[str] = []
        if not is_enabled(module.slug):
            reason = "module_disabled"
        elif use is None:
            reason = "undeclared"
        else:
            kinds = {item: kind_of(subject, item) for item in items}
            declared = [item for item in items if kinds[item] in use.items]
            if use.lawful_basis is not None:
                allowed = declared
            else:
                granted = _granted_items(subject, module.slug, use.purpose, utcnow())
                allowed = [item for item in declared if item in granted or kinds[item] in granted]
            reason = "no_consent" if len(allowed) < len(declared) else "undeclared"
        refused = [item for item in items if item not in allowed]
        basis = _basis(use) if allowed else "none"
        _log_read(subject, module, request, basis, allowed, refused, reason if refused else None)
        if not allowed:
            session().commit()
            raise ConsentRefused(tuple(refused), reason)
        return tuple(allowed)

    def request(self, *, subject: uuid.UUID, module: str, purpose: str, items: tuple[str, ...],
                actor: str, expires_in: timedelta | None = None) -> uuid.UUID:
        descriptor, items = _checked(module, purpose, items, actor)
        subject = _subject(subject)
        use = declared_use(descriptor, purpose)
        if use is None:
            raise ValueError(f"module {module!r} declares no data use {purpose!r}")
        for item in items:
            if kind_of(subject, item) not in use.items:
                raise ValueError(f"item {item!r} is not declared for {module}/{purpose}")
        longest = timedelta(days=current_app.config["CONSENT_MAX_DAYS"])
        duration = longest if expires_in is None else expires_in
        if not timedelta(0) < duration <= longest:
            raise ValueError(f"a consent lasts more than nothing and at most {longest.days} days")
        now = utcnow()
        row = ConsentRequest(
            id=new_id(), subject=subject, module=module, agency=descriptor.agency, purpose=purpose,
            items=list(items), actor=actor, consent_seconds=int(duration.total_seconds()), status=PENDING,
            created_at=now, expires_at=now + timedelta(days=current_app.config["CONSENT_REQUEST_DAYS"]))
        session().add(row)
        audit.record("consent", "consent.requested", actor=actor, subject=str(subject),
                     payload={"request_id": str(row.id), "module": module, "purpose": purpose,
                              "items": list(items)})
        send_after_commit(consent_requested, request_id=str(row.id), subject=str(subject), module=module,
                          purpose=purpose)
        return row.id


def _checked(slug: str, purpose: str, items, actor: str) -> tuple[ServiceModule, tuple[str, ...]]:
    """Programming errors in a module's call are ValueErrors, not refusals."""
    module = installed_module(slug)
    if module is None:
        raise ValueError(f"no installed module {slug!r}")
    if not isinstance(purpose, str) or not PURPOSE.match(purpose):
        raise ValueError(f"purpose {purpose!r} is not a purpose name")
    if actor != "system" and not (isinstance(actor, str) and _UUID.match(actor)):
        raise ValueError("actor must be an officer's account id or 'system'")
    if isinstance(items, str):
        raise ValueError("items must be a tuple of item names")
    unique = tuple(dict.fromkeys(items))
    if not unique or len(unique) > MAX_ITEMS:
        raise ValueError(f"name between 1 and {MAX_ITEMS} items")
    if any(not isinstance(item, str) or len(item) > MAX_ITEM_LENGTH for item in unique):
        raise ValueError(f"items are names of at most {MAX_ITEM_LENGTH} characters")
    return module, unique


def _subject(subject) -> uuid.UUID:
    if isinstance(subject, uuid.UUID):
        return subject
    raise ValueError("subject must be the citizen's account id (uuid.UUID)")


def _basis(use: DataUse | None) -> str:
    if use is None:
        return "none"
    return use.lawful_basis or "consent"


def _granted_items(subject: uuid.UUID, module: str, purpose: str, now: datetime) -> set[str]:
    """Items of the consents in force: given, not withdrawn, not expired."""
    rows = session().scalars(select(ConsentGrant.items).where(
        ConsentGrant.subject == subject, ConsentGrant.module == module, ConsentGrant.purpose == purpose,
        ConsentGrant.withdrawn_at.is_(None), ConsentGrant.expires_at > now))
    return set(itertools.chain.from_iterable(rows))


def _log_read(subject: uuid.UUID, module: ServiceModule, request: ReadRequest, basis: str,
              allowed: list[str], refused: list[str], reason: str | None) -> None:
    actor_kind, actor = actors.recorded(request.actor, subject)
    entry = DataAccess(id=new_id(), subject=subject, occurred_at=utcnow(), module=module.slug,
                       agency=module.agency, actor=actor, purpose=request.purpose, basis=basis,
                       allowed=allowed, refused=refused, reason=reason)
    session().add(entry)
    audit.record(f"{DATA_ACCESS_CHAIN}.{module.slug}", "data.read" if allowed else "data.refused",
                 actor=request.actor, subject=str(subject),
                 payload={"access_id": str(entry.id), "actor_kind": actor_kind,
                          "purpose": request.purpose, "basis": basis,
                          "allowed": allowed, "refused": refused, "reason": reason})
