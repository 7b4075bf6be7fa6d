"""Password sign-in: identifiers, refusals, back-off, lockout, per-IP throttling, suspension."""

from datetime import timedelta

import pytest

from app.db import session, utcnow
from auth.accounts import passwords, service
from auth.accounts.models import Account, LoginThrottle
from auth.accounts.service import LoginRefused, check_password_login
from auth.testing.accounts import nik_for

IP = "203.0.113.7"


def refused(identifier, password, ip=IP) -> LoginRefused:
    with pytest.raises(LoginRefused) as caught:
        check_password_login(identifier, password, client_ip=ip)
    return caught.value


def fresh(account) -> Account:
    return session().get(Account, account.id, populate_existing=True)


def test_sign_in_by_nik_phone_or_email(citizen):
    nik = service.reveal_nik(citizen)
    national = "0" + citizen.phone[3:]
    for identifier in (nik, citizen.phone, national, citizen.email.upper(), f"  {citizen.email} "):
        assert check_password_login(identifier, citizen.test_password, client_ip=IP).id == citizen.id


def test_unverified_phone_or_email_identifies_nobody(make_citizen):
    account = make_citizen(verified=False)
    assert refused(account.phone, account.test_password).code == "invalid_credentials"
    assert refused(account.email, account.test_password).code == "invalid_credentials"
    nik = service.reveal_nik(account)
    assert check_password_login(nik, account.test_password, client_ip=IP).id == account.id


def test_wrong_password_and_unknown_account_answer_alike(citizen, monkeypatch):
    verified = []
    real_verify = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: verified.append(h) or real_verify(h, p))
    wrong = refused(citizen.email, "salah sekali ini")
    unknown = refused("tidak.ada@contoh.id", "salah sekali ini")
    assert (wrong.code, wrong.retry_after) == (unknown.code, unknown.retry_after)
    assert wrong.code == "invalid_credentials" and wrong.retry_after is None
    assert verified == [citizen.password_hash, passwords.dummy_hash()]  # same argon2 work for both
    assert refused("bukan apa-apa", "x").code == "invalid_credentials"


def test_back_off_starts_after_the_free_failures(citizen, override_config):
    override_config(LOGIN_FREE_FAILURES=3)
    for _ in range(3):
        refused(citizen.email, "salah")
    assert fresh(citizen).failed_logins == 3
    locked = refused(citizen.email, citizen.test_password)  # even the right password waits
    assert locked.code == "locked" and 1 <= locked.retry_after <= 2
    assert locked.message_key == "accounts.login.backoff"


def test_unknown_identifiers_back_off_the_same_way(db_session, override_config):
    override_config(LOGIN_FREE_FAILURES=3)
    for _ in range(3):
        refused("hilang@contoh.id", "salah")
    locked = refused("hilang@contoh.id", "salah")
    assert locked.code == "locked" and 1 <= locked.retry_after <= 2


def test_back_off_grows_and_is_capped():
    from auth.accounts.throttle import backoff

    assert backoff(4, 5) == timedelta(0)
    assert [backoff(n, 5).total_seconds() for n in (5, 6, 7, 8)] == [1, 2, 4, 8]
    assert backoff(99, 5) == timedelta(minutes=15)


def test_lockout_after_at_most_one_hundred_consecutive_failures(citizen, override_config):
    override_config(LOGIN_LOCKOUT_AFTER=500)  # configured too high: capped at 100
    account = fresh(citizen)
    account.failed_logins = 99
    session().commit()
    refused(citizen.email, "salah")
    account = fresh(citizen)
    assert account.failed_logins == 100 and account.locked_out
    account.locked_until = utcnow() - timedelta(seconds=1)  # the back-off has run out ...
    session().commit()
    locked = refused(citizen.email, citizen.test_password)  # ... the lockout has not
    assert locked.code == "locked" and locked.retry_after is None
    assert locked.message_key == "accounts.login.locked_out"


def test_success_resets_the_consecutive_count(citizen):
    refused(citizen.email, "salah")
    refused(citizen.email, "salah")
    check_password_login(citizen.email, citizen.test_password, client_ip=IP)
    assert fresh(citizen).failed_logins == 0


def test_per_ip_throttling_spans_accounts(make_citizen, override_config):
    override_config(LOGIN_IP_FREE_FAILURES=4)
    accounts = [make_citizen() for _ in range(4)]
    for account in accounts:
        refused(account.email, "salah")
    locked = refused(accounts[0].email, accounts[0].test_password)
    assert locked.code == "locked" and locked.retry_after >= 1
    # another address is not affected
    assert check_password_login(accounts[0].email, accounts[0].test_password, client_ip="198.51.100.1")


def test_ip_failures_are_forgotten_after_an_hour(citizen, override_config):
    override_config(LOGIN_IP_FREE_FAILURES=1)
    refused("a@contoh.id", "salah")
    row = session().get(LoginThrottle, f"ip:{IP}")
    row.last_failure_at = row.locked_until = utcnow() - timedelta(hours=2)
    session().commit()
    assert check_password_login(citizen.email, citizen.test_password, client_ip=IP)
    refused("a@contoh.id", "salah")
    assert session().get(LoginThrottle, f"ip:{IP}", populate_existing=True).failed_logins == 1


def test_suspension_is_told_only_after_the_right_password(citizen):
    account = fresh(citizen)
    account.status = "suspended"
    session().commit()
    assert refused(citizen.email, "salah").code == "invalid_credentials"
    assert refused(citizen.email, citizen.test_password).code == "suspended"


def test_get_active_account(citizen):
    assert service.get_active_account(citizen.id).id == citizen.id
    assert service.get_active_account(str(citizen.id)).id == citizen.id
    assert service.get_active_account("not-a-uuid") is None
    assert service.get_active_account("00000000-0000-4000-8000-000000000000") is None
    fresh(citizen).status = "suspended"
    session().commit()
    assert service.get_active_account(citizen.id) is None


def test_outdated_hashes_are_upgraded_on_sign_in(make_citizen):
    from argon2 import PasswordHasher, extract_parameters

    account = make_citizen()
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    fresh(account).password_hash = weak.hash(account.test_password)
    session().commit()
    check_password_login(account.email, account.test_password, client_ip=IP)
    assert extract_parameters(fresh(account).password_hash).memory_cost >= 19 * 1024


def test_nik_lookup_uses_the_blind_index(make_citizen):
    from datetime import date

    nik = nik_for(date(1988, 2, 3), "M")
    account = make_citizen(nik=nik, birth_date=date(1988, 2, 3), sex="M")
    assert account.nik_hash != nik and nik not in account.nik_hash
    assert service.find_account(nik).id == account.id
