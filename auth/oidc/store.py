"""What the provider has issued: authorization codes, grants and their refresh tokens.

Codes and refresh tokens are claimed with a conditional UPDATE, so of two concurrent
redemptions exactly one wins; the loser revokes the grant the winner created.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, insert, select, update

from app import audit, db
from app.db import utcnow
from auth.oidc import crypto
from auth.oidc.models import AuthorizationCode, Grant, RefreshToken, RevokedAccessToken, SsoSession


def save_code(code: str, **values) -> AuthorizationCode:
    ttl = timedelta(seconds=current_app.config["OIDC_CODE_TTL"])
    row = AuthorizationCode(code_hash=crypto.token_hash(code), expires_at=utcnow() + ttl, **values)
    db.session.add(row)
    db.session.commit()
    return row


def find_code(code: str, client_id: str) -> AuthorizationCode | None:
    """The code if it was issued to this client and has not expired (used or not)."""
    row = db.session.scalar(select(AuthorizationCode).where(
        AuthorizationCode.code_hash == crypto.token_hash(code)))
    if row is None or row.client_id != client_id or row.expires_at <= utcnow():
        return None
    return row


def _claim(model, row_id: uuid.UUID, **values) -> bool:
    # End the read transaction first: SQLite cannot turn a stale read into a write, and the
    # claim must be the first write so the database serialises concurrent claimers on it.
    db.session.commit()
    table = model.__table__.c  # a Core UPDATE: no ORM session synchronisation to work out
    result = db.session.execute(update(model.__table__).where(table.id == row_id, table.used_at.is_(None))
                                .values(used_at=utcnow(), **values))
    return result.rowcount == 1


def claim_code(row: AuthorizationCode, grant_id: uuid.UUID) -> bool:
    """True for the one redemption that wins; a loser revokes what the winner was issued."""
    if _claim(AuthorizationCode, row.id, grant_id=grant_id):
        return True
    db.session.rollback()
    issued = db.session.scalar(select(AuthorizationCode.grant_id).where(AuthorizationCode.id == row.id))
    _security_event("auth.code.reused", row.account_id, row.client_id)
    if issued is not None:
        revoke_grant(issued)
    else:
        db.session.commit()
    return False


def session_live(session_id: uuid.UUID | None) -> bool:
    """Whether the sign-in session a code was issued under has not ended (logout, revoked)."""
    if session_id is None:
        return True
    return db.session.scalar(select(SsoSession.ended_at.is_(None)).where(SsoSession.id == session_id)) is True


def create_grant(*, grant_id: uuid.UUID, client_id: str, account_id: uuid.UUID, scope: str,
                 auth_time: datetime, acr: str, amr: list[str], sso_session_id: uuid.UUID | None) -> Grant:
    row = Grant(id=grant_id, client_id=client_id, account_id=account_id, scope=scope, auth_time=auth_time,
                acr=acr, amr=list(amr), sso_session_id=sso_session_id)
    db.session.add(row)
    return row


def add_refresh_token(value: str, *, grant_id: uuid.UUID, client_id: str, scope: str) -> None:
    """Added to the session's transaction, after the grant it belongs to (flushed first)."""
    db.session.execute(insert(RefreshToken.__table__), _refresh_token_row(
        value, grant_id=grant_id, client_id=client_id, scope=scope))


def _refresh_token_row(value: str, *, grant_id: uuid.UUID, client_id: str, scope: str) -> dict:
    now = utcnow()
    return {"id": uuid.uuid4(), "token_hash": crypto.token_hash(value), "grant_id": grant_id,
            "client_id": client_id, "scope": scope, "created_at": now,
            "expires_at": now + timedelta(seconds=current_app.config["OIDC_REFRESH_TOKEN_TTL"])}


_REFRESH_TOKEN_COLUMNS = ("id", "token_hash", "grant_id", "client_id", "scope", "created_at", "expires_at")


@functools.cache
def _token_grant_and_account():
    """The refresh token with its grant and whether the grant's account is active, in one read."""
    from auth.accounts.models import ACTIVE, Account

    token, grant, account = RefreshToken.__table__.c, Grant.__table__.c, Account.__table__.c
    return (select(token.id, token.client_id, token.created_at, token.expires_at, token.used_at,
                   grant.id.label("grant_id"),
                   grant.account_id, grant.client_id.label("grant_client_id"), grant.scope, grant.auth_time,
                   grant.acr, grant.amr, grant.sso_session_id, grant.revoked_at,
                   (account.status == ACTIVE).label("account_active"))
            .join_from(RefreshToken.__table__, Grant.__table__, grant.id == token.grant_id)
            .join(Account.__table__, account.id == grant.account_id)
            .where(token.token_hash == bindparam("token_hash")))


