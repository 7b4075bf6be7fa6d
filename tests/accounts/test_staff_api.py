"""Staff accounts, agency scoping, suspension (every token stops at once), unlock, CLI."""

import uuid

import pyotp

from app.db import session
from auth.accounts import service
from auth.accounts.models import Account
from auth.accounts.service import LoginRefused, check_password_login

STAFF = "/api/v1/staff"
ADMIN = "/api/v1/admin/accounts"


def officer_body(**changes) -> dict:
    return {"full_name": "Andi Petugas", "email": "andi@dukcapil.go.id", "role": "officer", **changes}


def test_agency_admin_creates_officers_of_their_own_agency(client, agency_admin, account_headers, outbox):
    headers = account_headers(agency_admin, "account")
    response = client.post(STAFF, headers=headers, json=officer_body())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["roles"] == ["officer"] and body["agency"] == "dukcapil" and not body["mfa_enabled"]
    assert outbox.code_for("andi@dukcapil.go.id")  # to choose a password


def test_agency_admin_cannot_reach_other_agencies_or_roles(client, agency_admin, account_headers):
    headers = account_headers(agency_admin)
    other_agency = client.post(STAFF, headers=headers, json=officer_body(agency="kemenkes"))
    assert other_agency.status_code == 403
    bigger_role = client.post(STAFF, headers=headers, json=officer_body(role="agency_admin"))
    assert bigger_role.status_code == 403


def test_officers_and_citizens_cannot_create_staff(client, officer, citizen, account_headers):
    assert client.post(STAFF, headers=account_headers(officer), json=officer_body()).status_code == 403
    assert client.post(STAFF, headers=account_headers(citizen), json=officer_body()).status_code == 403
    assert client.post(STAFF, json=officer_body()).status_code == 401


def test_platform_admin_creates_agency_admins(client, platform_admin_account, account_headers):
    response = client.post(STAFF, headers=account_headers(platform_admin_account),
                           json=officer_body(role="agency_admin", agency="kemenkes"))
    assert response.status_code == 201 and response.get_json()["agency"] == "kemenkes"
    unknown = client.post(STAFF, headers=account_headers(platform_admin_account),
                          json=officer_body(email="b@x.id", agency="tidak-ada"))
    assert unknown.status_code == 422 and "agency" in unknown.get_json()["errors"]


def test_staff_email_is_unique(client, platform_admin_account, officer, account_headers):
    response = client.post(STAFF, headers=account_headers(platform_admin_account),
                           json=officer_body(email=officer.email, agency="dukcapil"))
    assert response.status_code == 422 and "email" in response.get_json()["errors"]


def test_staff_roles_need_mfa(make_staff):
    without = make_staff("officer", mfa=False)
    assert service.account_roles(without) == frozenset()
    assert service.account_roles(make_staff("officer")) == frozenset({"officer"})
    assert service.mfa_required(without)


def test_staff_list_is_limited_to_the_agency(client, agency_admin, officer, make_staff,
                                             platform_admin_account, account_headers):
    outsider = make_staff("officer", agency="kemenkes")
    listed = client.get(STAFF, headers=account_headers(agency_admin)).get_json()["items"]
    ids = {item["id"] for item in listed}
    assert str(officer.id) in ids and str(outsider.id) not in ids
    everyone = client.get(STAFF, headers=account_headers(platform_admin_account)).get_json()["items"]
    assert {str(officer.id), str(outsider.id)} <= {item["id"] for item in everyone}


def test_suspension_stops_every_token_at_once(client, citizen, platform_admin_account, account_headers):
    tokens = [account_headers(citizen, "profile") for _ in range(2)]
    assert all(client.get("/api/v1/me", headers=h).status_code == 200 for h in tokens)
    done = client.post(f"{ADMIN}/{citizen.id}/suspend", headers=account_headers(platform_admin_account))
    assert done.status_code == 200 and done.get_json()["status"] == "suspended"
    assert all(client.get("/api/v1/me", headers=h).status_code == 401 for h in tokens)
    assert service.get_active_account(citizen.id) is None
    try:
        check_password_login(citizen.email, citizen.test_password, client_ip="192.0.2.9")
    except LoginRefused as refused:
        assert refused.code == "suspended"
    back = client.post(f"{ADMIN}/{citizen.id}/reactivate", headers=account_headers(platform_admin_account))
    assert back.get_json()["status"] == "active"
    assert client.get("/api/v1/me", headers=tokens[0]).status_code == 200


def test_suspension_is_announced_after_commit(client, citizen, admin_headers):
    from auth.accounts.signals import account_suspended

    received = []
    with account_suspended.connected_to(lambda _s, **payload: received.append(payload)):
        client.post(f"{ADMIN}/{citizen.id}/suspend", headers=admin_headers)
    assert received == [{"account_id": str(citizen.id)}]


def test_only_platform_admins_suspend(client, citizen, agency_admin, account_headers):
    by_agency_admin = client.post(f"{ADMIN}/{citizen.id}/suspend", headers=account_headers(agency_admin))
    assert by_agency_admin.status_code == 403
    assert client.post(f"{ADMIN}/{uuid.uuid4()}/suspend",
                       headers={"Authorization": "Bearer x"}).status_code == 401


def test_suspending_an_unknown_account_or_oneself(client, platform_admin_account, account_headers):
    headers = account_headers(platform_admin_account)
    assert client.post(f"{ADMIN}/{uuid.uuid4()}/suspend", headers=headers).status_code == 404
    assert client.post(f"{ADMIN}/{platform_admin_account.id}/suspend", headers=headers).status_code == 409


def test_unlock_lifts_a_lockout(client, citizen, admin_headers):
    account = session().get(Account, citizen.id)
    account.failed_logins, account.locked_out = 100, True
    session().commit()
    response = client.post(f"{ADMIN}/{citizen.id}/unlock", headers=admin_headers)
    assert response.status_code == 200 and not response.get_json()["locked_out"]
    assert check_password_login(citizen.email, citizen.test_password, client_ip="192.0.2.9")


def test_cli_creates_a_platform_admin_with_mfa(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "--email", "Ops@SatuPintu.go.id",
                                 "--name", "Operator Satu"],
                           input="gunung rinjani berkabut\ngunung rinjani berkabut\n")
    assert result.exit_code == 0, result.output
    assert "otpauth://totp/" in result.output
    account = session().query(Account).filter_by(email="ops@satupintu.go.id").one()
    assert account.roles == ["platform_admin"] and account.mfa_enabled and account.kind == "staff"
    uri = next(line.strip() for line in result.output.splitlines() if "otpauth://" in line)
    assert service.verify_second_factor(account, pyotp.parse_uri(uri).now())
    assert service.account_roles(account) == frozenset({"platform_admin"})


def test_cli_refuses_a_weak_password(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "--email", "ops@satupintu.go.id", "--name", "Operator",
              "--password", "password"])
    assert result.exit_code != 0 and "password" in result.output


def test_staff_list_is_paged_and_capped(client, make_staff, platform_admin_account, account_headers):
    for _ in range(3):
        make_staff("officer")
    headers = account_headers(platform_admin_account)
    first = client.get(f"{STAFF}?per_page=2", headers=headers).get_json()
    assert len(first["items"]) == 2 and first["total"] >= 4
    assert client.get(f"{STAFF}?per_page=1000", headers=headers).status_code == 422
    assert client.get(f"{STAFF}?sort=name", headers=headers).status_code == 422
