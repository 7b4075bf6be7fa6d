"""The citizen's sessions and consents, and client registration (CLI and admin API)."""

from __future__ import annotations

import uuid

from oidc.browser import Browser
from oidc.conftest import bearer

CLIENTS = "/api/v1/admin/clients"


def test_list_and_revoke_sessions(client, browser, citizen, token_for):
    tokens = browser.tokens(citizen)
    headers = bearer(token_for("account", user=citizen))
    listed = client.get("/api/v1/me/sessions", headers=headers).get_json()
    assert len(listed) == 1 and listed[0]["acr"] == "aal1"
    assert client.delete(f"/api/v1/me/sessions/{listed[0]['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me/sessions", headers=headers).get_json() == []
    # the tokens the apps got through that session stop working
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_another_citizens_session_is_not_found(client, browser, citizen, make_citizen, token_for):
    browser.tokens(citizen)
    mine = client.get("/api/v1/me/sessions", headers=bearer(token_for("account", user=citizen))).get_json()
    other = bearer(token_for("account", user=make_citizen(full_name="Budi Santoso")))
    assert client.delete(f"/api/v1/me/sessions/{mine[0]['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/me/sessions/{uuid.uuid4()}", headers=other).status_code == 404
    assert client.get("/api/v1/me/sessions", headers=other).get_json() == []


def test_list_and_withdraw_consents(client, browser, citizen, token_for):
    tokens = browser.tokens(citizen, scope="openid email")
    headers = bearer(token_for("account", user=citizen))
    consents = client.get("/api/v1/me/consents", headers=headers).get_json()
    assert [(c["client_name"], sorted(c["scopes"])) for c in consents] == [
        ("SatuPintu Mobile", ["email", "openid"])
    ]
    assert client.delete(f"/api/v1/me/consents/{consents[0]['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me/consents", headers=headers).get_json() == []
    assert client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).status_code == 401
    again = browser.authorize(scope="openid email")
    assert again.status_code == 200 and 'action="/oauth/consent"' in again.text


def test_me_endpoints_need_a_citizen(client, token_for, admin_headers):
    assert client.get("/api/v1/me/consents").status_code == 401
    assert client.get("/api/v1/me/consents", headers=bearer(token_for("account"))).status_code == 403


def test_clients_create_cli(app, db_session, oidc_signing_keys):
    from auth.oidc.models import Client

    result = app.test_cli_runner().invoke(
        args=[
            "clients",
            "create",
            "--name",
            "Portal Bapenda",
            "--type",
            "confidential",
            "--redirect-uri",
            "https://bapenda.contoh.go.id/cb",
            "--scope",
            "openid profile",
            "--grant-type",
            "authorization_code",
            "--grant-type",
            "refresh_token",
        ]
    )
    assert result.exit_code == 0, result.output
    client_id = result.output.split("client_id: ")[1].split()[0]
    secret = result.output.split("client_secret: ")[1].split()[0]
    row = db_session.query(Client).filter_by(client_id=client_id).one()
    assert row.secret_hash != secret and len(row.secret_hash) == 64  # HMAC-SHA256, never the secret
    assert len(secret) >= 43
    refused = app.test_cli_runner().invoke(
        args=[
            "clients",
            "create",
            "--name",
            "x",
            "--type",
            "public",
            "--redirect-uri",
            "http://example.com/cb",
        ]
    )
    assert refused.exit_code != 0 and "loopback" in refused.output


