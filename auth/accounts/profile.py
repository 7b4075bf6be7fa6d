"""The signed-in person's own account: who is calling, profile basics, security overview."""

from __future__ import annotations

from app.access import citizen_id
from app.changes import cache
from app.db import session
from app.problems import Problem
from auth.accounts import mfa
from auth.accounts.changes import account_changed
from auth.accounts.models import IAL1, Account
from auth.accounts.schemas import MeSchema
from auth.accounts.service import get_active_account, reveal_nik


def current_account() -> Account:
    """The caller's active account: 403 for a token without a person behind it (a back-end's or
    the operator's), 401 when the account is gone or suspended."""
    account = get_active_account(citizen_id())
    if account is None:
        raise Problem(401)
    return account


def my_profile() -> dict:
    """The caller's profile basics (`profile`) already in MeSchema's JSON form, for the account
    current_account would give. Each process remembers them until the database says the account
    changed (app.changes): most calls of a signed-in app read only this and need no query."""
    account_id = citizen_id()
    found = cache("profiles").remember(account_id, (f"account:{account_id}",),
                                       lambda: _active_profile(account_id))
    if found is None:
        raise Problem(401)
    return found


def _active_profile(account_id) -> dict | None:
    account = get_active_account(account_id)
    return None if account is None else MeSchema().dump(profile(account))


def mask_nik(nik: str | None) -> str | None:
    return None if nik is None else "*" * 12 + nik[-4:]


def profile(account: Account) -> dict:
    return {
        "id": account.id, "kind": account.kind, "full_name": account.full_name,
        "birth_date": account.birth_date, "sex": account.sex,
        "nik_masked": mask_nik(reveal_nik(account)),
        "phone": account.phone, "phone_verified": account.phone_verified_at is not None,
        "email": account.email, "email_verified": account.email_verified_at is not None,
        "ial": account.ial, "locale": account.locale, "roles": list(account.roles or ()),
        "agency": account.agency_code,
    }


def update_profile(account: Account, *, full_name: str | None = None, locale: str | None = None) -> dict:
    if full_name is not None and full_name.strip() != account.full_name:
        if account.ial != IAL1:
            raise Problem(409, "name-locked")  # the registry-confirmed name is the legal one
        previous, account.full_name = account.full_name, full_name.strip()
        account_changed(account, full_name=previous)
    if locale is not None:
        account.locale = locale
    session().commit()
    return profile(account)


def security_overview(account: Account) -> dict:
    return {
        "mfa_enabled": account.mfa_enabled, "mfa_required": account.is_staff,
        "recovery_codes_remaining": mfa.remaining_recovery_codes(account) if account.mfa_enabled else 0,
        "password_changed_at": account.password_changed_at, "last_login_at": account.last_login_at,
        "ial": account.ial, "identity_verified_at": account.identity_verified_at,
        "phone_verified": account.phone_verified_at is not None,
        "email_verified": account.email_verified_at is not None,
    }
