"""The consumer of the killed-worker test (tests.outbox.killable_worker runs it in a worker).

It records the message in table outbox_test_effect and, the first time (no file at
payload["started"] yet), creates that file and sleeps so the test can kill the worker in the
middle of the delivery transaction.
"""

import os
import time

from sqlalchemy import text

from app.db import session

TOPIC = CONSUMER = "tests.killable"
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
