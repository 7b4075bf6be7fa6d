"""Celery: a Redis broker in production; with no broker configured tasks run inline (eagerly).

One Celery app per Flask app, so tasks always run inside the app that queued them, in an app
context with a fresh database session that is removed afterwards. Define tasks with
`celery.shared_task` and queue them with `tasks.queue(task, *args)`.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask, current_app


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

    celery = Celery(app.name, task_cls=AppTask)
    celery.conf.update(
        broker_url=broker or "memory://",
        task_always_eager=not broker,
        task_eager_propagates=True,
        task_ignore_result=True,
        task_acks_late=True,  # a worker killed mid-task leaves the message for another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        task_default_queue="satupintu",
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def celery_app() -> Celery:
    """The Celery app of the current Flask app (`celery -A wsgi:celery worker` in production)."""
    return current_app.extensions["celery"]


def every(app: Flask, seconds: float, task, *args) -> None:
    """Run `task` every `seconds` from `celery -A wsgi:celery beat` (or `worker -B`); tests and
    the embedded default call the task directly (`flask tasks run-periodic` runs them all once)."""
    celery = app.extensions["celery"]
    celery.conf.beat_schedule[task.name] = {"task": task.name, "schedule": seconds, "args": args}


def queue(task, *args, **kwargs):
    """Queue `task` on the current app's broker (or run it now when none is configured)."""
    return celery_app().tasks[task.name].apply_async(args=args, kwargs=kwargs)
