"""A worker killed in the middle of a delivery: nothing of it commits, the sweep queues the
message again, a new worker delivers it, and a further redelivery applies nothing twice.
Needs Redis; runs real `celery worker` processes against a scratch database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import select, text

from app import create_app, migrate
from app.db import session
from app.outbox import consume, publish
from app.outbox.delivery import sweep
from app.outbox.models import DELIVERED, PENDING, OutboxMessage
from app.tasks import queue
from tests.outbox.killable import CONSUMER, EFFECT_TABLE, TOPIC, record

ROOT = Path(__file__).resolve().parents[2]


def start_worker(config: dict, log: Path, queue_name: str) -> subprocess.Popen:
    env = {**os.environ, **{f"SATUPINTU_{key}": str(value) for key, value in config.items()
                            if key in ("DATABASE_URL", "CELERY_BROKER_URL", "ENV", "ADMIN_TOKEN",
                                       "OUTBOX_REDELIVER_AFTER_SECONDS")},
           "SATUPINTU_LOG_JSON": "0", "SATUPINTU_LOG_LEVEL": "WARNING", "OUTBOX_TEST_QUEUE": queue_name}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.outbox.killable_worker:celery", "worker", "-P", "solo",
         "-Q", queue_name, "--loglevel", "WARNING", "--without-heartbeat", "--without-mingle",
         "--without-gossip"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_for(predicate, seconds: float, what: str, worker: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited ({worker.returncode}) waiting for {what}:\n"
                                 + log.read_text()[-3000:])
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}:\n" + log.read_text()[-3000:])


def stop(worker: subprocess.Popen | None) -> None:
    if worker is not None and worker.poll() is None:
        worker.kill()
        worker.wait(10)


def test_a_worker_killed_mid_delivery_delivers_once_after_restart(app_config, redis_url,
                                                                  scratch_database_url, tmp_path):
    config = {**app_config, "DATABASE_URL": scratch_database_url, "CELERY_BROKER_URL": redis_url,
              "OUTBOX_REDELIVER_AFTER_SECONDS": 1.0}
    producer = create_app(config)  # the web side: same consumers as the workers, as in production
    consume(producer, TOPIC, CONSUMER, record)
    migrate.upgrade(producer)
    queue_name = f"outbox-test-{uuid.uuid4().hex[:12]}"  # this run's own: Redis may be shared
    producer.extensions["celery"].conf.task_default_queue = queue_name
    log, started = tmp_path / "worker.log", tmp_path / "started"

    def effects() -> list:
        with producer.app_context():
            rows = session().execute(text("SELECT message_id, pid FROM outbox_test_effect")).all()
            session.remove()
        return rows

    def status(message_id):
        with producer.app_context():
            value = session().scalar(select(OutboxMessage.status).where(OutboxMessage.id == message_id))
            session.remove()
        return value

    with producer.app_context():
        session().execute(text(EFFECT_TABLE))
        session().commit()
    first = second = None
    try:
        first = start_worker(config, log, queue_name)
        with producer.app_context():
            message_id = publish(TOPIC, {"started": str(started)})
            session().commit()  # queued on Redis after commit
            session.remove()
        wait_for(started.exists, 60, "the first worker to start the delivery", first, log)
        time.sleep(0.2)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert effects() == [] and status(message_id) == PENDING  # nothing of it committed

        second = start_worker(config, log, queue_name)
        time.sleep(1.1)  # the message's next-try time passes

        def swept() -> int:
            with producer.app_context():
                return sweep()  # PostgreSQL skips the row while the killed backend still holds it

        wait_for(swept, 30, "the sweep to queue the message again", second, log)
        wait_for(lambda: status(message_id) == DELIVERED, 60, "the delivery", second, log)
        assert [pid for _, pid in effects()] == [second.pid]

        # A duplicate task (e.g. Redis restoring the killed worker's unacknowledged one) is a no-op;
        # the worker takes tasks in order, so once the marker is delivered the duplicate ran too.
        with producer.app_context():
            queue(producer.extensions["celery"].tasks["outbox.deliver"], str(message_id))
            marker = publish(TOPIC, {})
            session().commit()
            session.remove()
        wait_for(lambda: status(marker) == DELIVERED, 60, "the marker message", second, log)
        assert sorted(row[0] for row in effects()) == sorted([str(message_id), str(marker)])
    finally:
        stop(first)
        stop(second)
        producer.extensions["satupintu.engine"].dispose()
