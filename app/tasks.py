"""Celery: a Redis broker in production; with no broker configured tasks run inline (eagerly).

One Celery app per Flask app, so tasks always run inside the app that queued them, in an app
context with a database session of their own, closed afterwards (a task run inline leaves its
caller's session as it was). Define tasks with `celery.shared_task` and queue them with
`tasks.queue(task, *args)`.
"""

from __future__ import annotations

import click
from celery import Celery, Task
from flask import Flask, current_app

from app import broker as redis_broker
from app.db import session, session_factory


def init_app(app: Flask) -> Celery:
    broker = app.config["CELERY_BROKER_URL"]

    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            # own_session outermost: the app context's teardown removes the task's session, then
            # own_session puts back the caller's one (inline runs).
            with own_session(), app.app_context():
                return self.run(*args, **kwargs)

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
    if broker and broker.startswith(redis_broker.SCHEMES):
        celery.conf.broker_transport = redis_broker.TRANSPORT
    celery.set_default()
    app.extensions["celery"] = celery
    app.cli.add_command(tasks_cli)
    return celery


def celery_app() -> Celery:
    """The Celery app of the current Flask app (`celery -A wsgi:celery worker` in production)."""
    return current_app.extensions["celery"]


class own_session:
    """Make `app.db.session` a fresh session for this thread for a while, then restore the one
    there was (a task run inline must neither use nor close its caller's session)."""

    def __enter__(self):
        registry = session.registry
        self.previous = registry() if registry.has() else None
        self.session = session_factory()
        registry.set(self.session)
        return self.session

    def __exit__(self, *_exc):
        try:
            self.session.close()
        finally:
            if self.previous is None:
                session.registry.clear()
            else:
                session.registry.set(self.previous)


def every(app: Flask, seconds: float, task, *args) -> None:
    """Run `task` every `seconds`: from `celery -A wsgi:celery beat` in production, from
    `flask tasks periodic` on the embedded default (`make run` starts it); tests call tasks directly."""
    celery = app.extensions["celery"]
    celery.conf.beat_schedule[task.name] = {"task": task.name, "schedule": seconds, "args": args}


@click.group("tasks", help="Periodic tasks (sweeps, SLA escalation, expiry).")
def tasks_cli() -> None:
    pass


@tasks_cli.command("periodic", help="Run the periodic tasks when due (without a Celery beat).")
@click.option("--once", is_flag=True, help="Run each task once and exit.")
def run_periodic(once: bool) -> None:
    import logging
    import time

    celery = celery_app()
    schedule = dict(celery.conf.beat_schedule)
    due = dict.fromkeys(schedule, 0.0)
    while True:
        for name, entry in schedule.items():
            if time.monotonic() >= due[name]:
                try:  # on the broker when one is configured, else here and now
                    celery.tasks[entry["task"]].apply_async(args=entry.get("args", ()))
                except Exception:
                    logging.getLogger("satupintu.tasks").exception("periodic task %s failed", name)
                due[name] = time.monotonic() + float(entry["schedule"])
        if once:
            return
        time.sleep(max(0.5, min(due.values()) - time.monotonic()))


def queue(task, *args, **kwargs):
    """Queue `task` on the current app's broker (or run it now when none is configured)."""
    return celery_app().tasks[task.name].apply_async(args=args, kwargs=kwargs)
