"""Every route declares who may call it, and the admin API enforces its declaration."""

from __future__ import annotations

import re

import pytest
from flask.views import MethodView
from platform_probe import assert_problem

from app import create_app
from app.access import public

# The API's own description is public by design; everything else must say so itself.
PUBLIC_BY_DESIGN = {"api-docs.openapi_json", "api-docs.openapi_swagger_ui"}
ACCESS = re.compile(r"^(public|roles:[\w.,]+|scopes:[\w.:,]+)$")


def undeclared_views(app) -> list[str]:
    """Endpoints (and MethodView methods) carrying no `access` declaration."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_BY_DESIGN:
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            handlers = {"": view}
        else:
            handlers = {f" {m}": getattr(view_class, m.lower(), None)
                        for m in sorted(rule.methods - {"HEAD", "OPTIONS"})}
        for suffix, handler in handlers.items():
            if not ACCESS.match(str(getattr(handler, "access", ""))):
                missing.append(f"{rule.endpoint}{suffix}")
    return missing


def test_every_route_declares_access(app):
    assert len(list(app.url_map.iter_rules())) > len(PUBLIC_BY_DESIGN)
    assert undeclared_views(app) == []


def test_the_check_finds_undeclared_functions_and_methods(app_config):
    class Things(MethodView):
        @public
        def get(self):
            return "listed"

        def post(self):
            return "created"

    other = create_app(app_config, services=[])
    other.add_url_rule("/forgotten", view_func=lambda: "open", endpoint="forgotten")
    other.add_url_rule("/things", view_func=Things.as_view("things"))
    assert undeclared_views(other) == ["forgotten", "things POST"]


ADMIN_LIST = "/api/v1/admin/services"


def test_admin_api_without_token_is_401_with_challenge(client):
    response = client.get(ADMIN_LIST)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="satupintu"'


@pytest.mark.parametrize("authorization", [
    "Bearer wrong-token-0123456789abcdef0123456789",
    "Bearer test-operator-token-0123456789abcdeX",
    "Bearer test-operator-token-0123456789abcde",  # a prefix of the real one
])
def test_admin_api_with_wrong_token_is_401_invalid_token(client, authorization):
    response = client.get(ADMIN_LIST, headers={"Authorization": authorization})
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_admin_api_refuses_the_token_in_another_scheme(client, admin_headers):
    token = admin_headers["Authorization"].split(" ", 1)[1]
    for header in (f"Basic {token}", token, "Bearer "):
        assert_problem(client.get(ADMIN_LIST, headers={"Authorization": header}), 401)


def test_admin_api_with_the_operator_token_answers(client, admin_headers):
    response = client.get(ADMIN_LIST, headers=admin_headers)
    assert response.status_code == 200
    assert "pengumuman" in {module["slug"] for module in response.get_json()}


def test_admin_switch_needs_the_token_too(client, admin_headers):
    path = "/api/v1/admin/services/pengumuman/disable"
    assert_problem(client.post(path), 401)
    response = client.post(path, headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json()["enabled"] is False
    assert_problem(client.post("/api/v1/admin/services/nothing/disable", headers=admin_headers), 404)


def test_identity_never_carries_over_to_the_next_request(client, admin_headers):
    # The test kit keeps one app context open across requests, as scripts may too.
    assert client.get(ADMIN_LIST, headers=admin_headers).status_code == 200
    assert_problem(client.get(ADMIN_LIST), 401)
    assert client.get(ADMIN_LIST, headers=admin_headers).status_code == 200
