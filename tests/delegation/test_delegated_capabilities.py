"""Delegated tokens on the subject's own capabilities: the profile and the documents wallet are
reached only when the delegation names them ("profile", "documents"), and then only to read;
every such read is recorded with actor and subject apart (data-access log and audit)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.consent.models import DataAccess
from app.db import session, utcnow
from app.registry import services

from .conftest import KK, bearer, in_days

PROFILE, WALLET = "/api/v1/me/profile", "/api/v1/me/documents"
SCOPES = ("delegation", "klinik.use", "profile", "account", "documents", "data")


@pytest.fixture
def full_headers(account_headers):
    return lambda person: account_headers(person, *SCOPES)


@pytest.fixture
def issue_to(delegation_app, oidc_signing_keys):
    def issue(person):
        with delegation_app.test_request_context("/", base_url="http://localhost/"):
            ref = services().get("documents").issue(
                person.id, "surat_keterangan", {"id": "Surat Keterangan", "en": "Certificate"},
                {"nomor": "001/2026"}, utcnow() + timedelta(days=30), module="klinik")
            session.commit()
        return ref

    return issue


def _problem(response) -> str:
    return response.get_json()["type"].rsplit(":", 1)[-1]


def _act(api, full_headers, actor, delegation_id) -> dict:
    response = api.post(f"/api/v1/me/delegations/{delegation_id}/act", headers=full_headers(actor))
    assert response.status_code == 200, response.get_json()
    return bearer(response.get_json()["access_token"])


def _grant(api, full_headers, grantor, representative, modules) -> str:
    made = api.post("/api/v1/me/delegations", headers=full_headers(grantor), json={
        "representative": str(representative.id), "modules": modules, "valid_until": in_days(30)})
    assert made.status_code == 201, made.get_json()
    accepted = api.post(f"/api/v1/me/delegations/{made.get_json()['id']}/accept",
                        headers=full_headers(representative))
    assert accepted.status_code == 200
    return made.get_json()["id"]


def test_a_delegation_for_a_module_reaches_neither_profile_nor_wallet(api, make_citizen, full_headers,
                                                                       issue_to):
    grantor, representative = make_citizen(), make_citizen()
    issue_to(grantor)
    token = _act(api, full_headers, representative, _grant(api, full_headers, grantor, representative,
                                                           ["klinik"]))
    for path in (PROFILE, f"{PROFILE}/history", WALLET):
        refused = api.get(path, headers=token)
        assert refused.status_code == 403 and _problem(refused) == "delegation-out-of-scope", path
    assert api.get("/api/v1/klinik/whoami", headers=token).status_code == 200
    # each attempt is in the grantor's log, refused, with the representative as actor
    attempts = api.get("/api/v1/me/data-access", headers=full_headers(grantor)).get_json()["items"]
    assert sorted((item["module"]["slug"], item["outcome"], item["reason"]) for item in attempts) == [
        ("documents", "refused", "out_of_scope"), ("profile", "refused", "out_of_scope"),
        ("profile", "refused", "out_of_scope")]
    assert {item["actor"]["id"] for item in attempts} == {str(representative.id)}
    assert {item["refused"][0] for item in attempts} == {
        f"profile:GET {PROFILE}", f"profile:GET {PROFILE}/history", f"documents:GET {WALLET}"}


def test_a_delegation_naming_profile_reads_the_profile_only(api, make_citizen, full_headers, db_session):
    grantor = make_citizen(full_name="Siti Rahmawati")
    representative = make_citizen(full_name="Budi Wakil")
    token = _act(api, full_headers, representative, _grant(api, full_headers, grantor, representative,
                                                           ["profile"]))
    shown = api.get(PROFILE, headers=token)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert shown.get_json()["fields"]["full_name"]["value"] == "Siti Rahmawati"
    assert api.get(f"{PROFILE}/history", headers=token).status_code == 200
    changed = api.patch(PROFILE, headers={**token, "If-Match": shown.headers["ETag"]},
                        json={"birth_place": "Bandung"})
    assert changed.status_code == 403 and _problem(changed) == "delegation-read-only"
    wallet = api.get(WALLET, headers=token)
    assert wallet.status_code == 403 and _problem(wallet) == "delegation-out-of-scope"
    # the representative's own profile, with their own token, is theirs and not logged
    own = api.get(PROFILE, headers=full_headers(representative)).get_json()
    assert own["fields"]["full_name"]["value"] == "Budi Wakil"

    entries = db_session.scalars(select(DataAccess).where(DataAccess.subject == grantor.id)
                                 .order_by(DataAccess.occurred_at)).all()
    assert {e.actor for e in entries} == {f"representative:{representative.id}"}
    assert [(e.module, e.reason) for e in entries] == [
        ("profile", None), ("profile", None), ("profile", "read_only"), ("documents", "out_of_scope")]
    assert "profile:full_name" in entries[0].allowed and entries[1].allowed == ["profile:history"]
    assert entries[2].refused == [f"profile:PATCH {PROFILE}"] and entries[2].allowed == []
    assert db_session.scalar(select(DataAccess).where(DataAccess.subject == representative.id)) is None
    audited = db_session.scalars(select(AuditEntry).where(AuditEntry.chain == "data-access.profile",
                                                          AuditEntry.subject == str(grantor.id))
                                 .order_by(AuditEntry.sequence)).all()
    assert len(audited) == 3 and {a.actor for a in audited} == {str(representative.id)}
    assert [a.action for a in audited] == ["data.read", "data.read", "data.refused"]
    assert json.loads(audited[0].payload)["actor_kind"] == "representative"

    log = api.get("/api/v1/me/data-access?module=profile",
                  headers={**full_headers(grantor), "Accept-Language": "en"})
    newest = log.get_json()["items"][1]  # the history read, after which came the refused change
    assert newest["module"] == {"slug": "profile", "name": "Your profile"}
    assert newest["agency"] == {"code": "satupintu", "name": "SatuPintu"}
    assert newest["purpose"] == {"code": "delegation", "description": "Acting on your behalf"}
    assert newest["basis"] == {"code": "delegation", "description": "The delegation you gave"}
    assert newest["actor"] == {"kind": "representative", "id": str(representative.id),
                               "label": "Your representative (under a delegation)"}


def test_a_parent_sees_the_childs_wallet_and_profile_but_cannot_share(api, family, full_headers, issue_to,
                                                                       db_session):
    parent, child = family(10)
    made = api.post(f"/api/v1/me/delegations/children/{child.id}", headers=full_headers(parent),
                    json={"modules": ["profile", "documents"], "valid_until": in_days(30)})
    assert made.status_code == 201, made.get_json()
    document = issue_to(child)
    issue_to(parent)  # the parent's own document never shows in the child's wallet
    token = _act(api, full_headers, parent, made.get_json()["id"])

    listed = api.get(WALLET, headers=token).get_json()
    assert [item["id"] for item in listed["items"]] == [str(document.id)]
    assert api.get(f"{WALLET}/{document.id}", headers=token).status_code == 200
    pdf = api.get(f"{WALLET}/{document.id}/pdf", headers=token)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert api.get(f"{WALLET}/{document.id}/links", headers=token).status_code == 200
    profile = api.get(PROFILE, headers=token).get_json()
    assert profile["fields"]["family_card_number"]["value"] == KK
    for method, path, body in (("post", f"{WALLET}/{document.id}/links", {"hours": 24}),
                               ("post", f"{WALLET}/{document.id}/module-shares",
                                {"module": "klinik", "purpose": "treatment", "days": 30})):
        refused = getattr(api, method)(path, headers=token, json=body)
        assert refused.status_code == 403 and _problem(refused) == "delegation-read-only", path

    logged = db_session.scalars(select(DataAccess.allowed).where(DataAccess.subject == child.id,
                                                                 DataAccess.module == "documents")).all()
    assert sorted(item for items in logged for item in items) == sorted(
        [f"document:{document.id}"] * 2 + [f"document:{document.id}:pdf", f"document:{document.id}:links"])


def test_a_revoked_delegation_stops_wallet_and_profile_reads(api, make_citizen, full_headers):
    grantor, representative = make_citizen(), make_citizen()
    delegation_id = _grant(api, full_headers, grantor, representative, ["profile", "documents"])
    token = _act(api, full_headers, representative, delegation_id)
    assert api.get(WALLET, headers=token).status_code == 200
    api.post(f"/api/v1/me/delegations/{delegation_id}/revoke", headers=full_headers(grantor))
    for path in (PROFILE, WALLET):
        refused = api.get(path, headers=token)
        assert refused.status_code == 403 and _problem(refused) == "delegation-inactive", path


def test_capability_names_are_accepted_in_a_delegation_unknown_names_are_not(api, make_citizen,
                                                                             full_headers):
    grantor, representative = make_citizen(), make_citizen()
    for modules, status in ((["profile", "documents", "klinik"], 201), (["wallet"], 422), (["consent"], 422)):
        response = api.post("/api/v1/me/delegations", headers=full_headers(grantor), json={
            "representative": str(representative.id), "modules": modules, "valid_until": in_days(5)})
        assert response.status_code == status, modules


def test_a_delegated_read_of_many_documents_logs_every_one(db_session, make_citizen):
    from sqlalchemy import select

    from app.consent.delegated import MAX_ITEMS, record_delegated_read
    from app.consent.models import DataAccess

    subject, representative = make_citizen(full_name="Rina Marlina"), make_citizen(full_name="Budi Santoso")
    items = [f"document:{number}" for number in range(MAX_ITEMS + 5)]
    record_delegated_read(subject.id, str(representative.id), "documents", items)
    logged = [item for entry in db_session.scalars(select(DataAccess).where(DataAccess.subject == subject.id))
              for item in entry.allowed]
    assert sorted(logged) == sorted(items)
