"""Reads through the consent service: refused without consent (403, logged), allowed with it,
refused again after withdrawal or expiry, allowed on a declared lawful basis (and shown), and
every read, allowed or not, in the citizen's log and the audit chain."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from platform_probe import assert_problem
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.consent.models import ConsentGrant, DataAccess
from app.contracts.consent import ConsentRefused, ReadRequest
from app.db import session, utcnow
from app.modules.switch import set_enabled
from app.registry import services

from .conftest import BIRTH_CERTIFICATE, CERTIFICATE_OWNERS

ADDRESS, HOUSEHOLD, BIRTH = "profile:address", "profile:household", "document:akta_kelahiran"


@pytest.fixture
def module(api, officer_headers):
    """The bansos module as an officer drives it: `module.read(citizen, purpose, *items)`."""

    class Module:
        def read(self, person, purpose, *items, as_system=False):
            return api.post(f"/api/v1/bansos/citizens/{person.id}/read", headers=officer_headers,
                            json={"purpose": purpose, "items": list(items), "as_system": as_system})

        def ask(self, person, purpose, *items, days=None):
            response = api.post(f"/api/v1/bansos/citizens/{person.id}/consent-requests",
                                headers=officer_headers,
                                json={"purpose": purpose, "items": list(items), "days": days})
            assert response.status_code == 201, response.get_json()
            return response.get_json()["id"]

    return Module()


@pytest.fixture
def consent_to(api, module, data_headers):
    """`consent_to(citizen, *items)`: the module asks (eligibility) and the citizen approves."""

    def approve(person, *items, days=None) -> dict:
        request_id = module.ask(person, "eligibility", *items, days=days)
        response = api.post(f"/api/v1/me/data-sharing/requests/{request_id}/approve",
                            headers=data_headers(person))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return approve


def authorize(subject, purpose, *items, actor="system"):
    return services().get("consent").authorize(ReadRequest(subject, "bansos", purpose, items, actor))


def log_of(db_session, person) -> list[DataAccess]:
    return list(db_session.scalars(select(DataAccess).where(DataAccess.subject == person.id)
                                   .order_by(DataAccess.occurred_at)))


def refused(response, *items, reason="no_consent") -> None:
    body = assert_problem(response, 403)
    assert body["type"] == "urn:satupintu:problem:consent-refused"
    assert (body["refused"], body["reason"]) == (list(items), reason)


def test_read_without_consent_is_403_and_logged(module, citizen, bansos_officer, db_session):
    refused(module.read(citizen, "eligibility", ADDRESS), ADDRESS)
    [entry] = log_of(db_session, citizen)
    assert (entry.module, entry.agency, entry.actor, entry.purpose) == (
        "bansos", "kemensos", str(bansos_officer.id), "eligibility")
    assert (entry.allowed, entry.refused, entry.basis, entry.reason) == ([], [ADDRESS], "none", "no_consent")
    [audited] = db_session.scalars(select(AuditEntry).where(AuditEntry.chain == "data-access.bansos"))
    assert (audited.action, audited.actor, audited.subject) == ("data.refused", str(bansos_officer.id),
                                                                str(citizen.id))
    assert json.loads(audited.payload)["access_id"] == str(entry.id)


def test_with_consent_the_read_is_allowed_and_logged(module, consent_to, citizen, db_session):
    consent_to(citizen, ADDRESS, HOUSEHOLD)
    response = module.read(citizen, "eligibility", ADDRESS, HOUSEHOLD)
    assert response.status_code == 200 and response.get_json() == {"allowed": [ADDRESS, HOUSEHOLD]}
    [entry] = log_of(db_session, citizen)
    assert (entry.allowed, entry.refused, entry.basis) == ([ADDRESS, HOUSEHOLD], [], "consent")
    assert entry.reason is None


def test_only_consented_items_are_allowed(module, consent_to, citizen, db_session):
    consent_to(citizen, ADDRESS)
    response = module.read(citizen, "eligibility", ADDRESS, HOUSEHOLD)
    assert response.get_json() == {"allowed": [ADDRESS]}
    [entry] = log_of(db_session, citizen)
    assert (entry.allowed, entry.refused, entry.reason) == ([ADDRESS], [HOUSEHOLD], "no_consent")


def test_consent_counts_for_its_purpose_only(module, consent_to, citizen):
    consent_to(citizen, ADDRESS)
    refused(module.read(citizen, "no_such_purpose", ADDRESS), ADDRESS, reason="undeclared")


def test_consent_of_one_citizen_does_not_open_another(module, consent_to, citizen, make_citizen):
    consent_to(citizen, ADDRESS)
    refused(module.read(make_citizen(), "eligibility", ADDRESS), ADDRESS)


def test_after_withdrawal_the_next_read_is_refused_and_logged(api, module, consent_to, citizen, data_headers,
                                                              db_session):
    consent_to(citizen, ADDRESS)
    assert module.read(citizen, "eligibility", ADDRESS).status_code == 200
    [consent] = api.get("/api/v1/me/data-sharing/consents", headers=data_headers(citizen)).get_json()
    withdrawn = api.post(f"/api/v1/me/data-sharing/consents/{consent['id']}/withdraw",
                         headers=data_headers(citizen))
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    refused(module.read(citizen, "eligibility", ADDRESS), ADDRESS)
    assert [(e.allowed, e.refused) for e in log_of(db_session, citizen)] == [([ADDRESS], []), ([], [ADDRESS])]


def test_an_expired_consent_is_refused(module, consent_to, citizen, db_session):
    consent_to(citizen, ADDRESS, days=1)
    assert module.read(citizen, "eligibility", ADDRESS).status_code == 200
    grant = db_session.scalar(select(ConsentGrant).where(ConsentGrant.subject == citizen.id))
    assert grant.expires_at - grant.granted_at == timedelta(days=1)
    grant.expires_at = utcnow() - timedelta(seconds=1)  # a day later
    db_session.commit()
    refused(module.read(citizen, "eligibility", ADDRESS), ADDRESS)


def test_a_lawful_basis_allows_without_consent_and_is_shown(api, module, citizen, data_headers, db_session):
    response = module.read(citizen, "fraud_check", ADDRESS, as_system=True)
    assert response.get_json() == {"allowed": [ADDRESS]}
    [entry] = log_of(db_session, citizen)
    assert (entry.basis, entry.actor) == ("legal_duty", "system")
    shown = api.get("/api/v1/me/data-access", headers={**data_headers(citizen), "Accept-Language": "en"})
    [item] = shown.get_json()["items"]
    assert item["basis"] == {"code": "legal_duty", "description": "The agency's legal duty"}
    assert item["purpose"] == {"code": "fraud_check",
                               "description": "Preventing double receipt of assistance"}
    assert item["actor"] == {"kind": "system", "id": "system",
                             "label": "The service's system (automatic)"}


def test_a_lawful_basis_covers_only_its_declared_items(module, citizen):
    response = module.read(citizen, "fraud_check", ADDRESS, HOUSEHOLD)
    assert response.get_json() == {"allowed": [ADDRESS]}
    refused(module.read(citizen, "fraud_check", HOUSEHOLD), HOUSEHOLD, reason="undeclared")


def test_undeclared_items_are_refused_and_logged(module, consent_to, citizen, db_session):
    consent_to(citizen, ADDRESS)
    refused(module.read(citizen, "eligibility", "profile:religion"), "profile:religion", reason="undeclared")
    assert log_of(db_session, citizen)[-1].reason == "undeclared"


def test_a_disabled_module_reads_nothing(module, consent_to, citizen, db_session, sharing_app):
    consent_to(citizen, ADDRESS)
    with sharing_app.test_request_context():
        set_enabled("bansos", False, actor="test")
        with pytest.raises(ConsentRefused) as caught:
            authorize(citizen.id, "eligibility", ADDRESS)
    sharing_app.extensions["satupintu.state"].invalidate()
    assert caught.value.reason == "module_disabled"
    assert log_of(db_session, citizen)[-1].reason == "module_disabled"


def test_a_document_instance_is_covered_by_consent_to_its_type(module, consent_to, citizen, make_citizen):
    document = f"document:{BIRTH_CERTIFICATE}"
    CERTIFICATE_OWNERS.add(citizen.id)
    consent_to(citizen, BIRTH)
    assert module.read(citizen, "eligibility", document).get_json() == {"allowed": [document]}
    other = make_citizen()  # not theirs: the resolver knows no such document of this citizen
    refused(module.read(other, "eligibility", document), document, reason="undeclared")


def test_consent_to_one_document_covers_that_document_only(module, consent_to, citizen):
    document = f"document:{BIRTH_CERTIFICATE}"
    CERTIFICATE_OWNERS.add(citizen.id)
    consent_to(citizen, document)
    assert module.read(citizen, "eligibility", document).get_json() == {"allowed": [document]}
    refused(module.read(citizen, "eligibility", BIRTH), BIRTH)


def test_refused_read_is_kept_even_when_the_module_rolls_back(sharing_app, citizen, db_session):
    with sharing_app.test_request_context():
        with pytest.raises(ConsentRefused):
            authorize(citizen.id, "eligibility", ADDRESS)
        session.rollback()
    assert len(log_of(db_session, citizen)) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"module": "nowhere"}, "no installed module"),
    ({"purpose": "Bad Purpose"}, "not a purpose name"),
    ({"actor": "officer budi"}, "actor must be"),
    ({"items": ()}, "between 1 and 20"),
    ({"items": tuple(f"profile:f{n}" for n in range(21))}, "between 1 and 20"),
    ({"items": ("profile:" + "x" * 80,)}, "at most 80"),
    ({"subject": "not-a-uuid"}, "subject must be"),
])
def test_programming_errors_are_value_errors(sharing_app, db_session, fields, message):
    values = {"subject": uuid.uuid4(), "module": "bansos", "purpose": "eligibility", "items": (ADDRESS,),
              "actor": "system", **fields}
    with sharing_app.test_request_context(), pytest.raises(ValueError, match=message):
        services().get("consent").authorize(ReadRequest(**values))


@pytest.mark.parametrize(("fields", "message"), [
    ({"purpose": "fraud"}, "declares no data use"),
    ({"items": ("profile:religion",)}, "not declared"),
    ({"expires_in": timedelta(days=366)}, "at most 365 days"),
    ({"expires_in": timedelta(0)}, "more than nothing"),
])
def test_refused_requests(sharing_app, db_session, fields, message):
    values = {"subject": uuid.uuid4(), "module": "bansos", "purpose": "eligibility", "items": (ADDRESS,),
              "actor": "system", **fields}
    with sharing_app.test_request_context(), pytest.raises(ValueError, match=message):
        services().get("consent").request(**values)
