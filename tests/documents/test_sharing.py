"""Share links: time-limited, hashed at rest, revocable; opening one needs nothing but the link."""

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.documents.models import DocumentShare
from app.registry import services
from tests.documents.conftest import DATA, ISSUER

URL = "/api/v1/me/documents"


@pytest.fixture
def shared(client, citizen, wallet, issue):
    """(document ref, link body) for a fresh 72-hour link."""
    ref = issue(citizen)
    response = client.post(f"{URL}/{ref.id}/links", headers=wallet, json={})
    assert response.status_code == 201, response.get_json()
    return ref, response.get_json()


def path_of(link: dict) -> str:
    return link["url"].removeprefix("http://localhost")


def test_a_link_opens_the_document_for_anyone_holding_it(client, shared):
    ref, link = shared
    assert link["url"].startswith("http://localhost/api/v1/documents/shared/")
    lifetime = datetime.fromisoformat(link["expires_at"]) - datetime.fromisoformat(link["created_at"])
    assert lifetime == timedelta(hours=72)
    response = client.get(path_of(link))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["id"] == str(ref.id) and body["data"] == DATA and body["holder_name"] == "Rina Marlina"
    assert "token" not in body
    pdf = client.get(path_of(link) + "/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_links_are_listed_without_their_tokens_and_stored_hashed(client, shared, wallet, db_session):
    ref, link = shared
    client.get(path_of(link))
    listed = client.get(f"{URL}/{ref.id}/links", headers=wallet).get_json()["items"]
    assert [item["id"] for item in listed] == [link["id"]]
    assert listed[0]["opened_count"] == 1 and listed[0]["last_opened_at"] and "url" not in listed[0]
    token = link["url"].rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits
    stored = db_session.scalars(select(DocumentShare.token_hash)).all()
    assert token not in stored and all(len(value) == 64 for value in stored)


def test_a_revoked_link_is_404_at_once(client, shared, wallet):
    ref, link = shared
    assert client.delete(f"{URL}/{ref.id}/links/{link['id']}", headers=wallet).status_code == 204
    assert client.get(path_of(link)).status_code == 404
    assert client.get(path_of(link) + "/pdf").status_code == 404
    assert client.get(f"{URL}/{ref.id}/links", headers=wallet).get_json()["items"][0]["revoked_at"]


def test_an_expired_link_is_404(client, shared, db_session):
    _ref, link = shared
    share = db_session.get(DocumentShare, uuid.UUID(link["id"]))
    share.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    response = client.get(path_of(link))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_an_unknown_link_is_404(client):
    assert client.get("/api/v1/documents/shared/not-a-real-token").status_code == 404


def test_a_link_to_a_revoked_document_shows_it_revoked(client, shared, db_session):
    ref, link = shared
    services().get("documents").revoke(ref.id, "issued in error", module=ISSUER)
    db_session.commit()
    assert client.get(path_of(link)).get_json()["status"] == "revoked"


@pytest.mark.parametrize("hours", [0, 721, "soon"])
def test_link_lifetime_is_bounded(client, citizen, wallet, issue, hours):
    ref = issue(citizen)
    assert client.post(f"{URL}/{ref.id}/links", headers=wallet, json={"hours": hours}).status_code == 422


def test_only_the_holder_revokes_a_link(client, shared, make_citizen, account_headers):
    ref, link = shared
    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "documents")
    assert client.delete(f"{URL}/{ref.id}/links/{link['id']}", headers=other).status_code == 404
    assert client.get(path_of(link)).status_code == 200


def test_opening_links_is_rate_limited(client, shared, override_config):
    _ref, link = shared
    override_config(RATELIMIT_DOCUMENT_SHARED="2/minute")
    assert [client.get(path_of(link)).status_code for _ in range(3)] == [200, 200, 429]
