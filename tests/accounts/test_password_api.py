"""Password change (needs the current one) and reset (same answer for unknown accounts)."""

from app.db import session
from auth.accounts.models import Account
from auth.accounts.service import LoginRefused, check_password_login

RESET = "/api/v1/accounts/password-reset"
NEW = "sepeda ontel kakek tua"


def signs_in(account, password) -> bool:
    try:
        check_password_login(account.email, password, client_ip="192.0.2.1")
    except LoginRefused:
        return False
    return True


def test_change_needs_the_current_password(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    wrong = client.put("/api/v1/me/password", headers=headers,
                       json={"current_password": "bukan ini", "new_password": NEW})
    assert wrong.status_code == 403 and wrong.get_json()["type"].endswith("reauthentication-failed")
    ok = client.put("/api/v1/me/password", headers=headers,
                    json={"current_password": citizen.test_password, "new_password": NEW})
    assert ok.status_code == 204
    assert signs_in(citizen, NEW) and not signs_in(citizen, citizen.test_password)


def test_new_password_follows_the_rules(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    for bad in ("pendek", "iloveyou", citizen.email):
        response = client.put("/api/v1/me/password", headers=headers,
                              json={"current_password": citizen.test_password, "new_password": bad})
        assert response.status_code == 422 and "new_password" in response.get_json()["errors"]


def test_change_needs_the_account_scope(client, citizen, account_headers):
    response = client.put("/api/v1/me/password", headers=account_headers(citizen, "profile"),
                          json={"current_password": citizen.test_password, "new_password": NEW})
    assert response.status_code == 403
    assert 'scope="account"' in response.headers["WWW-Authenticate"]
    assert client.put("/api/v1/me/password", json={}).status_code == 401


def test_reset_answers_the_same_for_unknown_accounts(client, citizen, outbox):
    known = client.post(RESET, json={"identifier": citizen.email})
    unknown = client.post(RESET, json={"identifier": "tidak.ada@contoh.id"})
    junk = client.post(RESET, json={"identifier": "???"})
    assert known.status_code == unknown.status_code == junk.status_code == 202
    assert known.get_data() == unknown.get_data() == junk.get_data()
    assert len(outbox.messages()) == 1


def test_reset_goes_to_the_verified_phone_and_sets_a_new_password(client, citizen, outbox):
    client.post(RESET, json={"identifier": citizen.email})
    code = outbox.code_for(citizen.phone)
    done = client.post(f"{RESET}/confirm",
                       json={"identifier": citizen.email, "code": code, "new_password": NEW})
    assert done.status_code == 204
    assert signs_in(citizen, NEW)
    again = client.post(f"{RESET}/confirm",
                        json={"identifier": citizen.email, "code": code, "new_password": NEW + "!"})
    assert again.status_code == 422


def test_reset_falls_back_to_the_verified_email(client, make_citizen, outbox):
    account = make_citizen(phone=None)
    client.post(RESET, json={"identifier": account.email})
    assert outbox.code_for(account.email)


def test_reset_confirm_refuses_wrong_code_and_unknown_account_alike(client, citizen, outbox):
    client.post(RESET, json={"identifier": citizen.email})
    wrong = client.post(f"{RESET}/confirm",
                        json={"identifier": citizen.email, "code": "12345678", "new_password": NEW})
    unknown = client.post(f"{RESET}/confirm",
                          json={"identifier": "x@contoh.id", "code": "12345678", "new_password": NEW})
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.get_json()["type"] == unknown.get_json()["type"]


def test_reset_lifts_a_lockout(client, citizen, outbox):
    account = session().get(Account, citizen.id)
    account.failed_logins, account.locked_out = 100, True
    session().commit()
    assert not signs_in(citizen, citizen.test_password)
    client.post(RESET, json={"identifier": citizen.email})
    code = outbox.code_for(citizen.phone)
    client.post(f"{RESET}/confirm", json={"identifier": citizen.email, "code": code, "new_password": NEW})
    assert signs_in(citizen, NEW)


def test_a_bad_new_password_does_not_use_up_the_code(client, citizen, outbox):
    client.post(RESET, json={"identifier": citizen.email})
    code = outbox.code_for(citizen.phone)
    weak = client.post(f"{RESET}/confirm",
                       json={"identifier": citizen.email, "code": code, "new_password": "password"})
    assert weak.status_code == 422 and "new_password" in weak.get_json()["errors"]
    ok = client.post(f"{RESET}/confirm",
                     json={"identifier": citizen.email, "code": code, "new_password": NEW})
    assert ok.status_code == 204


def test_password_change_announces_itself_after_commit(client, citizen, account_headers):
    from auth.accounts.signals import password_changed

    received = []
    with password_changed.connected_to(lambda _s, **payload: received.append(payload)):
        client.put("/api/v1/me/password", headers=account_headers(citizen, "account"),
                   json={"current_password": citizen.test_password, "new_password": NEW})
    assert received == [{"account_id": str(citizen.id)}]


def test_reset_confirm_tells_nothing_about_the_account_without_the_code(client, citizen, outbox):
    """Without the code, a password containing the account's phone is refused like any other
    attempt (else anyone could test which phone goes with a NIK); with it, the rule shows and
    the code stays usable for a better password."""
    client.post(RESET, json={"identifier": citizen.email})
    code = outbox.code_for(citizen.phone)
    personal = "kunci " + citizen.phone.removeprefix("+62")
    guessed = client.post(f"{RESET}/confirm",
                          json={"identifier": citizen.email, "code": "00000000", "new_password": personal})
    assert guessed.status_code == 422 and guessed.get_json()["type"].endswith("invalid-code")
    weak = client.post(f"{RESET}/confirm",
                       json={"identifier": "x@contoh.id", "code": "00000000", "new_password": "pendek"})
    assert "new_password" in weak.get_json()["errors"]  # rules that hold for every account come first
    refused = client.post(f"{RESET}/confirm",
                          json={"identifier": citizen.email, "code": code, "new_password": personal})
    assert refused.status_code == 422 and "new_password" in refused.get_json()["errors"]
    done = client.post(f"{RESET}/confirm",
                       json={"identifier": citizen.email, "code": code, "new_password": NEW})
    assert done.status_code == 204
    assert signs_in(citizen, NEW)
