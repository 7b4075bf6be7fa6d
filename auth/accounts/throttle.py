"""Brute-force protection: consecutive failures per account (or per unknown identifier) and
per client IP, with exponential back-off and a lockout after at most 100 failures (NIST 800-63B).

An identifier that names no account gets a counter of its own with the same schedule, so the
answers for unknown and real accounts look alike.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db import session
from auth.accounts.errors import LoginRefused
from auth.accounts.models import Account, LoginThrottle

MAX_DELAY = timedelta(minutes=15)
IP_WINDOW = timedelta(hours=1)  # an IP's failures are forgotten after an hour without one


def backoff(failures: int, free: int) -> timedelta:
    """No delay for the first `free` failures, then 1 s, 2 s, 4 s, ... up to 15 minutes."""
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free, 20)), MAX_DELAY)


def check_gate(subject: Account | LoginThrottle | None, now: datetime) -> None:
    """Refuse before any password check while `subject` is locked out or backing off."""
    if subject is None:
        return
    if subject.locked_out:
        raise LoginRefused("locked")
    if subject.locked_until is not None and subject.locked_until > now:
        raise LoginRefused("locked", retry_after=math.ceil((subject.locked_until - now).total_seconds()))


def ip_row(client_ip: str, now: datetime) -> LoginThrottle | None:
    row = session().get(LoginThrottle, f"ip:{client_ip}", populate_existing=True)
    if row is not None and row.last_failure_at < now - IP_WINDOW:
        return None
    return row


def identifier_row(key: str) -> LoginThrottle | None:
    return session().get(LoginThrottle, f"id:{key}", populate_existing=True)


def _settings() -> tuple[int, int, int]:
    config = current_app.config
    return (config["LOGIN_FREE_FAILURES"], min(config["LOGIN_LOCKOUT_AFTER"], 100),
            config["LOGIN_IP_FREE_FAILURES"])


def record_account_failure(account: Account, now: datetime) -> None:
    free, lockout_after, _ip_free = _settings()
    failures = session().execute(
        update(Account).where(Account.id == account.id)
        .values(failed_logins=Account.failed_logins + 1).returning(Account.failed_logins)
    ).scalar_one()
    session().execute(update(Account).where(Account.id == account.id).values(
        locked_until=now + backoff(failures, free), locked_out=failures >= lockout_after))
    session().refresh(account)


def clear_account_failures(account: Account) -> None:
    account.failed_logins = 0
    account.locked_until = None
    account.locked_out = False


def record_failure(key: str, now: datetime, *, free: int, lockout_after: int | None,
                   window: timedelta | None) -> None:
    """Count one failure against a throttle row (created on first use, atomically)."""
    db = session()
    table = LoginThrottle.__table__
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    restart = (LoginThrottle.last_failure_at < now - window) if window else None
    counted = case((restart, 1), else_=table.c.failed_logins + 1) if window else table.c.failed_logins + 1
    statement = insert(table).values(key=key, failed_logins=1, last_failure_at=now, locked_out=False)
    statement = statement.on_conflict_do_update(
        index_elements=["key"], set_={"failed_logins": counted, "last_failure_at": now},
    ).returning(table.c.failed_logins)
    failures = db.execute(statement).scalar_one()
    db.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(
        locked_until=now + backoff(failures, free),
        locked_out=lockout_after is not None and failures >= lockout_after))


def record_identifier_failure(key: str, now: datetime) -> None:
    free, lockout_after, _ip_free = _settings()
    record_failure(f"id:{key}", now, free=free, lockout_after=lockout_after, window=None)


def record_ip_failure(client_ip: str, now: datetime) -> None:
    _free, _lockout, ip_free = _settings()
    record_failure(f"ip:{client_ip}", now, free=ip_free, lockout_after=None, window=IP_WINDOW)
