"""Signals sent only after the transaction that caused them commits (dropped on rollback).

Each signal documents its payload: plain values, never ORM objects.
"""

from __future__ import annotations

from blinker import Namespace, Signal
from sqlalchemy import event

from app.db import session, session_factory

signals = Namespace()

module_switched = signals.signal(
    "module.switched", doc="A module was enabled or disabled. Payload: slug: str, enabled: bool."
)
catalog_changed = signals.signal(
    "catalog.changed", doc="Catalog entries were written. Payload: revision: str (new token)."
)

_PENDING = "satupintu.pending_signals"


def send_after_commit(signal: Signal, **payload) -> None:
    """Queue `signal` on the current session; it is sent once the session commits."""
    db = session()
    db.connection()  # begin the transaction now, so a rollback (which drops the queue) fires
    db.info.setdefault(_PENDING, []).append((signal, payload))


@event.listens_for(session_factory, "after_commit")
def _send_pending(db_session) -> None:
    pending = db_session.info.pop(_PENDING, [])
    for signal, payload in pending:
        signal.send(None, **payload)


@event.listens_for(session_factory, "after_soft_rollback")
def _drop_pending(db_session, _previous) -> None:
    db_session.info.pop(_PENDING, None)
