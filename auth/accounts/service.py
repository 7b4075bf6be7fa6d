"""What the rest of the platform (the OpenID Connect provider above all) asks of accounts:
password sign-in with throttling, the second factor, the active account, NIK and claims.

Functions that change state commit (the service layer owns transactions).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select, update

from app import audit
from app.db import session, single_reads, utcnow
from auth.accounts import crypto, mfa, passwords, throttle
from auth.accounts.errors import LoginRefused
from auth.accounts.identifiers import classify
from auth.accounts.models import ACTIVE, STAFF, Account

__all__ = [
    "LoginRefused", "account_claims", "account_roles", "check_password_login", "find_account",
    "get_active_account", "mfa_required", "reveal_nik", "verify_second_factor",
]


def find_account(identifier: str) -> Account | None:
    """The account a NIK, a verified phone number (any common Indonesian spelling) or a
    verified email names; an unverified phone or email identifies nobody."""
    kind_value = classify(identifier)
    if kind_value is None:
        return None
    kind, value = kind_value
    if kind == "nik":
        return session().scalar(select(Account).where(Account.nik_hash == crypto.blind_index(value)))
    column, verified = {"email": (Account.email, Account.email_verified_at),
                        "phone": (Account.phone, Account.phone_verified_at)}[kind]
    return session().scalar(select(Account).where(column == value, verified.is_not(None)))


def _identifier_key(identifier: str) -> str:
    kind_value = classify(identifier)
    canonical = ":".join(kind_value) if kind_value else identifier.strip().casefold()
    return crypto.blind_index(canonical, kind="login")


def check_password_login(identifier: str, password: str, *, client_ip: str) -> Account:
    """The account for these credentials, or LoginRefused (see its codes).

    Every refusal is committed (counters) before it is raised; unknown identifiers cost the
    same argon2 verification and get the same back-off as real accounts.

    The argon2 work (verification, and a rehash when the parameters changed) runs between two
    transactions: the reads are committed first, and the writes start with a write statement.
    On SQLite a transaction that read and then writes fails at once ("database is locked",
    a 503) when another sign-in committed meanwhile, and a hash takes long enough for that.
    """
    db = session()
    now = utcnow()
    throttle.check_gate(throttle.ip_row(client_ip, now), now)
    account = find_account(identifier)
    unknown_key = None if account is not None else _identifier_key(identifier)
    throttle.check_gate(account if account is not None else throttle.identifier_row(unknown_key), now)
    stored = account.password_hash if account is not None else passwords.dummy_hash()
    db.commit()  # ends the read transaction: no snapshot is held across the hash

    matched = passwords.verify_password(stored, password) and account is not None
    rehashed = passwords.hash_password(password) if matched and passwords.needs_rehash(stored) else None
    if not matched:
        if account is not None:
            throttle.record_account_failure(account, now)  # an UPDATE: takes the write lock first
            _audit_failure(account, "invalid_credentials", client_ip)
        else:
            throttle.record_identifier_failure(unknown_key, now)
            _audit_failure(None, "invalid_credentials", client_ip)
        throttle.record_ip_failure(client_ip, now)
        db.commit()
        raise LoginRefused("invalid_credentials")

    values: dict = {"last_login_at": now}
    if rehashed is not None:
        values["password_hash"] = rehashed
    # a suspended account is not touched (the WHERE), but the statement still takes the lock
    db.execute(update(Account).where(Account.id == account.id, Account.status == ACTIVE).values(**values)
               .execution_options(synchronize_session=False))
    db.refresh(account)  # read under the write lock: a suspension or MFA set meanwhile counts
    if not account.is_active:
        _audit_failure(account, "suspended", client_ip)
        db.commit()
        raise LoginRefused("suspended")
    if not account.mfa_enabled:
        throttle.clear_account_failures(account)  # with MFA, cleared after the second factor
    if account.mfa_enabled:
        audit.record("auth", "auth.password.accepted", actor=str(account.id), subject=str(account.id),
                     payload={"ip": client_ip})
    else:
        audit.record("auth", "auth.sign_in.succeeded", actor=str(account.id), subject=str(account.id),
                     payload={"ip": client_ip, "factors": "password"})
    db.commit()
    return account


def _audit_failure(account: Account | None, reason: str, client_ip: str | None) -> None:
    """A refused sign-in (the identifier typed is never kept: it may be a NIK), and the
    lockout when this failure was the last one allowed."""
    subject = str(account.id) if account is not None else None
    audit.record("auth", "auth.sign_in.failed", actor=subject or "anonymous", subject=subject,
                 payload={"reason": reason, "ip": client_ip})
    if account is not None and account.locked_out and reason != "suspended":
        audit.record("auth", "auth.locked_out", actor="system", subject=subject, payload={"ip": client_ip})


def verify_second_factor(account: Account, code: str) -> bool:
    """A TOTP code (each step once) or an unused recovery code; failures count toward lockout.

    Returns False without checking while the account is locked or backing off.
    """
    db = session()
    now = utcnow()
    try:
        throttle.check_gate(account, now)
    except LoginRefused:
        return False
    if mfa.accept_second_factor(account, code):
        throttle.clear_account_failures(account)
        audit.record("auth", "auth.sign_in.succeeded", actor=str(account.id), subject=str(account.id),
                     payload={"factors": "password+second_factor"})
        db.commit()
        return True
    throttle.record_account_failure(account, now)
    _audit_failure(account, "second_factor", None)
    db.commit()
    return False


def get_active_account(account_id: uuid.UUID | str) -> Account | None:
    """The account if it exists and is not suspended (token validation calls this)."""
    try:
        key = account_id if isinstance(account_id, uuid.UUID) else uuid.UUID(str(account_id))
    except ValueError:
        return None
    with single_reads() as reads:  # a request's first read of it needs no transaction
        account = reads.get(Account, key)
    return account if account is not None and account.is_active else None


def reveal_nik(account: Account) -> str | None:
    if account.nik_ciphertext is None or account.nik_key_id is None:
        return None
    return crypto.decrypt(account.nik_key_id, account.nik_ciphertext, context=f"nik:{account.id}")


def account_roles(account: Account) -> frozenset[str]:
    return staff_roles(account.kind, account.mfa_enabled, account.roles)


def staff_roles(kind: str, mfa_enabled: bool, roles: list[str] | None) -> frozenset[str]:
    """Staff roles, which only count once MFA is on (mandatory for staff): until then a staff
    member can only manage their own account, e.g. enrol an authenticator via /api/v1/me.
    (Plain values: the token authenticator reads these three columns, not the account.)"""
    if not (kind == STAFF and mfa_enabled):
        return frozenset()
    return frozenset(roles or ())


def mfa_required(account: Account) -> bool:
    """Staff must use a second factor; citizens may choose to."""
    return account.is_staff or account.mfa_enabled


_GENDER = {"M": "male", "F": "female"}


def account_claims(account: Account, scopes: Iterable[str]) -> dict:
    """OpenID Connect claims for the granted scopes (`nik` only with the `nik` scope)."""
    granted = set(scopes)
    claims: dict = {"sub": str(account.id)}
    if "profile" in granted:
        claims.update({
            "name": account.full_name,
            "locale": account.locale,
            "updated_at": int(account.updated_at.timestamp()),
            "ial": account.ial,
        })
        if account.birth_date is not None:
            claims["birthdate"] = account.birth_date.isoformat()
        if account.sex in _GENDER:
            claims["gender"] = _GENDER[account.sex]
    if "email" in granted and account.email:
        claims.update({"email": account.email, "email_verified": account.email_verified_at is not None})
    if "phone" in granted and account.phone:
        claims.update({"phone_number": account.phone,
                       "phone_number_verified": account.phone_verified_at is not None})
    if "nik" in granted and account.nik_ciphertext is not None:
        claims["nik"] = reveal_nik(account)
    if "address" in granted:
        address = _profile_claim("address", account)
        if address:
            claims["address"] = address
    return claims


def _profile_claim(name: str, account: Account):
    """A claim the citizen profile holds, through the provider it registered on the app
    (app.profile.claims); None for staff, without a profile capability or without a value."""
    provider = current_app.extensions.get("satupintu.oidc.claims", {}).get(name)
    if provider is None or account.is_staff:
        return None
    return provider(account.id)
