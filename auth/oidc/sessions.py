"""SSO sessions (a browser signed in at the provider) and consents (scopes a citizen allowed
a client). Both are listed and revoked by the citizen through /api/v1/me.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import delete, select, update

from app import audit, db
from app.db import utcnow
from auth.oidc import crypto, store
from auth.oidc.config import cookies_secure
from auth.oidc.models import AuthorizationCode, Consent, Grant, SsoSession

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


def cookie_name() -> str:
    # __Host- binds the cookie to this host, https and path / (not possible over plain http)
    return "__Host-satupintu_sso" if cookies_secure() else "satupintu_sso"


def _still_valid(row: SsoSession) -> bool:
    config = current_app.config
    now = utcnow()
    return (row.ended_at is None
            and now - row.last_seen_at < timedelta(seconds=config["OIDC_SESSION_IDLE"])
            and now - row.created_at < timedelta(seconds=config["OIDC_SESSION_ABSOLUTE"]))


def current_session() -> SsoSession | None:
    """The browser's live SSO session, if its account is still active."""
    if "sso_session" in g:
        return g.sso_session
    from auth.accounts.service import get_active_account

    found = None
    value = request.cookies.get(cookie_name())
    if value and len(value) < 100:
        row = db.session.scalar(select(SsoSession).where(SsoSession.token_hash == crypto.token_hash(value)))
        if row is not None and _still_valid(row) and get_active_account(row.account_id) is not None:
            found = row
    g.sso_session = found
    return found


def touch(row: SsoSession) -> None:
    now = utcnow()
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()


def start(account, *, acr: str, amr: list[str]) -> tuple[SsoSession, str]:
    """Sign the browser in with a new session id. The session it had ends: another person's with
    every grant issued under it (a shared device); the same person's, who signs in again (an app
    asked for prompt=login or max_age), hands its grants and codes on to the new one, so the apps
    already signed in in this browser stay signed in, and a logout here still ends them all."""
    previous = current_session()
    if previous is not None and previous.account_id != account.id:
        end(previous)
    value = crypto.new_token()
    now = utcnow()
    row = SsoSession(token_hash=crypto.token_hash(value), account_id=account.id, auth_time=now, acr=acr,
                     amr=list(amr), created_at=now, last_seen_at=now,
                     user_agent=(request.user_agent.string or "")[:200],
                     ip_address=(request.remote_addr or "")[:45])
    db.session.add(row)
    if previous is not None and previous.account_id == account.id:
        db.session.flush()  # the new row's id
        for model in (Grant, AuthorizationCode):
            db.session.execute(update(model).where(model.sso_session_id == previous.id)
                               .values(sso_session_id=row.id))
        previous.ended_at = now
        audit.record("auth", "auth.sso_session.renewed", actor=str(account.id), subject=str(account.id))
    db.session.commit()
    g.sso_session = row
    return row, value


def step_up(row: SsoSession, *, amr: str) -> str:
    """A second factor raised the session to aal2: re-authenticated now, under a new cookie."""
    value = crypto.new_token()
    row.token_hash = crypto.token_hash(value)
    row.acr = "aal2"
    row.amr = sorted({*row.amr, amr, "mfa"})  # two factors now, as a two-factor sign-in says
    row.auth_time = row.last_seen_at = utcnow()
    account = str(row.account_id)
    audit.record("auth", "auth.sso_session.stepped_up", actor=account, subject=account)
    db.session.commit()
    return value


def end(row: SsoSession) -> None:
    """Sign out: the session ends and every grant issued under it is revoked."""
    row.ended_at = utcnow()
    audit.record("auth", "auth.sso_session.ended", actor=str(row.account_id), subject=str(row.account_id))
    db.session.commit()
    store.revoke_grants_where(Grant.sso_session_id == row.id)
    g.sso_session = None


def list_sessions(account_id: uuid.UUID) -> list[SsoSession]:
    rows = db.session.scalars(select(SsoSession).where(SsoSession.account_id == account_id,
                                                       SsoSession.ended_at.is_(None))
                              .order_by(SsoSession.last_seen_at.desc())).all()
    return [row for row in rows if _still_valid(row)]


def revoke_session(account_id: uuid.UUID, session_id: uuid.UUID) -> bool:
    row = db.session.get(SsoSession, session_id)
    if row is None or row.account_id != account_id or row.ended_at is not None:
        return False
    end(row)
    return True


def granted_scopes(account_id: uuid.UUID, client_id: str) -> set[str]:
    scopes = db.session.scalar(select(Consent.scopes).where(Consent.account_id == account_id,
                                                            Consent.client_id == client_id))
    return set((scopes or "").split())


def record_consent(account_id: uuid.UUID, client_id: str, scopes: set[str]) -> None:
    row = db.session.scalar(select(Consent).where(Consent.account_id == account_id,
                                                  Consent.client_id == client_id))
    if row is None:
        db.session.add(Consent(account_id=account_id, client_id=client_id, scopes=" ".join(sorted(scopes))))
    else:
        row.scopes = " ".join(sorted(set(row.scopes.split()) | scopes))
        row.granted_at = utcnow()
    audit.record("consent", "consent.app.granted", actor=str(account_id), subject=str(account_id),
                 payload={"client_id": client_id, "scopes": sorted(scopes)})
    db.session.commit()


def list_consents(account_id: uuid.UUID) -> list[Consent]:
    return list(db.session.scalars(select(Consent).where(Consent.account_id == account_id)
                                   .order_by(Consent.granted_at.desc())))


def revoke_consent(account_id: uuid.UUID, consent_id: uuid.UUID) -> bool:
    """Withdrawn consent: the client asks again next time, and its tokens stop working now."""
    row = db.session.get(Consent, consent_id)
    if row is None or row.account_id != account_id:
        return False
    db.session.execute(delete(Consent).where(Consent.id == row.id))
    audit.record("consent", "consent.app.withdrawn", actor=str(account_id), subject=str(account_id),
                 payload={"client_id": row.client_id})
    db.session.commit()
    store.revoke_grants_where(Grant.account_id == account_id, Grant.client_id == row.client_id)
    return True


def export(account_id: uuid.UUID) -> dict | None:
    """The citizen's sign-in sessions (ended ones too) and the apps they allowed, for the data
    export. Prune (`flask sso prune`) deletes ended sessions after a while."""
    signed_in = db.session.scalars(select(SsoSession).where(SsoSession.account_id == account_id)
                                   .order_by(SsoSession.created_at)).all()
    consents = list_consents(account_id)
    if not (signed_in or consents):
        return None
    return {"sessions": [{"id": row.id, "created_at": row.created_at, "last_seen_at": row.last_seen_at,
                          "ended_at": row.ended_at, "acr": row.acr, "amr": list(row.amr),
                          "user_agent": row.user_agent, "ip_address": row.ip_address} for row in signed_in],
            "app_consents": [{"client_id": row.client_id, "scopes": row.scopes.split(),
                              "granted_at": row.granted_at} for row in consents]}
