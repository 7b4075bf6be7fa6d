"""Every /api/v1/me route serves a person: a back-end's own token (client_credentials), whatever
scopes its client holds, gets 403 "not-a-citizen" there — never a 500 or a misleading 401."""

from __future__ import annotations

import re

import pytest

from app.api import API_PREFIX


def me_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(f"{API_PREFIX}/me") and "GET" in rule.methods and not rule.arguments:
            view = app.view_functions[rule.endpoint]
            yield rule.rule, getattr(view, "required_scopes", ())


def test_there_are_me_routes_to_check(app):
    assert len(list(me_routes(app))) >= 10


def test_a_back_end_token_is_not_a_citizen_on_any_me_route(app, client, token_for):
    checked = []
    for path, scopes in me_routes(app):
        token = token_for(*scopes)  # no user: a client_credentials token with the route's scopes
        answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
        if answer.status_code == 422:  # required query parameters missing: refused before the view
            continue
        assert answer.status_code == 403, (path, answer.status_code, answer.get_json())
        assert answer.get_json()["type"].endswith("not-a-citizen"), (path, answer.get_json())
        checked.append(path)
    assert any(re.search(r"/me/(invoices|cases|notifications)$", path) for path in checked)


@pytest.mark.parametrize("path", ["/api/v1/me/invoices", "/api/v1/me/notifications/unread-count"])
def test_a_citizen_token_still_reaches_them(client, account_headers, citizen, path):
    scope = path.split("/")[4]
    scope = {"invoices": "payments"}.get(scope, scope)
    assert client.get(path, headers=account_headers(citizen, scope)).status_code == 200
