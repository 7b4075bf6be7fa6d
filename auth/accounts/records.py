"""Building account rows: the one place a NIK is encrypted and indexed, a password hashed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.db import new_id
from auth.accounts import crypto
from auth.accounts.models import CITIZEN, Account
from auth.accounts.passwords import hash_password


def set_nik(account: Account, nik: str) -> None:
    account.nik_hash = crypto.blind_index(nik)
    account.nik_key_id, account.nik_ciphertext = crypto.encrypt(nik, context=f"nik:{account.id}")


def build_account(*, full_name: str, password: str, kind: str = CITIZEN, nik: str | None = None,
                  birth_date: date | None = None, sex: str | None = None, phone: str | None = None,
                  email: str | None = None, roles: Iterable[str] = (), agency_code: str | None = None,
                  locale: str = "id") -> Account:
    """A new, not yet added account; callers validate their inputs first."""
    account = Account(id=new_id(), kind=kind, status="active", full_name=full_name, birth_date=birth_date,
                      sex=sex, phone=phone, email=email, ial="ial1", roles=list(roles),
                      agency_code=agency_code, locale=locale, password_hash=hash_password(password),
                      mfa_enabled=False, failed_logins=0, locked_out=False)
    if nik is not None:
        set_nik(account, nik)
    return account
