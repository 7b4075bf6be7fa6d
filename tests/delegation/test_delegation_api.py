"""/api/v1/me/delegations: granting, accepting, ending, listing, parents and their children."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.delegation.models import Delegation

from .conftest import KK, in_days

URL = "/api/v1/me/delegations"


def test_a_representative_delegation_waits_for_acceptance(api, headers, make_citizen, delegate):
    grantor, representative = make_citizen(), make_citizen(full_name="Wakil")
    pending = delegate(grantor, representative, ("klinik", "sekolah"), accept=False)
    assert pending["status"] == "pending" and pending["modules"] == ["klinik", "sekolah"]
    assert pending["grantor"] == str(grantor.id) and pending["representative"] == str(representative.id)
    refused = api.post(f"{URL}/{pending['id']}/act", headers=headers(representative))
    assert refused.status_code == 403 and refused.get_json()["type"].endswith(":delegation-inactive")
    accepted = api.post(f"{URL}/{pending['id']}/accept", headers=headers(representative))
    assert accepted.get_json()["status"] == "active"
    again = api.post(f"{URL}/{pending['id']}/accept", headers=headers(representative))
    assert again.status_code == 409


def test_only_the_representative_accepts(api, headers, make_citizen, delegate):
    grantor, representative = make_citizen(), make_citizen()
    pending = delegate(grantor, representative, accept=False)
    assert api.post(f"{URL}/{pending['id']}/accept", headers=headers(grantor)).status_code == 404


def test_lists_show_each_side_its_own_delegations(api, headers, make_citizen, delegate):
    grantor, representative, stranger = make_citizen(), make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    granted = api.get(f"{URL}/granted", headers=headers(grantor))
    assert [d["id"] for d in granted.get_json()["items"]] == [made["id"]]
    assert granted.headers["Cache-Control"] == "no-store"
    received = api.get(f"{URL}/received", headers=headers(representative)).get_json()["items"]
    assert [d["id"] for d in received] == [made["id"]]
    assert api.get(f"{URL}/received", headers=headers(grantor)).get_json()["items"] == []
    for side in ("granted", "received"):
        assert api.get(f"{URL}/{side}", headers=headers(stranger)).get_json()["items"] == []


def test_grant_terms_are_checked(api, headers, make_citizen):
    grantor, representative = make_citizen(), make_citizen()

    def grant(**body):
        return api.post(URL, headers=headers(grantor), json={
            "representative": str(representative.id), "modules": ["klinik"], "valid_until": in_days(5),
            **body})

    assert grant(modules=["tidak_ada"]).get_json()["errors"] == {"modules": ["Layanan ini tidak dikenal."]}
    assert "valid_until" in grant(valid_until=in_days(-1)).get_json()["errors"]
    assert "representative" in grant(representative=str(grantor.id)).get_json()["errors"]
    assert "representative" in grant(representative=str(uuid.uuid4())).get_json()["errors"]
    assert grant(status="active").status_code == 422  # no mass assignment
    capped = grant(valid_until=in_days(1000)).get_json()
    assert capped["valid_until"] <= in_days(366)


def test_the_grantor_revokes_and_the_representative_renounces(api, headers, make_citizen, delegate,
                                                              db_session):
    grantor, representative, stranger = make_citizen(), make_citizen(), make_citizen()
    first, second = delegate(grantor, representative), delegate(grantor, representative)
    assert api.post(f"{URL}/{first['id']}/revoke", headers=headers(stranger)).status_code == 404
    assert api.post(f"{URL}/{first['id']}/revoke", headers=headers(grantor)).get_json()["status"] == "revoked"
    assert api.post(f"{URL}/{second['id']}/revoke", headers=headers(representative)).get_json()["status"] \
        == "revoked"
    actions = db_session.scalars(select(AuditEntry.action).where(AuditEntry.chain == "consent",
                                                                 AuditEntry.subject == str(grantor.id)))
    assert {"delegation.granted", "delegation.accepted", "delegation.revoked",
            "delegation.renounced"} <= set(actions)


def test_a_parent_sees_and_acts_for_a_child_under_17(api, headers, family):
    parent, child = family(16, child_days=300)
    children = api.get(f"{URL}/children", headers=headers(parent)).get_json()["items"]
    assert [c["account_id"] for c in children] == [str(child.id)]
    made = api.post(f"{URL}/children/{child.id}", headers=headers(parent),
                    json={"modules": ["sekolah"], "valid_until": in_days(300)})
    body = made.get_json()
    assert made.status_code == 201 and body["kind"] == "parent" and body["status"] == "active"
    assert body["grantor"] == str(child.id) and body["representative"] == str(parent.id)
    assert body["valid_until"] <= children[0]["adult_on"]  # capped at the 17th birthday


def test_a_parent_cannot_act_for_a_17_year_old(api, headers, family):
    parent, child = family(17)
    assert api.get(f"{URL}/children", headers=headers(parent)).get_json()["items"] == []
    refused = api.post(f"{URL}/children/{child.id}", headers=headers(parent),
                       json={"modules": ["sekolah"], "valid_until": in_days(30)})
    assert refused.status_code == 403 and refused.get_json()["type"].endswith(":delegation-not-eligible")


def test_a_child_in_another_kk_is_refused(api, headers, family):
    parent, child = family(10, child_kk=KK[:-1] + "8")
    refused = api.post(f"{URL}/children/{child.id}", headers=headers(parent),
                       json={"modules": ["sekolah"], "valid_until": in_days(30)})
    assert refused.status_code == 403


def test_a_kk_number_only_typed_in_by_the_citizens_is_not_enough(api, headers, family):
    parent, child = family(10, verified=False)
    assert api.get(f"{URL}/children", headers=headers(parent)).get_json()["items"] == []
    refused = api.post(f"{URL}/children/{child.id}", headers=headers(parent),
                       json={"modules": ["sekolah"], "valid_until": in_days(30)})
    assert refused.status_code == 403


def test_a_stranger_cannot_claim_someone_elses_child(api, headers, family, make_citizen):
    _parent, child = family(8)
    refused = api.post(f"{URL}/children/{child.id}", headers=headers(make_citizen()),
                       json={"modules": ["sekolah"], "valid_until": in_days(30)})
    assert refused.status_code == 403


def test_delegations_are_stored_for_the_subject(api, family, headers, db_session):
    parent, child = family(5)
    api.post(f"{URL}/children/{child.id}", headers=headers(parent),
             json={"modules": ["klinik"], "valid_until": in_days(30)})
    row = db_session.scalar(select(Delegation).where(Delegation.grantor_id == child.id))
    assert row.representative_id == parent.id and row.modules == ["klinik"]
