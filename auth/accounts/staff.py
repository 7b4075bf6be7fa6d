"""Staff accounts (agency teams and platform operators) and account administration.

Platform admins create any staff and suspend, reactivate or unlock any account. Agency admins
create officers of their own agency only and see only their agency's staff. New staff set their
password with a code sent to their email; MFA is mandatory for staff (enrolled at first sign-in,
or at once when created from the command line).
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import func, select

from app import audit
from app.access import Principal
from app.db import session, utcnow
from app.events import send_after_commit
from app.problems import Problem
from app.reference.models import Agency
from auth.accounts import codes, throttle
from auth.accounts.delivery import send_code
from auth.accounts.fields import FieldErrors
from auth.accounts.identifiers import normalise_email
from auth.accounts.models import ACTIVE, AGENCY_ADMIN, OFFICER, PLATFORM_ADMIN, STAFF, SUSPENDED, Account
from auth.accounts.passwords import password_problems
from auth.accounts.records import build_account
from auth.accounts.signals import account_suspended


def _is_platform_admin(principal: Principal) -> bool:
    return PLATFORM_ADMIN in principal.roles


def _actor(principal: Principal) -> str:
    return getattr(principal, "actor", None) or principal.subject


def create_staff(*, full_name: str, email: str, role: str, agency_code: str | None,
                 created_by: Principal, password: str | None = None) -> Account:
    """A staff account; without `password`, a code to choose one is sent to `email`."""
    if not _is_platform_admin(created_by):
        if AGENCY_ADMIN not in created_by.roles or role != OFFICER:
            raise Problem(403)
        if agency_code not in (None, created_by.agency) or created_by.agency is None:
            raise Problem(403)
        agency_code = created_by.agency
    errors = FieldErrors()
    address = normalise_email(email)
    if address is None:
        errors.add("email", "email.invalid")
    elif session().scalar(select(Account.id).where(Account.email == address)):
        errors.add("email", "email.taken")
    if role == PLATFORM_ADMIN:
        agency_code = None
    elif not agency_code or session().get(Agency, agency_code) is None:
        errors.add("agency", "agency.unknown")
    if password is not None:
        errors.extend("password", password_problems(password, identifiers=(address,)))
    errors.raise_if_any()

    chosen = password if password is not None else secrets.token_urlsafe(32)  # unusable until reset
    account = build_account(full_name=full_name.strip(), password=chosen, kind=STAFF, email=address,
                            roles=(role,), agency_code=agency_code)
    account.email_verified_at = utcnow()  # asserted by the admin; the first code proves it
    db = session()
    db.add(account)
    db.flush()
    if password is None:
        send_code(account, codes.RESET_PASSWORD, address)
    audit.record("admin", "account.staff_created", actor=_actor(created_by), subject=str(account.id),
                 payload={"role": role, "agency": agency_code})
    db.commit()
    return account


def list_staff(viewer: Principal, *, page: int, per_page: int) -> tuple[list[Account], int]:
    query = select(Account).where(Account.kind == STAFF)
    if not _is_platform_admin(viewer):
        query = query.where(Account.agency_code == viewer.agency, Account.agency_code.is_not(None))
    db = session()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.scalars(query.order_by(Account.full_name, Account.id)
                      .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def _account(account_id: uuid.UUID) -> Account:
    account = session().get(Account, account_id)
    if account is None:
        raise Problem(404)
    return account


def suspend(account_id: uuid.UUID, *, by: Principal) -> Account:
    """Every token of the account stops working at once (token checks ask get_active_account)."""
    account = _account(account_id)
    if str(account.id) == by.subject:
        raise Problem(409, "cannot-suspend-self")
    if account.status != SUSPENDED:
        account.status, account.suspended_at = SUSPENDED, utcnow()
        send_after_commit(account_suspended, account_id=str(account.id))
        audit.record("admin", "account.suspended", actor=_actor(by), subject=str(account.id))
    session().commit()
    return account


def reactivate(account_id: uuid.UUID) -> Account:
    account = _account(account_id)
    if account.status != ACTIVE:
        audit.record("admin", "account.reactivated", subject=str(account.id))
    account.status, account.suspended_at = ACTIVE, None
    session().commit()
    return account


def unlock(account_id: uuid.UUID) -> Account:
    account = _account(account_id)
    throttle.clear_account_failures(account)
    audit.record("admin", "account.unlocked", subject=str(account.id))
    session().commit()
    return account
