"""Two deliveries of the same message at the same time (two workers got a copy): the consumer
applies it once. PostgreSQL: the second skips the row the first holds (FOR UPDATE SKIP LOCKED)."""

import threading
import time

from sqlalchemy import select

from app import create_app, migrate
from app.db import session
from app.outbox import consume, publish
from app.outbox.delivery import PENDING_IDS, deliver
from app.outbox.models import DELIVERED, OutboxMessage, OutboxReceipt


def test_concurrent_deliveries_apply_a_message_once(app_config, scratch_database_url):
    worker_app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(worker_app)
    calls, lock = [], threading.Lock()

    def slow(message_id, payload):
        with lock:
            calls.append(message_id)
        time.sleep(0.5)  # the other delivery arrives while this one holds the message

    consume(worker_app, "tests.contended", "tests.contended", slow)
    with worker_app.app_context():
        message_id = publish("tests.contended", {})
        session().info.pop(PENDING_IDS)  # not delivered after commit: the threads below do it
        session().commit()
        session.remove()

    results, barrier = [], threading.Barrier(2)

    def run():
        with worker_app.app_context():
            barrier.wait()
            try:
                results.append(deliver(message_id))
            except Exception as error:
                results.append(type(error).__name__)
            finally:
                session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        assert len(calls) == 1 and DELIVERED in results, results
        with worker_app.app_context():
            row = session().get(OutboxMessage, message_id)
            assert row.status == DELIVERED and row.attempts == 0
            assert len(session().scalars(select(OutboxReceipt)).all()) == 1
            session.remove()
    finally:
        worker_app.extensions["satupintu.engine"].dispose()
