"""Celery tasks of the outbox: deliver one message, sweep for stuck ones."""

from __future__ import annotations

import uuid

from celery import shared_task


@shared_task(name="outbox.deliver")
def deliver_task(message_id: str) -> None:
    from app.outbox.delivery import deliver

    deliver(uuid.UUID(message_id))


@shared_task(name="outbox.sweep")
def sweep_task() -> int:
    from app.outbox.delivery import sweep

    return sweep()
