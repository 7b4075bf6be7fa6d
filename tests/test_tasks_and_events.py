"""Celery wiring (inline without a broker, a real worker with Redis) and after-commit signals."""

import time

from celery import shared_task
from celery.contrib.testing.worker import start_worker
from sqlalchemy import select

from app import create_app
from app.db import session
from app.events import send_after_commit, signals
from app.state import Revision, bump_revision
from app.tasks import queue

probe = signals.signal("test.probe", doc="Test signal. Payload: value: int.")
ran = []


@shared_task(name="tests.record_revision")
def record_revision(name: str) -> None:
    """Runs in the app that queued it, with a working database session."""
    ran.append((name, session().scalar(select(Revision.value).where(Revision.name == name))))


def test_without_broker_tasks_run_inline(app, db_session):
    ran.clear()
    token = bump_revision("probe")
    db_session.commit()
    queue(record_revision, "probe")
    assert ran == [("probe", token)]


def test_an_inline_task_leaves_the_callers_session_and_its_pending_work_alone(db_session):
    ran.clear()
    token = bump_revision("probe")
    db_session.commit()
    pending = bump_revision("pending")  # not committed yet when the task runs
    queue(record_revision, "pending")
    assert ran == [("pending", None)]  # the task's own session does not see uncommitted work
    assert session() is db_session
    db_session.commit()
    assert db_session.get(Revision, "pending").value == pending
    assert db_session.get(Revision, "probe").value == token


def test_a_real_worker_runs_tasks_from_redis(app_config, redis_url, scratch_database_url):
    from app import migrate

    config = {**app_config, "CELERY_BROKER_URL": redis_url, "DATABASE_URL": scratch_database_url}
    worker_app = create_app(config)
    migrate.upgrade(worker_app)
    celery = worker_app.extensions["celery"]
    celery.control.purge()  # nothing left over from an earlier, interrupted run
    ran.clear()
    with worker_app.app_context():
        token = bump_revision("worker-probe")
        session().commit()
    with start_worker(celery, perform_ping_check=False, pool="solo", loglevel="WARNING",
                      queues=["satupintu"]):
        with worker_app.app_context():
            queue(record_revision, "worker-probe")
        deadline = time.monotonic() + 10
        while not ran and time.monotonic() < deadline:
            time.sleep(0.05)
    assert ran == [("worker-probe", token)], "the worker did not run the task within 10 s"


def test_tasks_are_published_through_one_redis_client_per_channel(app_config, redis_url, monkeypatch):
    """app.broker: kombu's Redis channel would build a redis-py client for every task it sends."""
    from contextlib import contextmanager

    from kombu.transport import redis as kombu_redis

    from app import broker

    celery = create_app({**app_config, "CELERY_BROKER_URL": redis_url}).extensions["celery"]
    celery.control.purge()
    used = []  # the clients themselves: kept alive, no two can share an id

    def spy(acquire):
        @contextmanager
        def acquire_and_note(channel, client=None):
            with acquire(channel, client) as given:
                used.append(given)
                yield given
        return acquire_and_note

    for channel_class in (kombu_redis.Channel, broker.Channel):
        monkeypatch.setattr(channel_class, "conn_or_acquire", spy(channel_class.conn_or_acquire))
    try:
        for n in range(3):
            celery.send_task(record_revision.name, args=(f"published-{n}",))
        with celery.connection_for_read() as connection:
            assert connection.transport_cls == "app.broker:Transport"
            assert connection.default_channel.client.llen("satupintu") == 3
    finally:
        celery.control.purge()
    assert len(used) >= 3 and len({id(client) for client in used}) == 1  # declaring the queue too


def test_signals_wait_for_commit_and_are_dropped_on_rollback(db_session):
    received = []

    def receiver(sender, **payload):
        received.append(payload)

    probe.connect(receiver)
    try:
        send_after_commit(probe, value=1)
        assert received == []
        db_session.rollback()
        db_session.commit()
        assert received == []
        send_after_commit(probe, value=2)
        db_session.commit()
        assert received == [{"value": 2}]
    finally:
        probe.disconnect(receiver)


def test_periodic_tasks_run_from_the_cli_without_a_beat(app, db_session):
    """`flask tasks periodic` (started by `make run`) runs every scheduled task when it is due."""
    from app.tasks import every

    ran.clear()
    token = bump_revision("periodic")
    db_session.commit()
    schedule = app.extensions["celery"].conf.beat_schedule
    every(app, 60, record_revision, "periodic")
    try:
        assert {"cases.escalate_overdue", "outbox.sweep"} <= {entry["task"] for entry in schedule.values()}
        result = app.test_cli_runner().invoke(args=["tasks", "periodic", "--once"])
    finally:
        schedule.pop(record_revision.name)
    assert result.exit_code == 0, result.output
    assert ran == [("periodic", token)]
