"""Delivering outbox messages: after commit (Celery, or inline without a broker), and the sweep.

A delivery is one transaction: lock the message (PostgreSQL: FOR UPDATE SKIP LOCKED, so a second
worker skips a message being delivered), then for every consumer without a receipt a SAVEPOINT
holding the receipt and the handler's writes, then the message's new state, then COMMIT. A
worker killed on the way commits nothing and the sweep queues the message again; receipts make a
repeated delivery a no-op for consumers that already applied it.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections import deque
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError

from app.db import session, session_factory, utcnow
from app.outbox.models import DEAD, DELIVERED, PENDING, OutboxMessage, OutboxReceipt
from app.tasks import own_session

log = logging.getLogger("satupintu.outbox")

PENDING_IDS = "satupintu.outbox.pending"  # session.info key: ids published in this transaction
CONSUMERS = "satupintu.outbox.consumers"  # app.extensions key: {topic: [(name, handler), ...]}
ERROR_MAX = 2000


def consumers_of(app: Flask, topic: str) -> list:
    return app.extensions[CONSUMERS].get(topic, [])


def backoff(app: Flask, attempts: int) -> timedelta:
    """Exponential back-off with jitter (so failures of one burst do not retry in lock-step)."""
    base = app.config["OUTBOX_RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    seconds = min(base, app.config["OUTBOX_RETRY_MAX_SECONDS"])
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _locking(query):
    db = session()
    return query.with_for_update(skip_locked=True) if db.get_bind().dialect.name == "postgresql" else query


def deliver(message_id: uuid.UUID) -> str | None:
    """Deliver one message to the consumers of its topic that have not applied it yet, then commit.
    Returns the message's new status, or None when there was nothing to do (already delivered,
    dead, unknown, or being delivered by someone else right now)."""
    app = current_app._get_current_object()
    db = session()
    if db.get_bind().dialect.name == "sqlite":
        # Take SQLite's write lock first: a transaction that reads and then writes fails at once
        # ("database is locked") when another connection committed in between, while a first
        # write waits its turn (busy timeout). PostgreSQL locks the row below instead.
        db.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                   .values(attempts=OutboxMessage.attempts))
    message = db.scalars(_locking(select(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == PENDING))).first()
    if message is None:
        db.rollback()
        return None
    done: set[str] = set()
    if message.attempts:  # receipts commit with the status, so a first attempt has none
        done = set(db.scalars(select(OutboxReceipt.consumer).where(OutboxReceipt.message_id == message.id)))
    errors = []
    for name, handler in consumers_of(app, message.topic):
        if name not in done:
            error = _apply(db, message, name, handler)
            if error:
                errors.append(f"{name}: {error}")
    now = utcnow()
    if errors:
        message.attempts += 1
        message.last_error = "\n".join(errors)[:ERROR_MAX]
        if message.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]:
            message.status = DEAD
            log.error("outbox message %s (%s) is dead after %d attempts: %s", message.id, message.topic,
                      message.attempts, message.last_error)
        else:
            message.next_attempt_at = now + backoff(app, message.attempts)
    else:
        message.status = DELIVERED
        message.delivered_at = now
    status = message.status
    db.commit()
    return status


def _apply(db, message: OutboxMessage, name: str, handler) -> str | None:
    """Receipt + handler in a SAVEPOINT; returns an error text when the handler failed."""
    try:
        with db.begin_nested():
            db.add(OutboxReceipt(message_id=message.id, consumer=name))
            try:
                db.flush()
            except IntegrityError:
                raise _AlreadyApplied from None
            handler(message.id, dict(message.payload))
            db.flush()
    except _AlreadyApplied:
        return None  # a concurrent delivery applied it and committed first
    except Exception as error:
        log.warning("outbox consumer %s failed on message %s (%s)", name, message.id, message.topic,
                    exc_info=True)
        return f"{type(error).__name__}: {error}"
    return None


class _AlreadyApplied(Exception):
    pass


def sweep(limit: int = 500) -> int:
    """Queue again every pending message whose next-try time has passed (a lost enqueue, a killed
    worker, a failure's back-off elapsed); their next-try time moves on by the redelivery delay so
    the next sweep does not queue them twice. Also purges delivered messages past retention."""
    app = current_app._get_current_object()
    db = session()
    now = utcnow()
    due = _locking(select(OutboxMessage.id).where(OutboxMessage.status == PENDING,
                                                  OutboxMessage.next_attempt_at <= now)
                   .order_by(OutboxMessage.next_attempt_at).limit(limit))
    lease = now + timedelta(seconds=app.config["OUTBOX_REDELIVER_AFTER_SECONDS"])
    # One statement, a write first: SQLite waits for its write lock rather than failing on a read
    # made stale by another commit (as in deliver); PostgreSQL skips rows being delivered.
    ids = list(db.scalars(update(OutboxMessage).where(OutboxMessage.id.in_(due)).values(next_attempt_at=lease)
                          .returning(OutboxMessage.id).execution_options(synchronize_session=False)))
    if ids:
        db.info.setdefault(PENDING_IDS, []).extend(ids)  # queued (or delivered inline) after commit
    db.commit()
    purge(now - timedelta(days=app.config["OUTBOX_RETENTION_DAYS"]))
    return len(ids)


def purge(before: datetime) -> int:
    """Delete delivered messages (and their receipts) delivered before `before`."""
    db = session()
    result = db.execute(delete(OutboxMessage).where(
        OutboxMessage.status == DELIVERED, OutboxMessage.delivered_at < before))
    db.commit()
    return result.rowcount


# -- after commit --------------------------------------------------------------------------------

_inline = threading.local()


@event.listens_for(session_factory, "after_commit")
def _after_commit(db) -> None:
    if db.in_nested_transaction():
        return  # a SAVEPOINT: the messages are not committed yet
    ids = db.info.pop(PENDING_IDS, None)
    if not ids or not has_app_context():
        return  # no app to deliver with: the sweep will
    app = current_app._get_current_object()
    try:
        if app.config["CELERY_BROKER_URL"]:
            task = app.extensions["celery"].tasks["outbox.deliver"]
            for message_id in ids:
                task.apply_async(args=(str(message_id),))
        else:
            deliver_inline(ids)
    except Exception:
        log.exception("outbox: could not hand over %d message(s) after commit", len(ids))


@event.listens_for(session_factory, "after_soft_rollback")
def _after_rollback(db, previous) -> None:
    if not previous.nested:
        db.info.pop(PENDING_IDS, None)


def deliver_inline(ids) -> None:
    """Deliver now, each message in a session of its own (the caller's session has just committed
    and may be used again by the caller). Messages published by consumers meanwhile join the
    queue of the outermost call rather than nesting deliveries."""
    queue = getattr(_inline, "queue", None)
    if queue is not None:
        queue.extend(ids)
        return
    _inline.queue = queue = deque(ids)
    try:
        while queue:
            message_id = queue.popleft()
            try:
                with own_session():
                    deliver(message_id)
            except Exception:
                log.exception("outbox: inline delivery of message %s failed; the sweep retries it",
                              message_id)
    finally:
        _inline.queue = None

