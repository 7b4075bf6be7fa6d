"""Citizen self-registration and proving control of a phone number or an email address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import session, utcnow
from app.problems import Problem
from auth.accounts import codes, crypto
from auth.accounts.changes import account_changed
from auth.accounts.delivery import send_code, send_code_unless_failing
from auth.accounts.fields import FieldErrors
from auth.accounts.identifiers import normalise_email, normalise_phone
from auth.accounts.models import Account
from auth.accounts.nik import InvalidNik, validate_nik
from auth.accounts.passwords import password_problems
from auth.accounts.records import build_account

PHONE, EMAIL = "phone", "email"
_VERIFY_PURPOSE = {PHONE: codes.VERIFY_PHONE, EMAIL: codes.VERIFY_EMAIL}


@dataclass(frozen=True)
class CitizenApplication:
    nik: str
    full_name: str
    birth_date: date
    password: str
    phone: str | None = None
    email: str | None = None
    locale: str = "id"


def _columns(channel: str):
    if channel == PHONE:
        return Account.phone, Account.phone_verified_at
    return Account.email, Account.email_verified_at


def _claim_contact(channel: str, value: str, errors: FieldErrors) -> None:
    """A verified owner keeps the number/address; an unverified claim on it is released."""
    column, verified = _columns(channel)
    holder = session().scalar(select(Account).where(column == value))
    if holder is None:
        return
    if getattr(holder, verified.key) is not None:
        errors.add(channel, f"{channel}.taken")
    else:
        setattr(holder, column.key, None)
        account_changed(holder, **{channel: value})


def register_citizen(application: CitizenApplication) -> Account:
    """Create an ial1 citizen account and send codes to verify its phone and/or email."""
    errors = FieldErrors()
    phone = email = None
    if application.phone:
        phone = normalise_phone(application.phone)
        if phone is None:
            errors.add(PHONE, "phone.invalid")
    if application.email:
        email = normalise_email(application.email)
        if email is None:
            errors.add(EMAIL, "email.invalid")
    if not application.phone and not application.email:
        errors.add(PHONE, "contact.required")
    decoded = None
    try:
        decoded = validate_nik(application.nik, birth_date=application.birth_date)
    except InvalidNik as invalid:
        errors.add("nik", invalid.key)
    errors.extend("password", password_problems(
        application.password, identifiers=(application.nik, phone, email)))
    if decoded is not None and session().scalar(
            select(Account.id).where(Account.nik_hash == crypto.blind_index(application.nik))):
        errors.add("nik", "nik.taken")
    if errors:
        errors.raise_if_any()
    for channel, value in ((PHONE, phone), (EMAIL, email)):
        if value:
            _claim_contact(channel, value, errors)
    errors.raise_if_any()

    account = build_account(full_name=application.full_name.strip(), password=application.password,
                            nik=application.nik, birth_date=decoded.birth_date, sex=decoded.sex,
                            phone=phone, email=email, locale=application.locale)
    db = session()
    db.add(account)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Problem(409) from None
    for channel, value in ((PHONE, phone), (EMAIL, email)):
        if value:
            send_code(account, _VERIFY_PURPOSE[channel], value)
    db.commit()
    return account


def _unverified_holder(channel: str, destination: str) -> Account | None:
    value = normalise_phone(destination) if channel == PHONE else normalise_email(destination)
    if value is None:
        return None
    column, verified = _columns(channel)
    return session().scalar(select(Account).where(column == value, verified.is_(None)))


def verify_contact(channel: str, destination: str, code: str) -> None:
    """Mark the phone/email verified when `code` is the live one sent to it; else 422."""
    db = session()
    account = _unverified_holder(channel, destination)
    confirmed = account is not None and codes.redeem(account, _VERIFY_PURPOSE[channel], code)
    if not confirmed or confirmed != getattr(account, channel):
        db.commit()  # keep the failed-attempt count
        raise Problem(422, "invalid-code")
    setattr(account, f"{channel}_verified_at", utcnow())
    account_changed(account, **{channel: confirmed})
    db.commit()


def resend_verification(channel: str, destination: str) -> None:
    """Send a fresh code (the old one stops working); silent when nothing matches."""
    account = _unverified_holder(channel, destination)
    if account is not None:
        send_code_unless_failing(account, _VERIFY_PURPOSE[channel], getattr(account, channel))
        session().commit()
