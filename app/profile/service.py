"""The profile service: the citizen's reads and edits, their history, prefill for modules and
values modules confirm.

Verification rule: a citizen may change any field, but a changed value is the citizen's own
word again, so a self edit of a verified field (registry or document) stores it as `self`,
unverified; re-entering the same value changes nothing and keeps the verification. Values
never reach the logs; the `profile.changed` signal names the changed fields only.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import marshmallow as ma
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.contracts.consent import ReadRequest
from app.contracts.profile import FIELDS, PROFILE_CHANGED, FieldValue
from app.db import new_id, session, utcnow
from app.events import send_after_commit, signals
from app.problems import Problem
from app.profile.fields import ProfileValuesSchema, check_values
from app.profile.models import CitizenProfile, ProfileChange, ProfileField
from app.profile.store import ProfileState, field_context, load_state, seal, unseal
from app.registry import services

profile_changed = signals.signal(
    PROFILE_CHANGED,
    doc="A citizen profile changed. Payload: subject: str (account id), fields: list[str] "
        "(names of the changed fields, never values), version: int.",
)


def current(account_id: uuid.UUID) -> ProfileState:
    state = load_state(account_id)
    if state is None:  # staff, suspended or unknown accounts have no citizen profile
        raise Problem(404)
    return state


def edit(account_id: uuid.UUID, body: Mapping[str, Any], *, if_match: Collection[str]) -> ProfileState:
    """Apply the citizen's field-level change if `if_match` names the current version."""
    _take_write_lock(account_id)
    state = current(account_id)
    if state.etag not in if_match:
        raise Problem(412)
    stored, errors = check_values(dict(body))
    if errors:
        raise Problem(422, errors=errors)
    changes = {}
    for name, value in stored.items():
        old = state.fields.get(name)
        if value is None and old is not None:
            changes[name] = None
        elif value is not None and (old is None or old.value != value):
            changes[name] = FieldValue(value, "self", None)
    try:
        _apply(state, changes, actor=str(account_id))
        session().commit()
    except (StaleDataError, IntegrityError):  # another edit committed first
        session().rollback()
        raise Problem(412) from None
    return current(account_id)


def _take_write_lock(account_id: uuid.UUID) -> None:
    """Edits of one profile run one after the other: a no-op UPDATE before reading locks the row
    on PostgreSQL, and takes SQLite's write lock, which a transaction that has already read
    cannot get once another writer commits ("database is locked" instead of a clean 412).
    A profile's first store races on its unique account id instead (IntegrityError)."""
    session().execute(update(CitizenProfile).where(CitizenProfile.account_id == account_id)
                      .values(version=CitizenProfile.version)
                      .execution_options(synchronize_session=False))


def history(account_id: uuid.UUID, *, page: int, per_page: int) -> tuple[list[dict], int]:
    """The citizen's own changes, newest first, with old and new values (shown to them only)."""
    current(account_id)
    db = session()
    profile_id = db.scalar(select(CitizenProfile.id).where(CitizenProfile.account_id == account_id))
    if profile_id is None:
        return [], 0
    where = ProfileChange.profile_id == profile_id
    total = db.scalar(select(func.count()).select_from(ProfileChange).where(where))
    rows = db.scalars(select(ProfileChange).where(where)
                      .order_by(ProfileChange.version.desc(), ProfileChange.field)
                      .limit(per_page).offset((page - 1) * per_page))
    own = str(account_id)
    items = [{
        "version": row.version, "changed_at": row.changed_at, "field": row.field,
        "actor": "self" if row.actor == own else row.actor,
        "old_value": unseal(row.key_id, row.sealed_old, context=f"profile-change:{row.id}:old"),
        "new_value": unseal(row.key_id, row.sealed_new, context=f"profile-change:{row.id}:new"),
        "old_source": row.old_source, "new_source": row.new_source,
    } for row in rows]
    return items, total


def export(subject: uuid.UUID) -> dict | None:
    """The stored profile and its whole history, for the data export (UU PDP access right)."""
    state = load_state(subject)
    if state is None or state.row is None:
        return None
    total = session().scalar(select(func.count()).select_from(ProfileChange)
                             .where(ProfileChange.profile_id == state.row.id))
    changes, _ = history(subject, page=1, per_page=max(total, 1))
    return {"version": state.version, "history": changes, "fields": {
        name: {"value": f.value, "source": f.source, "verified_at": f.verified_at}
        for name, f in state.fields.items()}}


def _apply(state: ProfileState, changes: Mapping[str, FieldValue | None], *, actor: str) -> None:
    """Write `changes` (None clears a field) in the session's transaction, with history."""
    if not changes:
        return
    db = session()
    row = state.row
    if row is None:  # the first change stores the seeded profile it was made against
        row = CitizenProfile(account_id=state.account_id)
        with db.begin_nested():
            db.add(row)
        for name, value in state.fields.items():
            if name not in changes:
                _store_field(row, name, value)
    else:
        row.updated_at = utcnow()  # the UPDATE bumps `version`, checked against the one read
    version = state.version + 1  # what the ORM's version counter writes at this flush
    now = utcnow()
    for name, new in changes.items():
        old = state.fields.get(name)
        db.add(_change_row(row.id, version, now, actor, name, old, new))
        _store_field(row, name, new)
    db.flush()
    send_after_commit(profile_changed, subject=str(state.account_id), fields=sorted(changes),
                      version=version)


