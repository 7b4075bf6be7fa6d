"""One-time codes: entropy, hashed storage, single use, expiry, purpose binding, attempts."""

from datetime import timedelta

from app.db import session, utcnow
from auth.accounts import codes
from auth.accounts.models import OneTimeCode


def live_row(account, purpose) -> OneTimeCode:
    return session().query(OneTimeCode).filter_by(account_id=account.id, purpose=purpose).one()


def test_codes_have_at_least_20_bits_and_are_stored_hashed(citizen):
    assert 10 ** codes.CODE_DIGITS >= 2 ** 20
    code = codes.issue(citizen, codes.VERIFY_PHONE, citizen.phone)
    assert len(code) == codes.CODE_DIGITS and code.isdigit()
    row = live_row(citizen, codes.VERIFY_PHONE)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert timedelta(minutes=9) < row.expires_at - utcnow() <= timedelta(minutes=10)


def test_codes_are_random(citizen):
    seen = {codes.issue(citizen, codes.VERIFY_PHONE, citizen.phone) for _ in range(20)}
    assert len(seen) > 15


def test_single_use(citizen):
    code = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    assert codes.redeem(citizen, codes.RESET_PASSWORD, code) == citizen.phone
    assert codes.redeem(citizen, codes.RESET_PASSWORD, code) is None


def test_bound_to_purpose(citizen):
    code = codes.issue(citizen, codes.VERIFY_EMAIL, citizen.email)
    assert codes.redeem(citizen, codes.RESET_PASSWORD, code) is None
    assert codes.redeem(citizen, codes.VERIFY_EMAIL, code) == citizen.email


def test_bound_to_account(citizen, make_citizen):
    other = make_citizen()
    code = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    assert codes.redeem(other, codes.RESET_PASSWORD, code) is None


def test_expires_after_ten_minutes(citizen):
    code = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    live_row(citizen, codes.RESET_PASSWORD).expires_at = utcnow() - timedelta(seconds=1)
    session().flush()
    assert codes.redeem(citizen, codes.RESET_PASSWORD, code) is None


def test_a_new_code_replaces_the_old_one(citizen):
    first = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    second = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    assert session().query(OneTimeCode).filter_by(account_id=citizen.id).count() == 1
    if first != second:
        assert codes.redeem(citizen, codes.RESET_PASSWORD, first) is None
    assert codes.redeem(citizen, codes.RESET_PASSWORD, second) == citizen.phone


def test_five_wrong_tries_burn_the_code(citizen):
    code = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    wrong = "0" * 8 if code != "0" * 8 else "1" * 8
    for _ in range(codes.MAX_ATTEMPTS):
        assert codes.redeem(citizen, codes.RESET_PASSWORD, wrong) is None
    assert codes.redeem(citizen, codes.RESET_PASSWORD, code) is None


def test_spaces_and_dashes_typed_with_the_code_are_ignored(citizen):
    code = codes.issue(citizen, codes.RESET_PASSWORD, citizen.phone)
    assert codes.redeem(citizen, codes.RESET_PASSWORD, f"{code[:4]} - {code[4:]}") == citizen.phone
