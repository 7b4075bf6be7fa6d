"""Rate limits after the before-request shortcut (app.limits): a limited route still counts every
call and says so in its headers; an unlimited one pays for nothing and shows no limit."""

from __future__ import annotations


def test_a_limited_route_counts_every_call_and_shows_its_limit(client, override_config):
    override_config(RATELIMIT_DOCUMENT_VERIFY="3/minute")
    answers = [client.get("/api/v1/documents/verify", query_string={"token": "x"}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    assert "Retry-After" in answers[3].headers


def test_an_unlimited_route_shows_no_limit(client):
    answer = client.get("/api/v1/catalog")
    assert answer.status_code == 200
    assert not [name for name, _value in answer.headers.items() if name.lower().startswith("x-ratelimit")]
