"""What lands in the audit log: sign-ins (success, failure, lockout), password changes, module
switches, account administration and client registration, each with actor and subject apart,
written in the same transaction as the action."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.models import AuditChainHead, AuditEntry
from auth.accounts.service import LoginRefused, check_password_login, verify_second_factor
from auth.testing.accounts import next_totp

IP = "203.0.113.9"


@pytest.fixture
def entries(db_session):
    """`entries(chain)`: the chain's entries written since the test began. Tests elsewhere that
    commit for real (threads, live servers) leave entries behind, and the database refuses to
    delete audit entries, so each test reads only what came after its start."""
    before = dict(db_session.execute(select(AuditChainHead.chain, AuditChainHead.sequence)).all())

    def read(chain: str) -> list[AuditEntry]:
        since = before.get(chain, 0)
        newer = select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.sequence > since)
        return list(db_session.scalars(newer.order_by(AuditEntry.sequence)))

    return read


def summary(entry: AuditEntry) -> tuple:
    return entry.action, entry.actor, entry.subject, json.loads(entry.payload)


def test_sign_in_success_and_failure(citizen, entries):
    with pytest.raises(LoginRefused):
        check_password_login(citizen.email, "salah sekali kata sandinya", client_ip=IP)
    check_password_login(citizen.email, citizen.test_password, client_ip=IP)
    me = str(citizen.id)
    assert [summary(e) for e in entries("auth")] == [
        ("auth.sign_in.failed", me, me, {"reason": "invalid_credentials", "ip": IP}),
        ("auth.sign_in.succeeded", me, me, {"ip": IP, "factors": "password"}),
    ]


def test_unknown_identifiers_are_logged_without_the_identifier(entries):
    with pytest.raises(LoginRefused):
        check_password_login("3171011405920001", "tebakan kata sandi", client_ip=IP)
    [entry] = entries("auth")
    assert summary(entry) == ("auth.sign_in.failed", "anonymous", None,
                              {"reason": "invalid_credentials", "ip": IP})
    assert "3171011405920001" not in entry.payload


def test_lockout_is_logged_once(citizen, entries, override_config):
    override_config(LOGIN_FREE_FAILURES=10, LOGIN_LOCKOUT_AFTER=3)
    for _attempt in range(3):
        with pytest.raises(LoginRefused):
            check_password_login(citizen.email, "bukan kata sandinya", client_ip=IP)
    actions = [e.action for e in entries("auth")]
    assert actions == ["auth.sign_in.failed"] * 3 + ["auth.locked_out"]


def test_suspended_sign_in_is_logged(citizen, db_session, entries):
    citizen.status = "suspended"
    db_session.commit()
    with pytest.raises(LoginRefused):
        check_password_login(citizen.email, citizen.test_password, client_ip=IP)
    assert [summary(e)[0::3] for e in entries("auth")] == [
        ("auth.sign_in.failed", {"reason": "suspended", "ip": IP})]


def test_second_factor(officer, entries):
    check_password_login(officer.email, officer.test_password, client_ip=IP)
    assert not verify_second_factor(officer, "000000")
    assert verify_second_factor(officer, next_totp(officer))
    assert [summary(e)[0::3] for e in entries("auth")] == [
        ("auth.password.accepted", {"ip": IP}),
        ("auth.sign_in.failed", {"reason": "second_factor", "ip": None}),
        ("auth.sign_in.succeeded", {"factors": "password+second_factor"}),
    ]


def test_password_change(client, citizen, account_headers, entries):
    response = client.put("/api/v1/me/password", headers=account_headers(citizen, "account"),
                          json={"current_password": citizen.test_password,
                                "new_password": "sepeda ontel merah jambu"})
    assert response.status_code == 204
    [entry] = entries("auth")
    assert summary(entry) == ("auth.password.changed", str(citizen.id), str(citizen.id), {})


def test_module_switch(client, admin_headers, entries):
    client.post("/api/v1/admin/services/pengumuman/disable", headers=admin_headers)
    client.post("/api/v1/admin/services/pengumuman/enable", headers=admin_headers)
    assert [summary(e) for e in entries("admin")] == [
        ("module.disabled", "operator", None, {"module": "pengumuman"}),
        ("module.enabled", "operator", None, {"module": "pengumuman"}),
    ]


def test_module_switch_from_the_command_line(app, entries):
    result = app.test_cli_runner().invoke(args=["services", "disable", "pengumuman"])
    assert result.exit_code == 0, result.output
    assert summary(entries("admin")[-1])[:2] == ("module.disabled", "cli")


def test_account_administration(client, platform_admin_account, citizen, account_headers, entries):
    headers = account_headers(platform_admin_account, "account")
    admin, subject = str(platform_admin_account.id), str(citizen.id)
    for action in ("suspend", "reactivate", "unlock"):
        response = client.post(f"/api/v1/admin/accounts/{citizen.id}/{action}", headers=headers)
        assert response.status_code == 200, response.get_json()
    created = client.post("/api/v1/staff", headers=headers, json={
        "full_name": "Andi Petugas", "email": "andi@dukcapil.go.id", "role": "officer", "agency": "dukcapil"})
    assert created.status_code == 201
    assert [summary(e) for e in entries("admin") if e.action.startswith("account.")] == [
        ("account.suspended", admin, subject, {}),
        ("account.reactivated", admin, subject, {}),
        ("account.unlocked", admin, subject, {}),
        ("account.staff_created", admin, created.get_json()["id"], {"role": "officer", "agency": "dukcapil"}),
    ]


def test_a_refused_action_leaves_no_entry(client, platform_admin_account, account_headers, entries):
    response = client.post(f"/api/v1/admin/accounts/{platform_admin_account.id}/suspend",
                           headers=account_headers(platform_admin_account, "account"))
    assert response.status_code == 409  # cannot suspend oneself
    assert [e for e in entries("admin") if e.action.startswith("account.")] == []


def test_client_registration(make_oauth_client, entries):
    from auth.oidc.clients import deactivate, rotate_secret

    row, _secret = make_oauth_client(public=False, name="Portal Uji", scopes=["openid"])
    rotate_secret(row)
    deactivate(row)
    assert [summary(e) for e in entries("admin")] == [
        ("client.registered", "cli", None,
         {"client_id": row.client_id, "public": False, "scopes": ["openid"]}),
        ("client.secret_rotated", "cli", None, {"client_id": row.client_id}),
        ("client.deactivated", "cli", None, {"client_id": row.client_id}),
    ]