def find_refresh_token(value: str):
    """A live refresh token, as a row of its columns and its grant's (`grant_id`, `scope`,
    `auth_time`, ... and `account_active`). Presenting a rotated one revokes the grant.

    Every refresh starts here, so it is one read outside a transaction (app.db.read_rows); the
    claim that follows (rotate_refresh_token) is the atomic check that counts."""
    rows = db.read_rows(_token_grant_and_account(), {"token_hash": crypto.token_hash(value)})
    if not rows:
        return None
    found = rows[0]
    if found.used_at is not None:
        _security_event("auth.refresh_token.replayed", found.account_id, found.grant_client_id)
        revoke_grant(found.grant_id)
        return None
    if found.revoked_at is not None or found.expires_at <= utcnow():
        return None
    return found


def rotate_refresh_token(presented, value: str) -> bool:
    """Claims the presented refresh token (`presented`: what find_refresh_token returned) and
    stores `value` as its successor in the grant: both or neither. False when another request
    claimed it first: one of the two is a replay, so the grant is revoked."""
    successor = _refresh_token_row(value, grant_id=presented.grant_id, client_id=presented.client_id,
                                   scope=presented.scope)
    if _claim_and_store(presented.id, successor):
        return True
    db.session.rollback()
    _security_event("auth.refresh_token.replayed", presented.account_id, presented.grant_client_id)
    revoke_grant(presented.grant_id)  # presented twice at once: one of them is a replay
    return False


def _claim_and_store(presented_id: uuid.UUID, successor: dict) -> bool:
    # the engine's dialect, not the session's bind: a refresh needs no session otherwise
    if db.engine().dialect.name == "postgresql":
        # one statement is atomic on its own: it runs outside a transaction (app.db.read_rows),
        # sparing the BEGIN and COMMIT round trips, and is committed durably when it returns
        values = {"presented_id": presented_id, **{f"new_{name}": value for name, value in successor.items()}}
        won = bool(db.read_rows(_claim_then_store(), values))
    else:
        won = _claim(RefreshToken, presented_id)
        if won:
            db.session.execute(insert(RefreshToken.__table__), successor)
    if db.session.registry.has() and db.session().in_transaction():  # SQLite, tests binding a connection
        db.session.commit()
    return won


@functools.cache
def _claim_then_store():
    """PostgreSQL: the conditional UPDATE that claims the presented token, and the INSERT of its
    successor that only runs on what the claim returned (nothing when another request won).
    Values are bound as `new_<column>`: a column's own name would join the UPDATE's SET clause."""
    table = RefreshToken.__table__
    columns = table.c
    claimed = (update(table).where(columns.id == bindparam("presented_id"), columns.used_at.is_(None))
               .values(used_at=bindparam("new_created_at"))  # used when its successor is made
               .returning(columns.id).cte("claimed"))
    successor = select(*(bindparam(f"new_{name}", type_=columns[name].type)
                         for name in _REFRESH_TOKEN_COLUMNS))
    return (insert(table).from_select(_REFRESH_TOKEN_COLUMNS, successor.select_from(claimed))
            .returning(columns.id))


def _security_event(action: str, account_id: uuid.UUID, client_id: str) -> None:
    """Recorded in the caller's transaction (committed with the revocation that follows)."""
    audit.record("auth", action, actor="system", subject=str(account_id), payload={"client_id": client_id})


def revoke_grant(grant_id: uuid.UUID | str) -> None:
    """Every access and refresh token of the grant stops working (committed at once)."""
    db.session.execute(update(Grant).where(Grant.id == uuid.UUID(str(grant_id)), Grant.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))
    db.session.commit()


def revoke_grants_where(*conditions) -> int:
    result = db.session.execute(update(Grant).where(Grant.revoked_at.is_(None), *conditions)
                                .values(revoked_at=utcnow()))
    db.session.commit()
    return result.rowcount


def revoke_access_token(jti: str, expires_at: datetime) -> None:
    """Client-credentials tokens have no grant; their jti is listed until they expire."""
    if db.session.get(RevokedAccessToken, jti) is None:
        db.session.add(RevokedAccessToken(jti=jti, expires_at=expires_at))
    db.session.commit()


def access_token_revoked(jti: str) -> bool:
    return db.session.scalar(select(RevokedAccessToken.jti).where(RevokedAccessToken.jti == jti)) is not None


def prune(*, keep_days: int = 30) -> dict[str, int]:
    """Delete what can no longer be used: expired codes and refresh tokens, expired entries of
    the revocation and assertion lists, and grants and sessions over for `keep_days`."""
    from sqlalchemy import delete

    from auth.oidc.models import SsoSession, UsedAssertion

    now = utcnow()
    old = now - timedelta(days=keep_days)
    statements = {
        "authorization codes": delete(AuthorizationCode).where(AuthorizationCode.expires_at < now),
        "refresh tokens": delete(RefreshToken).where(RefreshToken.expires_at < now),
        "revoked access tokens": delete(RevokedAccessToken).where(RevokedAccessToken.expires_at < now),
        "client assertions": delete(UsedAssertion).where(UsedAssertion.expires_at < now),
        "grants": delete(Grant).where(Grant.revoked_at < old),
        "sso sessions": delete(SsoSession).where(SsoSession.ended_at < old),
    }
    counts = {name: db.session.execute(statement).rowcount for name, statement in statements.items()}
    db.session.commit()
    return counts
