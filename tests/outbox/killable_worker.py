"""Celery app of a real worker process for the killed-worker test:

    celery -A tests.outbox.killable_worker:celery worker -P solo -Q <queue>

Settings come from SATUPINTU_* variables (database, broker); OUTBOX_TEST_QUEUE names the test
run's own queue, so other runs sharing the Redis database take none of its tasks.
"""

import os

from app import create_app
from app.outbox import consume
from tests.outbox.killable import CONSUMER, TOPIC, record

app = create_app()
consume(app, TOPIC, CONSUMER, record)
celery = app.extensions["celery"]
celery.conf.task_default_queue = os.environ.get("OUTBOX_TEST_QUEUE", "satupintu")
