"""Bearer authentication with the provider's access tokens, for every API route.

The signature and claims are checked in memory; a user's token then costs one query, which
answers both "is the account still active" and "is the grant still live" (suspension, logout,
revocation and code or refresh-token replay all take effect at once). On PostgreSQL each process
remembers that answer per grant until the database says the grant or the account changed
(app.changes), so a client's repeated calls cost no query at all. A delegated token's query
also covers the delegation and both parties: the actor's and the subject's suspension each stop it.

Every API request runs that query, so it is lean: a few columns of plain rows (no ORM object with
the account's thirty-odd columns; a view that needs the account loads it, see current_account),
conditions in SQL, and no transaction around it (app.db.read_rows)."""

from __future__ import annotations

import functools
import uuid

from flask import g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from app import db
from app.access import Principal
from app.changes import cache
from auth.oidc.models import Grant
from auth.oidc.tokens import AccessToken, InvalidToken, validate_access_token


@functools.cache
def _live_user_grant():
    """Built once: the statement every user request runs. A row only while the grant is live,
    belongs to the token's subject and that account is active; its columns decide the roles."""
    from auth.accounts.models import ACTIVE, Account

    grant, account = Grant.__table__.c, Account.__table__.c
    return (select(account.kind, account.mfa_enabled, account.roles, account.agency_code)
            .join_from(Grant.__table__, Account.__table__, account.id == grant.account_id)
            .where(grant.id == bindparam("grant_id"), grant.account_id == bindparam("subject"),
                   grant.revoked_at.is_(None), account.status == ACTIVE))


@functools.cache
def _live_delegation():
    """The same for a delegated token: the actor's live grant and active account, and the
    delegation naming that actor and the subject, whose account must be active too (a suspended
    citizen is not acted for). The delegation's own state is judged by app.delegation.guard."""
    from app.delegation.models import Delegation
    from auth.accounts.models import ACTIVE, Account

    grant, delegation = Grant.__table__.c, Delegation.__table__.c
    actor, subject = aliased(Account.__table__, name="actor"), aliased(Account.__table__, name="subject")
    return (select(delegation.revoked_at, delegation.valid_until, delegation.accepted_at, delegation.modules)
            .select_from(Grant.__table__)
            .join(actor, actor.c.id == grant.account_id)
            .join(Delegation.__table__, delegation.id == bindparam("did"))
            .join(subject, subject.c.id == delegation.grantor_id)
            .where(grant.id == bindparam("grant_id"), grant.revoked_at.is_(None),
                   grant.account_id == bindparam("actor"), delegation.representative_id == bindparam("actor"),
                   delegation.grantor_id == bindparam("subject"),
                   actor.c.status == ACTIVE, subject.c.status == ACTIVE))


@functools.cache
def _revoked_jti():
    from auth.oidc.models import RevokedAccessToken

    revoked = RevokedAccessToken.__table__.c
    return select(revoked.jti).where(revoked.jti == bindparam("jti"))


def _read_one(statement, values: dict):
    rows = db.read_rows(statement, values)
    return rows[0] if rows else None


def _delegated_principal(access: AccessToken) -> Principal | None:
    """A token carrying `act` (RFC 8693): the actor's grant and account must be live, the
    subject's account active, and the delegation still active and covering this request's
    module (403 otherwise)."""
    from app.delegation.guard import check

    try:
        values = {"grant_id": uuid.UUID(access.grant_id), "did": uuid.UUID(str(access.claims.get("did"))),
                  "actor": uuid.UUID(access.actor), "subject": uuid.UUID(access.subject)}
    except ValueError:
        return None
    delegation = _read_one(_live_delegation(), values)
    if delegation is None:
        return None
    modules = check(delegation)
    # no staff roles: a delegate acts as a citizen, whoever they are
    return Principal(subject=access.subject, scopes=access.scopes, actor=access.actor,
                     delegated_modules=modules)


@functools.lru_cache(maxsize=4096)
def _uuid(text: str) -> uuid.UUID:
    """Parsed once per distinct text: a client presents the same token, so the same grant and
    subject ids, on every call (an invalid text raises ValueError each time, as uuid.UUID does)."""
    return uuid.UUID(text)


def _user_principal(access: AccessToken) -> Principal | None:
    from auth.accounts.service import staff_roles

    try:
        values = {"grant_id": _uuid(access.grant_id), "subject": _uuid(access.subject)}
    except ValueError:
        return None
    grant_id, subject = values["grant_id"], values["subject"]
    account = cache("principals").remember((grant_id, subject), (f"grant:{grant_id}", f"account:{subject}"),
                                           lambda: _read_one(_live_user_grant(), values))
    if account is None:
        return None
    g._get_current_object().oidc_account_id = subject  # the real `g`: no proxy lookup
    roles = staff_roles(account.kind, account.mfa_enabled, account.roles)
    return Principal(subject=access.subject, roles=roles, scopes=access.scopes, agency=account.agency_code)


def authenticate(token: str) -> Principal | None:
    """The app.access authenticator for access tokens (None: not a valid token of ours)."""
    try:
        access = validate_access_token(token)
    except InvalidToken:
        return None
    if "act" in access.claims:
        principal = _delegated_principal(access) if access.actor and access.grant_id else None
    elif access.grant_id is not None:
        principal = _user_principal(access)
    elif _client_token_revoked(access.claims["jti"]):
        principal = None
    else:
        principal = Principal(subject=access.client_id, scopes=access.scopes,
                              agency=access.claims.get("agency"))
    if principal is not None:
        g._get_current_object().oidc_access_token = access
    return principal


def _client_token_revoked(jti: str) -> bool:
    return bool(db.read_rows(_revoked_jti(), {"jti": jti}))


def current_account():
    """The account behind the request's user access token (after authentication), or None
    (also for a delegated token, whose account is the actor's, not the subject's). Loaded on
    first use (the session's identity map keeps it for the rest of the request)."""
    from auth.accounts.service import get_active_account

    account_id = g.get("oidc_account_id")
    return get_active_account(account_id) if account_id is not None else None


def current_access_token() -> AccessToken | None:
    return g.get("oidc_access_token")
