"""Bearer authentication with the provider's access tokens, for every API route.

The signature and claims are checked in memory; a user's token then costs one query, which
answers both "is the account still active" and "is the grant still live" (suspension, logout,
revocation and code or refresh-token replay all take effect at once)."""

from __future__ import annotations

import functools
import uuid

from flask import g
from sqlalchemy import bindparam, select

from app import db
from app.access import Principal
from auth.oidc import store
from auth.oidc.models import Grant
from auth.oidc.tokens import AccessToken, InvalidToken, validate_access_token


@functools.cache
def _grant_and_account():
    """Built once: the statement every authenticated request runs."""
    from auth.accounts.models import Account

    return (select(Grant.revoked_at, Account).join(Account, Account.id == Grant.account_id)
            .where(Grant.id == bindparam("grant_id")))


@functools.cache
def _grant_account_and_delegation():
    """The same statement, plus the delegation a delegated token names (a primary-key join)."""
    from app.delegation.models import Delegation

    return _grant_and_account().add_columns(Delegation).join(Delegation, Delegation.id == bindparam("did"))


def _delegated_principal(access: AccessToken) -> Principal | None:
    """A token carrying `act` (RFC 8693): the actor's grant and account must be live, and the
    delegation still active and covering this request's module (403 otherwise)."""
    from app.delegation.guard import check

    try:
        grant_id, delegation_id = uuid.UUID(access.grant_id), uuid.UUID(str(access.claims.get("did")))
    except ValueError:
        return None
    found = db.session.execute(_grant_account_and_delegation(),
                               {"grant_id": grant_id, "did": delegation_id}).first()
    if found is None:
        return None
    revoked_at, actor, delegation = found
    parties = (str(actor.id), str(delegation.representative_id), str(delegation.grantor_id))
    if revoked_at is not None or not actor.is_active or parties != (access.actor,) * 2 + (access.subject,):
        return None
    modules = check(delegation)
    # no staff roles: a delegate acts as a citizen, whoever they are
    return Principal(subject=access.subject, scopes=access.scopes, actor=access.actor,
                     delegated_modules=modules)


def _user_principal(access: AccessToken) -> Principal | None:
    from auth.accounts.service import account_roles

    try:
        grant_id = uuid.UUID(access.grant_id)
    except ValueError:
        return None
    # the Account lands in the session's identity map: later look-ups of it in this request
    # (e.g. get_active_account) need no second query
    found = db.session.execute(_grant_and_account(), {"grant_id": grant_id}).first()
    if found is None:
        return None
    revoked_at, account = found
    if revoked_at is not None or not account.is_active or str(account.id) != access.subject:
        return None
    g.oidc_account = account
    return Principal(subject=str(account.id), roles=account_roles(account), scopes=access.scopes,
                     agency=account.agency_code)


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
    elif store.access_token_revoked(access.claims["jti"]):
        principal = None
    else:
        principal = Principal(subject=access.client_id, scopes=access.scopes,
                              agency=access.claims.get("agency"))
    if principal is not None:
        g.oidc_access_token = access
    return principal


def current_account():
    """The account behind the request's user access token (after authentication), or None
    (also for a delegated token, whose account is the actor's, not the subject's)."""
    return g.get("oidc_account")


def current_access_token() -> AccessToken | None:
    return g.get("oidc_access_token")
