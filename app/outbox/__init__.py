"""Transactional outbox: `publish` a message in the current transaction; after it commits, every
consumer registered for the topic with `consume` gets it at least once (Celery with a broker,
inline without one), deduplicated by message id through receipts. `flask outbox status|retry`."""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import insert

from app.db import new_id, run, session, utcnow

DEFAULTS = {
    "OUTBOX_MAX_ATTEMPTS": 8,  # failed attempts before a message is "dead" (flask outbox retry)
    "OUTBOX_RETRY_BASE_SECONDS": 15.0,  # back-off: base * 2^(attempt-1), with +-20 % jitter
    "OUTBOX_RETRY_MAX_SECONDS": 3600.0,
    # A message queued but still pending after this long counts as lost (enqueue lost, worker
    # killed) and the sweep queues it again; also the grace a fresh message gets from the sweep.
    "OUTBOX_REDELIVER_AFTER_SECONDS": 60.0,
    "OUTBOX_SWEEP_SECONDS": 30.0,
    "OUTBOX_RETENTION_DAYS": 7,  # delivered messages (and receipts) are deleted after this
}

_TOPIC = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\Z")
Handler = Callable[[uuid.UUID, dict], None]


def _check_topic(topic: str) -> None:
    if len(topic) > 80 or not _TOPIC.match(topic):
        raise ValueError(f"outbox topic {topic!r} must look like 'package.event'")


def publish(topic: str, payload: Mapping[str, Any]) -> uuid.UUID:
    """Write a message in the current session's transaction; once that transaction commits it is
    delivered to every consumer of `topic`. Dropped with a rollback. Payload: plain JSON values."""
    from app.outbox.delivery import CONSUMERS, PENDING_IDS
    from app.outbox.models import DELIVERED, PENDING

    _check_topic(topic)
    body = dict(payload)
    json.dumps(body)  # TypeError now, not at commit, for a UUID, datetime or ORM object
    db = session()
    now = utcnow()
    row = {"id": new_id(), "topic": topic, "payload": body, "attempts": 0, "created_at": now}
    if not current_app.extensions[CONSUMERS].get(topic):
        # Nobody consumes it (consumers register at start-up): kept for the record, nothing to deliver.
        row.update(status=DELIVERED, next_attempt_at=now, delivered_at=now)
    else:
        grace = timedelta(seconds=current_app.config["OUTBOX_REDELIVER_AFTER_SECONDS"])
        row.update(status=PENDING, next_attempt_at=now + grace, delivered_at=None)
        db.info.setdefault(PENDING_IDS, []).append(row["id"])
    # A Core INSERT built once, run straight on the transaction's connection (app.db.run): every
    # payment, case move and notice publishes, and the session's execute costs more than the
    # statement itself.
    run(_insert_message(), row)
    return row["id"]


@functools.cache
def _insert_message():
    from app.outbox.models import OutboxMessage

    return insert(OutboxMessage.__table__)


def consume(app: Flask, topic: str, name: str, handler: Handler) -> None:
    """Register consumer `name` (unique per app, e.g. "cases.payment_paid") of `topic`.
    `handler(message_id, payload)` runs in an app context inside a transaction the outbox owns
    (with the consumer's receipt): write through app.db.session and do not commit. Raising rolls
    its writes back; the message is retried later with back-off."""
    from app.outbox.delivery import CONSUMERS

    _check_topic(topic)
    if not name or len(name) > 80:
        raise ValueError("a consumer needs a name of at most 80 characters")
    registry = app.extensions[CONSUMERS]
    if any(name == known for consumers in registry.values() for known, _ in consumers):
        raise ValueError(f"outbox consumer {name!r} is registered twice")
    registry.setdefault(topic, []).append((name, handler))


def install(app: Flask) -> None:
    from app.config import apply_defaults
    from app.outbox import delivery, models  # noqa: F401 - tables, after-commit hooks
    from app.outbox.cli import outbox_cli
    from app.outbox.tasks import deliver_task, sweep_task  # noqa: F401 - registers the tasks
    from app.tasks import every

    apply_defaults(app.config, DEFAULTS)
    app.extensions[delivery.CONSUMERS] = {}
    every(app, app.config["OUTBOX_SWEEP_SECONDS"], sweep_task)
    app.cli.add_command(outbox_cli)
