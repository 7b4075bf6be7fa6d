"""An app with the delegation test modules, on the suite's database and test transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import create_app
from app.db import session, utcnow

from .delegate_modules import KLINIK, SEKOLAH

SCOPES = ("delegation", "klinik.use", "sekolah.use", "profile", "account")
KK = "3273051205100007"  # Kota Bandung, issued 12-05-2010


@pytest.fixture(scope="session")
def delegation_app(app, app_config):
    return create_app(app_config, services=[KLINIK, SEKOLAH])


@pytest.fixture
def api(delegation_app, db_session):
    return delegation_app.test_client()


@pytest.fixture
def headers(account_headers):
    """`headers(account)`: a citizen's token with every scope these tests use."""
    return lambda person: account_headers(person, *SCOPES)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def in_days(days: float) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


def years_ago(years: int, days: int = 0) -> date:
    """Born `years` years and `days` days before today."""
    today = date.today()
    if (today.month, today.day) == (2, 29):
        today -= timedelta(days=1)  # so that the year exists; the age is still `years` today
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.fixture
def set_profile(api, headers):
    """`set_profile(account, **fields)` through the profile API (If-Match from a fresh read)."""

    def update(person, **fields):
        response = api.get("/api/v1/me/profile", headers=headers(person))
        patched = api.patch("/api/v1/me/profile", json=fields,
                            headers={**headers(person), "If-Match": response.headers["ETag"]})
        assert patched.status_code == 200, patched.get_json()

    return update


@pytest.fixture
def verify_kk(delegation_app):
    """`verify_kk(account, kk)`: the KK number as a registry module confirms it."""

    def confirm(person, kk: str) -> None:
        with delegation_app.app_context():
            delegation_app.extensions["satupintu.services"].get("profile").record_verified(
                person.id, {"family_card_number": kk}, source="registry:klinik", module="klinik")
            session.commit()  # the module's transaction; the test's outer one still rolls back

    return confirm


@pytest.fixture
def family(make_citizen, set_profile, verify_kk):
    """`family(child_years, child_kk=KK, verified=True)` -> (parent, child), the child linked in the
    parent's household, the KK numbers confirmed by a registry unless `verified=False`."""

    def build(child_years: int, *, child_days: int = 0, child_kk: str = KK, verified: bool = True):
        parent = make_citizen(full_name="Budi Santoso", birth_date=date(1985, 1, 20), sex="M")
        child = make_citizen(full_name="Adi Santoso", birth_date=years_ago(child_years, child_days), sex="M")
        set_profile(parent, household=[
            {"account_id": str(child.id), "name": "Adi Santoso", "relationship": "child"}])
        if verified:
            verify_kk(child, child_kk)
            verify_kk(parent, KK)
        else:
            set_profile(child, family_card_number=child_kk)
            set_profile(parent, family_card_number=KK)
        return parent, child

    return build


@pytest.fixture
def delegate(api, headers):
    """`delegate(grantor, representative, modules=("klinik",), accept=True)` -> delegation JSON."""

    def grant(grantor, representative, modules=("klinik",), *, accept=True, days=30):
        response = api.post("/api/v1/me/delegations", headers=headers(grantor), json={
            "representative": str(representative.id), "modules": list(modules), "valid_until": in_days(days)})
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        if accept:
            accepted = api.post(f"/api/v1/me/delegations/{body['id']}/accept",
                                headers=headers(representative))
            assert accepted.status_code == 200, accepted.get_json()
            body = accepted.get_json()
        return body

    return grant


@pytest.fixture
def act_token(api, headers):
    """`act_token(actor, delegation_id)` -> a delegated access token."""

    def exchange(actor, delegation_id):
        response = api.post(f"/api/v1/me/delegations/{delegation_id}/act", headers=headers(actor))
        assert response.status_code == 200, response.get_json()
        return response.get_json()["access_token"]

    return exchange
