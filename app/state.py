"""Shared runtime state every app process follows: module switches and data revisions.

Each process keeps a snapshot and re-reads it at most every SERVICES_STATE_TTL
seconds (and at once after a change it made itself), so a switch flipped in one
process reaches all of them within a few seconds without a restart or a broker.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, session, utcnow


class ModuleState(Base):
    __tablename__ = "module_state"

    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(120), default="")


class Revision(Base):
    """A version token per cached data set; changing it invalidates ETags and caches everywhere.

    Tokens are random, not counters, so a rolled-back change can never reuse the token a
    later, different change gets (a cache keyed by token would then serve stale data).
    """

    __tablename__ = "revision"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(32))


@dataclass(frozen=True)
class Snapshot:
    disabled: frozenset[str]
    revisions: dict[str, str]

    def revision(self, name: str) -> str:
        return self.revisions.get(name, "")


class PlatformState:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._snapshot = Snapshot(frozenset(), {})
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        if time.monotonic() - self._read_at >= self.ttl:
            with self._lock:
                if time.monotonic() - self._read_at >= self.ttl:
                    self._snapshot = self._read()
                    self._read_at = time.monotonic()
        return self._snapshot

    def invalidate(self) -> None:
        self._read_at = float("-inf")

    @staticmethod
    def _read() -> Snapshot:
        db = session()
        disabled = db.scalars(select(ModuleState.slug).where(ModuleState.enabled.is_(False)))
        revisions = {name: value for name, value in db.execute(select(Revision.name, Revision.value))}
        return Snapshot(frozenset(disabled), revisions)


def platform_state() -> PlatformState:
    return current_app.extensions["satupintu.state"]


def is_enabled(slug: str) -> bool:
    return slug not in platform_state().snapshot().disabled


def bump_revision(name: str) -> str:
    """Give the data set `name` a new version token inside the caller's transaction."""
    token = uuid.uuid4().hex
    session().merge(Revision(name=name, value=token))
    platform_state().invalidate()
    return token
