"""Celery app of a real worker process for the killed-worker test:

    celery -A tests.outbox.killable_worker:celery worker -P solo -Q satupintu

Settings come from SATUPINTU_* variables (database, broker). Its consumer "tests.killable" of
topic "tests.killable" records the message in table outbox_test_effect and, the first time (no
file at payload["started"] yet), creates that file and sleeps so the test can kill the worker
in the middle of the delivery transaction.
"""

import os
import time

from sqlalchemy import text

from app import create_app
from app.db import session
from app.outbox import consume

EFFECT_TABLE = "CREATE TABLE outbox_test_effect (message_id VARCHAR(36) NOT NULL, pid INTEGER NOT NULL)"


def record(message_id, payload):
    session().execute(text("INSERT INTO outbox_test_effect (message_id, pid) VALUES (:m, :p)"),
                      {"m": str(message_id), "p": os.getpid()})
    session().flush()
    started = payload.get("started")
    if started and not os.path.exists(started):
        with open(started, "w") as marker:
            marker.write(str(os.getpid()))
        time.sleep(300)  # killed here, with the insert and the receipt uncommitted


app = create_app()
consume(app, "tests.killable", "tests.killable", record)
celery = app.extensions["celery"]