def _change_row(profile_id, version, now, actor, name, old: FieldValue | None,
                new: FieldValue | None) -> ProfileChange:
    change_id = new_id()
    key_id, sealed_old, sealed_new = "", None, None
    if old is not None:
        key_id, sealed_old = seal(old.value, context=f"profile-change:{change_id}:old")
    if new is not None:
        key_id, sealed_new = seal(new.value, context=f"profile-change:{change_id}:new")
    return ProfileChange(id=change_id, profile_id=profile_id, version=version, changed_at=now,
                         actor=actor, field=name, key_id=key_id, sealed_old=sealed_old,
                         sealed_new=sealed_new, old_source=old.source if old else None,
                         new_source=new.source if new else None)


def _store_field(row: CitizenProfile, name: str, value: FieldValue | None) -> None:
    db = session()
    stored = db.get(ProfileField, (row.id, name))
    if value is None:
        if stored is not None:
            db.delete(stored)
        return
    key_id, sealed = seal(value.value, context=field_context(row.id, name))
    if stored is None:
        stored = ProfileField(profile_id=row.id, name=name)
        db.add(stored)
    stored.key_id, stored.sealed_value = key_id, sealed
    stored.source, stored.verified_at, stored.updated_at = value.source, value.verified_at, utcnow()


ACCOUNT_ACTOR = "account"  # history's actor for values that followed the account


def follow_account(account, previous: Mapping[str, Any]) -> None:
    """Bring a stored profile in line with account data that just changed (auth.accounts.changes),
    in the caller's transaction. `previous`: the changed fields' values before the change.

    A profile not yet stored needs nothing: it is seeded from the account on every read. Else the
    account's new value (with its source and verification, as a new profile is seeded) replaces
    the profile's; the same value only gains a verification it lacked, never loses one (a
    document may have confirmed it). A contact point the account lost (another citizen proved
    it theirs) is cleared when the profile still holds that value."""
    from app.profile.store import seeded_fields

    state = load_state(account.id)
    if state is None or state.row is None:
        return
    derived = seeded_fields(account)
    changes: dict[str, FieldValue | None] = {}
    for name, old_value in previous.items():
        new, current = derived.get(name), state.fields.get(name)
        if new is None:
            if current is not None and current.value == old_value:
                changes[name] = None
        elif (current is None or current.value != new.value
              or (new.verified_at is not None and current.verified_at is None)):
            changes[name] = new
    _apply(state, changes, actor=ACCOUNT_ACTOR)


class ProfileService:
    """Implements app.contracts.profile.Profile."""

    def prefill(self, subject: uuid.UUID, fields: Sequence[str], purpose: str, module: str,
                actor: str = "system") -> dict[str, FieldValue]:
        wanted = list(dict.fromkeys(fields))
        unknown = [name for name in wanted if name not in FIELDS]
        if unknown or not wanted:
            raise ValueError(f"unknown profile fields: {unknown}" if unknown else "no fields asked for")
        allowed = services().get("consent").authorize(ReadRequest(
            subject=subject, module=module, purpose=purpose,
            items=tuple(f"profile:{name}" for name in wanted), actor=actor))
        state = load_state(subject)
        if state is None:
            return {}
        names = {item.removeprefix("profile:") for item in allowed}
        return {name: state.fields[name] for name in wanted if name in names and name in state.fields}

    def record_verified(self, subject: uuid.UUID, values: Mapping[str, Any], *, source: str,
                        module: str) -> None:
        _check_source(source, subject=subject, module=module)
        try:
            loaded = ProfileValuesSchema().load(dict(values))
        except ma.ValidationError as error:
            raise ValueError(f"invalid profile values: {sorted(error.messages)}") from None
        stored, errors = check_values(loaded)
        if errors or any(value is None for value in stored.values()):
            raise ValueError(f"invalid profile values: {sorted(errors) or 'null'}")
        state = load_state(subject)
        if state is None:
            raise LookupError("no active citizen account with this id")
        now = utcnow()
        changes = {name: FieldValue(value, source, now) for name, value in stored.items()
                   if name not in state.fields or state.fields[name].value != value
                   or state.fields[name].source != source}
        _apply(state, changes, actor=module)


def _check_source(source: str, *, subject: uuid.UUID, module: str) -> None:
    kind, _, name = source.partition(":")
    if kind == "registry" and name == module:
        return
    if kind == "document":
        from app.documents.service import issued_and_valid

        try:
            document_id = uuid.UUID(name)
        except ValueError:
            document_id = None
        if document_id is not None and issued_and_valid(document_id, subject=subject, module=module):
            return
    raise ValueError(f"source must be 'registry:{module}' or 'document:<id>' of a valid document "
                     f"{module} issued to this citizen")
