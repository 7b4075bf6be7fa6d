"""Celery: a Redis broker in production; with no broker configured tasks run inline.

Tasks run inside an app context with a fresh session, removed afterwards.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

celery = Celery("satupintu")


def init_app(app: Flask) -> Celery:
    broker = app.config["CELERY_BROKER_URL"]

    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            from app.db import session

            with app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    session.remove()

    celery.conf.update(
        broker_url=broker or "memory://",
        result_backend=None,
        task_always_eager=not broker,
        task_eager_propagates=True,
        task_acks_late=True,  # a worker killed mid-task leaves the message for another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        task_default_queue="satupintu",
    )
    celery.Task = AppTask
    app.extensions["celery"] = celery
    return celery
