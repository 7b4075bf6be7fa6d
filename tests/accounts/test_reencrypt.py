"""`flask keys reencrypt`: after the data key rotates, everything sealed at rest (NIKs, MFA
secrets, profile values and history, documents) is re-encrypted under the current key, in
batches; a second run finds nothing; the old key can then go; a value changed meanwhile is
never overwritten with the old one."""

from __future__ import annotations

import base64
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.db import session, utcnow
from app.documents.models import Document
from app.documents.service import unsealed
from app.profile import service as profile
from app.profile.models import ProfileChange, ProfileField
from app.registry import services
from auth.accounts import mfa
from auth.accounts.crypto import Keyring
from auth.accounts.models import Account
from auth.accounts.service import reveal_nik

ADDRESS = {"province_code": "32", "regency_code": "32.73", "district_code": "32.73.05",
           "village_code": "32.73.05.1001", "street": "Jl. Braga No. 5", "rt": "004", "rw": "011",
           "postal_code": "40111"}
OLD, NEW, INDEX = (base64.b64encode(os.urandom(32)).decode() for _ in range(3))


def ring(keys: dict, current: str) -> Keyring:
    return Keyring.from_config({"ENV": "testing", "SECRET_KEY": "s" * 40, "ENCRYPTION_KEYS": keys,
                                "ENCRYPTION_KEY_ID": current, "BLIND_INDEX_KEY": INDEX})


@pytest.fixture
def use_ring(app):
    saved = app.extensions["satupintu.keyring"]
    yield lambda keyring: app.extensions.__setitem__("satupintu.keyring", keyring)
    app.extensions["satupintu.keyring"] = saved


@pytest.fixture
def sealed_everywhere(app, use_ring, make_citizen, make_staff, oidc_signing_keys):
    """Data of every area sealed under the "old" key: (citizen, staff member, document id)."""
    use_ring(ring({"old": OLD}, "old"))
    citizen = make_citizen(full_name="Rina Marlina")
    staff = make_staff("officer", agency="kemensos")
    for change in ({"birth_place": "Bandung"}, {"address": ADDRESS}, {"birth_place": None}):
        profile.edit(citizen.id, change, if_match={profile.current(citizen.id).etag})
    with app.test_request_context("/", base_url="http://localhost/"):
        ref = services().get("documents").issue(
            citizen.id, "surat_domisili", {"id": "Surat", "en": "Letter"}, {"alamat": "Jl. Braga No. 5"},
            utcnow() + timedelta(days=30), module="pengumuman")
    session.commit()
    return citizen, staff, ref.id


def key_ids() -> set[str]:
    ids = set(session.scalars(select(Account.nik_key_id).where(Account.nik_key_id.is_not(None))))
    ids |= set(session.scalars(select(Account.mfa_key_id).where(Account.mfa_key_id.is_not(None))))
    ids |= set(session.scalars(select(ProfileField.key_id)))
    ids |= set(session.scalars(select(ProfileChange.key_id).where(ProfileChange.key_id != "")))
    return ids | set(session.scalars(select(Document.key_id)))


def test_reencrypt_moves_every_area_to_the_current_key(app, use_ring, sealed_everywhere):
    citizen, staff, document_id = sealed_everywhere
    nik, secret = reveal_nik(citizen), mfa.read_secret(staff)
    assert key_ids() == {"old"}
    use_ring(ring({"old": OLD, "new": NEW}, "new"))

    result = app.test_cli_runner().invoke(args=["keys", "reencrypt", "--batch", "2"])
    assert result.exit_code == 0, result.output
    counts = dict(line.split(": ") for line in result.output.splitlines())
    assert set(counts) == {"accounts", "documents", "profile"}
    assert all(int(value.split()[0]) > 0 for value in counts.values())
    stale = session.scalar(select(func.count()).select_from(ProfileChange)
                           .where(ProfileChange.key_id == "old"))
    assert stale == 0 and key_ids() == {"new"}

    again = app.test_cli_runner().invoke(args=["keys", "reencrypt"])
    assert again.exit_code == 0 and all(line.endswith(": 0 row(s) re-encrypted")
                                        for line in again.output.splitlines())

    use_ring(ring({"new": NEW}, "new"))  # the old key is gone: everything still reads
    session.expire_all()
    stored_citizen = session.get(Account, citizen.id)
    assert reveal_nik(stored_citizen) == nik and mfa.read_secret(session.get(Account, staff.id)) == secret
    state = profile.current(citizen.id)
    assert state.fields["address"].value == ADDRESS and state.fields["full_name"].value == "Rina Marlina"
    history, _total = profile.history(citizen.id, page=1, per_page=20)
    assert {item["old_value"] for item in history if item["field"] == "birth_place"} == {None, "Bandung"}
    assert unsealed(session.get(Document, document_id))["data"] == {"alamat": "Jl. Braga No. 5"}


def test_a_value_changed_meanwhile_is_not_overwritten(app, use_ring, sealed_everywhere):
    from auth.accounts.reencrypt import _reencrypt_row

    citizen, _staff, _document = sealed_everywhere
    use_ring(ring({"old": OLD, "new": NEW}, "new"))
    fields = ProfileField.__table__.c
    read = session.execute(select(fields.profile_id, fields.name, fields.key_id, fields.sealed_value)
                           .where(fields.name == "address")).one()
    changed = {**ADDRESS, "street": "Jl. Asia Afrika No. 8"}
    profile.edit(citizen.id, {"address": changed}, if_match={profile.current(citizen.id).etag})
    written = _reencrypt_row(fields.profile_id.table, [fields.profile_id, fields.name], fields.key_id,
                             [fields.sealed_value], lambda row, _c: f"profile:{row.profile_id}:{row.name}",
                             read)
    assert written == 0
    assert profile.current(citizen.id).fields["address"].value == changed