def test_admin_api_registers_and_manages_clients(client, admin_headers, make_staff, token_for, citizen):
    body = {
        "name": "Aplikasi Kota",
        "public": True,
        "auth_method": "none",
        "redirect_uris": ["id.go.kota.app:/oauth/callback"],
        "grant_types": ["authorization_code", "refresh_token"],
        "scopes": ["openid", "profile"],
    }
    created = client.post(CLIENTS, json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    client_id = created.get_json()["client_id"]
    assert created.get_json()["client_secret"] is None
    assert client.get(f"{CLIENTS}/{client_id}", headers=admin_headers).get_json()["scopes"] == [
        "openid",
        "profile",
    ]
    patched = client.patch(f"{CLIENTS}/{client_id}", json={"scopes": ["openid"]}, headers=admin_headers)
    assert patched.get_json()["scopes"] == ["openid"]
    assert client.post(f"{CLIENTS}/{client_id}/secret", headers=admin_headers).status_code == 422
    assert client.delete(f"{CLIENTS}/{client_id}", headers=admin_headers).status_code == 204
    assert client.get(f"{CLIENTS}/{client_id}", headers=admin_headers).get_json()["active"] is False

    staff_admin = bearer(token_for("account", user=make_staff("platform_admin", full_name="Operator")))
    assert client.get(CLIENTS, headers=staff_admin).status_code == 200
    assert client.get(CLIENTS, headers=bearer(token_for("account", user=citizen))).status_code == 403
    assert client.get(CLIENTS).status_code == 401


def test_admin_api_validation_is_localised(client, admin_headers):
    body = {
        "name": "Salah",
        "public": True,
        "auth_method": "client_secret_basic",
        "redirect_uris": ["https://a.contoh.id/cb"],
        "grant_types": ["authorization_code"],
        "scopes": ["openid"],
    }
    response = client.post(CLIENTS, json=body, headers={**admin_headers, "Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "auth_method": [
            "The authentication method client_secret_basic is not allowed for this kind of client."
        ]
    }
    response = client.post(
        CLIENTS, json={**body, "auth_method": "none", "scopes": ["openid", "nope"]}, headers=admin_headers
    )
    assert response.get_json()["errors"] == {"scopes": ["Scope tidak dikenal: nope."]}
    unknown = client.post(
        CLIENTS, json={**body, "auth_method": "none", "active": True}, headers=admin_headers
    )
    assert unknown.status_code == 422 and "active" in unknown.get_json()["errors"]


def test_rotated_secret_replaces_the_old_one(client, admin_headers, confidential_client, citizen):
    rotated = client.post(
        f"{CLIENTS}/{confidential_client.client_id}/secret", headers=admin_headers
    ).get_json()
    web = Browser(client, confidential_client)
    assert web.redeem(web.code(citizen), secret=confidential_client.test_secret).status_code == 401
    assert web.redeem(web.code(citizen), secret=rotated["client_secret"]).status_code == 200


def test_deactivated_client_loses_its_grants(client, admin_headers, browser, citizen):
    tokens = browser.tokens(citizen)
    client.delete(f"{CLIENTS}/{browser.oauth_client.client_id}", headers=admin_headers)
    assert client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).status_code == 401
    assert browser.authorize().status_code == 400


def test_prune_deletes_only_what_can_no_longer_be_used(app, browser, citizen, db_session, override_config):
    from auth.oidc.models import AuthorizationCode, RefreshToken

    tokens = browser.tokens(citizen)
    override_config(OIDC_CODE_TTL=-1)
    browser.code(citizen)  # an expired, unused code
    result = app.test_cli_runner().invoke(args=["sso", "prune"])
    assert result.exit_code == 0 and "authorization codes: 1 deleted" in result.output, result.output
    assert db_session.query(AuthorizationCode).count() == 1  # the used one: kept to catch its reuse
    assert db_session.query(RefreshToken).count() == 1
    assert (
        browser.token_request(
            {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        ).status_code
        == 200
    )


def test_security_events_reach_the_audit_log(browser, citizen, db_session, token_for, client):
    from app.audit.models import AuditEntry

    code = browser.code(citizen)
    browser.redeem(code)
    browser.redeem(code)  # reused
    headers = bearer(token_for("account", user=citizen))
    consent_id = client.get("/api/v1/me/consents", headers=headers).get_json()[0]["id"]
    client.delete(f"/api/v1/me/consents/{consent_id}", headers=headers)
    actions = [
        entry.action
        for entry in db_session.query(AuditEntry).order_by(AuditEntry.occurred_at)
        if entry.subject == str(citizen.id)
    ]
    assert "consent.app.granted" in actions and "auth.code.reused" in actions
    assert actions[-1] == "consent.app.withdrawn"


def test_the_export_holds_sign_in_sessions_and_app_consents(client, browser, citizen, token_for):
    browser.tokens(citizen, scope="openid email")
    export = client.get("/api/v1/me/export", headers=bearer(token_for("data", user=citizen))).get_json()
    sign_in = export["sections"]["sign_in"]
    assert len(sign_in["sessions"]) == 1 and sign_in["sessions"][0]["ended_at"] is None
    assert [(c["client_id"], sorted(c["scopes"])) for c in sign_in["app_consents"]] == [
        (browser.oauth_client.client_id, ["email", "openid"])]
