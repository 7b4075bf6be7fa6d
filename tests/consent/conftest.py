"""An app with the test modules installed, on the suite's database and test transaction."""

from __future__ import annotations

import uuid

import pytest

from app import create_app
from app.consent.uses import register_item_resolver

from .sharing_modules import BANSOS, OFFICER, PAJAK

BIRTH_CERTIFICATE = uuid.UUID("00000000-0000-4000-8000-00000000a4e1")
CERTIFICATE_OWNERS: set[uuid.UUID] = set()  # tests add the subjects that "hold" it


def _documents(subject: uuid.UUID, item: str) -> str | None:
    """Stands in for the documents capability: the one document it knows is a birth certificate."""
    if item == f"document:{BIRTH_CERTIFICATE}" and subject in CERTIFICATE_OWNERS:
        return "document:akta_kelahiran"
    return None


@pytest.fixture(scope="session")
def sharing_app(app, app_config):
    shared = create_app(app_config, services=[BANSOS, PAJAK])
    shared.extensions["satupintu.consent.resolvers"].pop("document")  # the documents capability's
    register_item_resolver(shared, "document", _documents)
    return shared


@pytest.fixture
def api(sharing_app, db_session):
    """A test client of the app with the test modules."""
    CERTIFICATE_OWNERS.clear()
    return sharing_app.test_client()


@pytest.fixture
def bansos_officer(make_staff):
    return make_staff(OFFICER, agency="kemensos", full_name="Petugas Bansos")


@pytest.fixture
def officer_headers(bansos_officer, account_headers):
    return account_headers(bansos_officer, "openid")


@pytest.fixture
def data_headers(account_headers):
    """`data_headers(citizen)`: the citizen's token with the `data` scope."""
    return lambda person: account_headers(person, "data")
