"""Changing and resetting passwords, and re-authentication before sensitive changes."""

from __future__ import annotations

from app import audit
from app.db import session, utcnow
from app.events import send_after_commit
from app.problems import Problem
from auth.accounts import codes, mfa, throttle
from auth.accounts.delivery import send_code_unless_failing
from auth.accounts.errors import LoginRefused
from auth.accounts.fields import FieldErrors
from auth.accounts.models import Account
from auth.accounts.passwords import hash_password, password_problems, verify_password
from auth.accounts.service import find_account, reveal_nik
from auth.accounts.signals import password_changed


def check_new_password(account: Account | None, password: str, field: str = "new_password") -> None:
    """422 for a password breaking a rule; with `account`, also one containing its NIK, phone or
    email (`None`: only the rules that tell nothing about any account)."""
    identifiers = (reveal_nik(account), account.phone, account.email) if account is not None else ()
    errors = FieldErrors()
    errors.extend(field, password_problems(password, identifiers=identifiers))
    errors.raise_if_any()


def _set_password(account: Account, password: str) -> None:
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    throttle.clear_account_failures(account)
    send_after_commit(password_changed, account_id=str(account.id))
    audit.record("auth", "auth.password.changed", actor=str(account.id), subject=str(account.id))


def reauthenticate(account: Account, password: str, otp: str | None = None, *,
                   second_factor: bool = True) -> None:
    """The current password (and, with MFA on and `second_factor`, a second-factor code) or
    403; failures count toward the account's back-off and lockout like failed sign-ins."""
    db = session()
    now = utcnow()
    try:
        throttle.check_gate(account, now)
    except LoginRefused as refused:
        headers = {"Retry-After": str(refused.retry_after)} if refused.retry_after else {}
        raise Problem(429, headers=headers) from None
    # no transaction open across the argon2 hash (see service.check_password_login: on SQLite a
    # snapshot held that long goes stale and the write after it fails with "database is locked")
    db.commit()
    ok = verify_password(account.password_hash, password)
    if ok and account.mfa_enabled and second_factor:
        ok = bool(otp) and mfa.accept_second_factor(account, otp)
    if not ok:
        throttle.record_account_failure(account, now)
        audit.record("auth", "auth.reauthentication.failed", actor=str(account.id), subject=str(account.id))
        db.commit()
        raise Problem(403, "reauthentication-failed")


def change_password(account: Account, current: str, new: str) -> None:
    """Needs the current password (a stolen session alone cannot take the account over)."""
    reauthenticate(account, current, second_factor=False)
    check_new_password(account, new)
    _set_password(account, new)
    session().commit()


def _reset_destination(account: Account) -> str | None:
    if account.phone and account.phone_verified_at:
        return account.phone
    if account.email and account.email_verified_at:
        return account.email
    return None


def request_password_reset(identifier: str) -> None:
    """Send a reset code to the account's verified phone (else email). Silent when no account
    matches, so the answer is the same either way."""
    account = find_account(identifier)
    destination = _reset_destination(account) if account is not None else None
    if destination is not None:
        send_code_unless_failing(account, codes.RESET_PASSWORD, destination)
        session().commit()


def confirm_password_reset(identifier: str, code: str, new_password: str) -> None:
    """Set a new password with a reset code; also lifts a lockout. Same 422 for any failure.

    Only the holder of a valid code learns anything about the account: the rules that depend on
    no account come first, then the code, and only then the account's own NIK, phone and email
    (else anyone could test which phone goes with a NIK). A password refused at that last step
    gives the code back, so the citizen can try another password with it."""
    db = session()
    check_new_password(None, new_password)
    account = find_account(identifier)
    if account is None:
        raise Problem(422, "invalid-code")
    redemption = db.begin_nested()
    if codes.redeem(account, codes.RESET_PASSWORD, code) is None:
        redemption.commit()
        db.commit()  # keep the failed-attempt count
        raise Problem(422, "invalid-code")
    try:
        check_new_password(account, new_password)
    except Problem:
        redemption.rollback()  # the code is not used up
        raise
    redemption.commit()
    _set_password(account, new_password)
    db.commit()
