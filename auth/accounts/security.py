"""Security settings of one's own account: TOTP enrolment, recovery codes, phone and email
changes (each confirmed by a code sent to the new address), identity assurance (ial2)."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.db import session, utcnow
from app.problems import Problem
from auth.accounts import codes, mfa
from auth.accounts.changes import account_changed
from auth.accounts.delivery import send_code
from auth.accounts.fields import field_problem
from auth.accounts.identifiers import normalise_email, normalise_phone
from auth.accounts.models import IAL2, Account, RecoveryCode
from auth.accounts.registry import MATCH
from auth.accounts.service import reveal_nik

CHANGE_PURPOSE = {"phone": codes.CHANGE_PHONE, "email": codes.CHANGE_EMAIL}


def begin_totp_enrolment(account: Account) -> tuple[str, str]:
    """A new secret (stored encrypted, not yet active) and its otpauth:// URI for the QR code."""
    if account.mfa_enabled:
        raise Problem(409, "mfa-already-enabled")
    secret = mfa.new_secret()
    mfa.store_secret(account, secret)
    session().commit()
    return secret, mfa.provisioning_uri(account, secret)


def confirm_totp_enrolment(account: Account, code: str) -> list[str]:
    """Turn MFA on once the authenticator shows a right code; returns fresh recovery codes."""
    if account.mfa_enabled:
        raise Problem(409, "mfa-already-enabled")
    if account.mfa_secret_ciphertext is None:
        raise Problem(409, "mfa-not-pending")
    if not mfa.accept_totp(account, code.strip()):
        session().commit()
        raise Problem(422, "invalid-code")
    account.mfa_enabled = True
    recovery = mfa.new_recovery_codes(account)
    session().commit()
    return recovery


def enrol_totp_now(account: Account) -> tuple[str, list[str]]:
    """MFA on at once (accounts created at the operator's terminal): otpauth URI, recovery codes."""
    secret = mfa.new_secret()
    mfa.store_secret(account, secret)
    account.mfa_enabled = True
    recovery = mfa.new_recovery_codes(account)
    session().commit()
    return mfa.provisioning_uri(account, secret), recovery


def disable_mfa(account: Account) -> None:
    if account.is_staff:
        raise Problem(409, "mfa-required")
    account.mfa_enabled = False
    account.mfa_secret_ciphertext = account.mfa_key_id = account.mfa_last_step = None
    session().execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    session().commit()


def regenerate_recovery_codes(account: Account) -> list[str]:
    if not account.mfa_enabled:
        raise Problem(409, "mfa-not-enabled")
    recovery = mfa.new_recovery_codes(account)
    session().commit()
    return recovery


def _normalise(channel: str, value: str) -> str:
    normalised = normalise_phone(value) if channel == "phone" else normalise_email(value)
    if normalised is None:
        raise field_problem(channel, f"{channel}.invalid")
    return normalised


def _holder(channel: str, value: str) -> Account | None:
    column = Account.phone if channel == "phone" else Account.email
    return session().scalar(select(Account).where(column == value))


def request_contact_change(account: Account, channel: str, value: str) -> None:
    """Send a code to the new phone/email; nothing changes until it is confirmed."""
    new = _normalise(channel, value)
    holder = _holder(channel, new)
    if holder is not None and holder.id != account.id and getattr(holder, f"{channel}_verified_at"):
        raise field_problem(channel, f"{channel}.taken")
    send_code(account, CHANGE_PURPOSE[channel], new)
    session().commit()


def confirm_contact_change(account: Account, channel: str, code: str) -> str:
    db = session()
    new = codes.redeem(account, CHANGE_PURPOSE[channel], code)
    if new is None:
        db.commit()
        raise Problem(422, "invalid-code")
    holder = _holder(channel, new)
    if holder is not None and holder.id != account.id:
        if getattr(holder, f"{channel}_verified_at"):
            db.rollback()
            raise field_problem(channel, f"{channel}.taken")
        setattr(holder, channel, None)  # an unverified claim gives way to a proven one
        account_changed(holder, **{channel: new})
        db.flush()
    previous = getattr(account, channel)
    setattr(account, channel, new)
    setattr(account, f"{channel}_verified_at", utcnow())
    account_changed(account, **{channel: previous})
    db.commit()
    return new


def raise_to_ial2(account: Account) -> str:
    """Check the account's NIK, name and birth date against the population registry."""
    from flask import current_app

    if account.ial == IAL2:
        return IAL2
    nik = reveal_nik(account)
    if nik is None or account.birth_date is None:
        raise Problem(409, "identity-not-confirmed")
    answer = current_app.extensions["satupintu.population_registry"].verify(
        nik=nik, full_name=account.full_name, birth_date=account.birth_date)
    if answer.result != MATCH:
        raise Problem(422, "identity-not-confirmed")
    account.ial = IAL2
    account.identity_verified_at = utcnow()
    account_changed(account, full_name=account.full_name, birth_date=account.birth_date, sex=account.sex)
    session().commit()
    return IAL2
