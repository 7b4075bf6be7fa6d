"""Reading and sealing stored profile values, and the profile a new citizen starts with."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from app.contracts.profile import FieldValue
from app.db import session
from app.http_cache import etag_for
from app.profile.models import CitizenProfile, ProfileField

POPULATION_REGISTRY = "registry:dukcapil"


def seal(value, *, context: str) -> tuple[str, bytes]:
    from auth.accounts.crypto import encrypt

    return encrypt(json.dumps(value, separators=(",", ":")), context=context)


def unseal(key_id: str, blob: bytes | None, *, context: str):
    from auth.accounts.crypto import decrypt

    return None if blob is None else json.loads(decrypt(key_id, blob, context=context))


def field_context(profile_id: uuid.UUID, name: str) -> str:
    return f"profile:{profile_id}:{name}"


@dataclass
class ProfileState:
    """A citizen's profile as stored, or (row None) as seeded from the account, not yet stored."""

    account_id: uuid.UUID
    row: CitizenProfile | None
    fields: dict[str, FieldValue]
    etag: str

    @property
    def version(self) -> int:
        return self.row.version if self.row is not None else 0


def load_state(account_id: uuid.UUID) -> ProfileState | None:
    """The profile of citizen `account_id`, or None when no such active citizen exists."""
    db = session()
    row = db.scalar(select(CitizenProfile).where(CitizenProfile.account_id == account_id))
    if row is None:
        account = _citizen(account_id)
        if account is None:
            return None
        return ProfileState(account_id, None, seeded_fields(account),
                            etag_for("profile-seed", account.id, account.updated_at.timestamp()))
    stored = db.scalars(select(ProfileField).where(ProfileField.profile_id == row.id))
    fields = {f.name: FieldValue(unseal(f.key_id, f.sealed_value, context=field_context(row.id, f.name)),
                                 f.source, f.verified_at) for f in stored}
    return ProfileState(account_id, row, fields, etag_for("profile", row.id, row.version))


def _citizen(account_id: uuid.UUID):
    from auth.accounts.models import CITIZEN, Account

    account = session().get(Account, account_id)
    return account if account is not None and account.kind == CITIZEN and account.is_active else None


def seeded_fields(account) -> dict[str, FieldValue]:
    """What the account already knows: the name, and the birth date and sex the NIK carries,
    confirmed by the population registry once the account reached ial2; the contact points,
    verified when their one-time codes were."""
    from auth.accounts.models import IAL2

    if account.ial == IAL2:
        source, verified_at = POPULATION_REGISTRY, account.identity_verified_at
    else:
        source, verified_at = "self", None
    fields = {"full_name": FieldValue(account.full_name, source, verified_at)}
    if account.birth_date is not None:
        fields["birth_date"] = FieldValue(account.birth_date.isoformat(), source, verified_at)
    if account.sex is not None:
        fields["sex"] = FieldValue(account.sex, source, verified_at)
    if account.phone:
        fields["phone"] = FieldValue(account.phone, "self", account.phone_verified_at)
    if account.email:
        fields["email"] = FieldValue(account.email, "self", account.email_verified_at)
    return fields


def reencrypt(batch: int) -> int:
    """Current values and history under the current data key (`flask keys reencrypt`)."""
    from app.profile.models import ProfileChange
    from auth.accounts.reencrypt import reencrypt_table

    fields = ProfileField.__table__.c
    changes = ProfileChange.__table__.c
    done = reencrypt_table(fields.key_id, [fields.sealed_value],
                           lambda row, _column: field_context(row.profile_id, row.name), batch=batch)
    return done + reencrypt_table(
        changes.key_id, [changes.sealed_old, changes.sealed_new],
        lambda row, column: f"profile-change:{row.id}:{'old' if column == 'sealed_old' else 'new'}",
        batch=batch)
