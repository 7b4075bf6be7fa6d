"""Acting under a delegation: the RFC 8693 token, and the checks every delegated request passes."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from app.audit.models import AuditEntry
from app.consent.models import DataAccess
from app.db import utcnow
from app.delegation.models import Delegation
from auth.oidc.tokens import validate_access_token

from .conftest import bearer, in_days

URL = "/api/v1/me/delegations"


def _problem(response) -> str:
    return response.get_json()["type"].rsplit(":", 1)[-1]


def test_the_token_names_the_subject_and_the_actor(api, make_citizen, delegate, act_token, delegation_app):
    grantor, representative = make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    token = act_token(representative, made["id"])
    with delegation_app.test_request_context("/", base_url="http://localhost/"):
        claims = validate_access_token(token).claims
    assert claims["sub"] == str(grantor.id) and claims["act"] == {"sub": str(representative.id)}
    assert claims["did"] == made["id"] and claims["exp"] - claims["iat"] <= 300
    response = api.get("/api/v1/klinik/whoami", headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json() == {"subject": str(grantor.id), "actor": str(representative.id),
                                   "acting_for": str(grantor.id)}


def test_without_delegation_the_actor_is_none(api, make_citizen, headers):
    person = make_citizen()
    body = api.get("/api/v1/klinik/whoami", headers=headers(person)).get_json()
    assert body == {"subject": str(person.id), "actor": None, "acting_for": None}


def test_a_module_outside_the_delegation_is_refused(api, make_citizen, delegate, act_token):
    grantor, representative = make_citizen(), make_citizen()
    token = act_token(representative, delegate(grantor, representative, ("klinik",))["id"])
    refused = api.get("/api/v1/sekolah/whoami", headers=bearer(token))
    assert refused.status_code == 403 and _problem(refused) == "delegation-out-of-scope"
    assert refused.mimetype == "application/problem+json"


def test_platform_routes_are_refused_to_a_delegated_token(api, make_citizen, delegate, act_token):
    grantor, representative = make_citizen(), make_citizen()
    token = act_token(representative, delegate(grantor, representative)["id"])
    for path in ("/api/v1/me/profile", f"{URL}/granted", "/api/v1/me/documents"):
        assert api.get(path, headers=bearer(token)).status_code == 403, path
    again = api.post(f"{URL}/{delegate(grantor, representative)['id']}/act", headers=bearer(token))
    assert again.status_code == 403  # no chains of delegation


def test_a_revoked_delegation_is_refused_at_once(api, headers, make_citizen, delegate, act_token):
    grantor, representative = make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    token = act_token(representative, made["id"])
    assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 200
    api.post(f"{URL}/{made['id']}/revoke", headers=headers(grantor))
    refused = api.get("/api/v1/klinik/whoami", headers=bearer(token))
    assert refused.status_code == 403 and _problem(refused) == "delegation-inactive"
    assert api.post(f"{URL}/{made['id']}/act", headers=headers(representative)).status_code == 403


def test_a_renounced_delegation_is_refused(api, headers, make_citizen, delegate, act_token):
    grantor, representative = make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    token = act_token(representative, made["id"])
    api.post(f"{URL}/{made['id']}/revoke", headers=headers(representative))
    assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 403


def test_an_expired_delegation_is_refused(api, make_citizen, delegate, act_token, db_session):
    grantor, representative = make_citizen(), make_citizen()
    made = delegate(grantor, representative, days=1)
    token = act_token(representative, made["id"])
    db_session.execute(update(Delegation).where(Delegation.id == uuid.UUID(made["id"]))
                       .values(valid_until=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    refused = api.get("/api/v1/klinik/whoami", headers=bearer(token))
    assert refused.status_code == 403 and _problem(refused) == "delegation-inactive"


def test_a_stranger_cannot_use_someone_elses_delegation(api, headers, make_citizen, delegate):
    grantor, representative, stranger = make_citizen(), make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    for actor in (stranger, grantor):
        assert api.post(f"{URL}/{made['id']}/act", headers=headers(actor)).status_code == 404


def test_the_actors_logout_ends_the_delegated_token(api, make_citizen, delegate, act_token, delegation_app):
    from auth.oidc import store

    grantor, representative = make_citizen(), make_citizen()
    token = act_token(representative, delegate(grantor, representative)["id"])
    with delegation_app.test_request_context("/", base_url="http://localhost/"):
        store.revoke_grant(validate_access_token(token).grant_id)
    assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 401


def test_a_delegated_request_costs_one_query(api, make_citizen, delegate, act_token, count_queries):
    grantor, representative = make_citizen(), make_citizen()
    token = act_token(representative, delegate(grantor, representative)["id"])
    assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 200  # warms module caches
    with count_queries() as queries:
        assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 200
    assert queries.count == 1, queries.statements


def test_a_parent_acts_for_a_child(api, headers, family, act_token):
    parent, child = family(9)
    made = api.post(f"{URL}/children/{child.id}", headers=headers(parent),
                    json={"modules": ["sekolah"], "valid_until": in_days(30)}).get_json()
    token = act_token(parent, made["id"])
    body = api.get("/api/v1/sekolah/whoami", headers=bearer(token)).get_json()
    assert body["subject"] == str(child.id) and body["actor"] == str(parent.id)


def test_audit_and_data_access_record_actor_and_subject(api, make_citizen, delegate, act_token, db_session):
    grantor, representative = make_citizen(), make_citizen()
    made = delegate(grantor, representative)
    token = act_token(representative, made["id"])
    assert api.post("/api/v1/klinik/visits", headers=bearer(token)).status_code == 201
    booked = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "klinik.visit_booked",
                                                        AuditEntry.subject == str(grantor.id)))
    assert booked.actor == str(representative.id)
    issued = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "delegation.token_issued",
                                                        AuditEntry.subject == str(grantor.id)))
    assert issued.actor == str(representative.id) and issued.chain == "auth"
    read = db_session.scalar(select(DataAccess).where(DataAccess.subject == grantor.id))
    assert read.actor == f"representative:{representative.id}" and read.module == "klinik"


def test_a_suspended_actor_cannot_act(api, make_citizen, delegate, act_token, db_session):
    grantor, representative = make_citizen(), make_citizen()
    token = act_token(representative, delegate(grantor, representative)["id"])
    from auth.accounts.models import Account

    db_session.execute(update(Account).where(Account.id == representative.id).values(status="suspended"))
    db_session.commit()
    assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 401


def test_a_suspended_subject_is_not_acted_for(api, make_citizen, delegate, act_token, db_session):
    """Suspending the citizen acted for stops every delegated token acting for them at once,
    whoever the representative is (their own tokens stop too)."""
    grantor, first, second = make_citizen(), make_citizen(), make_citizen()
    tokens = [act_token(first, delegate(grantor, first)["id"]),
              act_token(second, delegate(grantor, second)["id"])]
    for token in tokens:
        assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 200
    from auth.accounts.models import Account

    db_session.execute(update(Account).where(Account.id == grantor.id).values(status="suspended"))
    db_session.commit()
    for token in tokens:
        assert api.get("/api/v1/klinik/whoami", headers=bearer(token)).status_code == 401
    # the representatives themselves are not affected
    db_session.execute(update(Account).where(Account.id == grantor.id).values(status="active"))
    db_session.commit()
    assert api.get("/api/v1/klinik/whoami", headers=bearer(tokens[0])).status_code == 200
