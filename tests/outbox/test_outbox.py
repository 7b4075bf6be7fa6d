"""Transactional outbox: written with the transaction, delivered after commit (inline without a
broker), retried with back-off, deduplicated by receipts, swept when the enqueue was lost."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.db import session, utcnow
from app.outbox import consume, publish
from app.outbox.delivery import PENDING_IDS, deliver, sweep
from app.outbox.models import DEAD, DELIVERED, PENDING, OutboxMessage, OutboxReceipt
from app.state import Revision


def recorder(calls, *, fail=None):
    """A consumer that writes a row (so its rollback is visible) and remembers each call."""

    def handle(message_id, payload):
        session().add(Revision(name=f"outbox-{payload['n']}-{len(calls)}", value="x"))
        calls.append((message_id, payload))
        if fail and fail():
            raise RuntimeError("consumer is down")

    return handle


def message(db_session, message_id) -> OutboxMessage:
    db_session.expire_all()
    return db_session.get(OutboxMessage, message_id)


def revisions(db_session, n) -> int:
    return db_session.scalar(select(func.count()).select_from(Revision)
                             .where(Revision.name.like(f"outbox-{n}-%")))


def test_delivered_after_commit_only_and_dropped_on_rollback(db_session, consumers):
    calls = []
    consumers("tests.thing_done", "tests.recorder", recorder(calls))
    dropped = publish("tests.thing_done", {"n": 1})
    db_session.flush()
    assert calls == []
    db_session.rollback()
    assert db_session.get(OutboxMessage, dropped) is None
    assert calls == []

    kept = publish("tests.thing_done", {"n": 2, "case_id": str(uuid.uuid4())})
    assert calls == []  # not before commit
    db_session.commit()
    assert [(m, p["n"]) for m, p in calls] == [(kept, 2)]
    assert session() is db_session  # inline delivery used a session of its own, then gave this one back
    row = message(db_session, kept)
    assert row.status == DELIVERED and row.delivered_at is not None and row.attempts == 0
    assert revisions(db_session, 2) == 1
    assert db_session.get(OutboxReceipt, (kept, "tests.recorder")) is not None
    assert db_session.get(OutboxMessage, dropped) is None


def test_a_message_without_consumers_is_delivered_at_once(db_session):
    message_id = publish("tests.nobody_listens", {"n": 3})
    assert db_session.info.get(PENDING_IDS, []) == []  # nothing to hand over after commit
    db_session.commit()
    assert message(db_session, message_id).status == DELIVERED


def test_a_failing_consumer_is_retried_with_back_off_and_others_are_unaffected(db_session, consumers):
    good, bad = [], []
    down = [True]
    consumers("tests.failing", "tests.good", recorder(good))
    consumers("tests.failing", "tests.bad", recorder(bad, fail=lambda: down[0]))
    message_id = publish("tests.failing", {"n": 4})
    db_session.commit()  # the committing caller is not disturbed by the failure

    row = message(db_session, message_id)
    assert row.status == PENDING and row.attempts == 1
    assert "tests.bad" in row.last_error and "consumer is down" in row.last_error
    assert timedelta(seconds=10) < row.next_attempt_at - utcnow() < timedelta(seconds=19)
    assert len(good) == 1 and len(bad) == 1
    assert revisions(db_session, 4) == 1  # the failing consumer's write was rolled back
    assert db_session.get(OutboxReceipt, (message_id, "tests.bad")) is None

    assert sweep() == 0  # not due yet
    down[0] = False
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert sweep() == 1
    row = message(db_session, message_id)
    assert row.status == DELIVERED and row.attempts == 1
    assert len(good) == 1 and len(bad) == 2  # the good consumer's receipt skipped it
    assert revisions(db_session, 4) == 2


def test_back_off_grows_between_attempts(app, db_session, consumers):
    consumers("tests.always_failing", "tests.failer", recorder([], fail=lambda: True))
    message_id = publish("tests.always_failing", {"n": 5})
    db_session.commit()
    delays = []
    for _ in range(3):
        row = message(db_session, message_id)
        delays.append((row.next_attempt_at - utcnow()).total_seconds())
        deliver(message_id)
    assert delays[0] < delays[1] < delays[2]
    assert 0.8 * 60 <= delays[2] <= 1.2 * 60 + 1  # 15 s * 2^(3-1), +-20 %


def test_receipts_make_a_redelivered_message_a_no_op(db_session, consumers):
    calls = []
    consumers("tests.redelivered", "tests.once", recorder(calls))
    message_id = publish("tests.redelivered", {"n": 6})
    db_session.commit()
    assert deliver(message_id) is None  # a second copy of the task: already delivered
    # Even forced back to pending (e.g. by an operator), the consumer does not apply it twice.
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(status=PENDING, attempts=1))
    db_session.commit()
    assert deliver(message_id) == DELIVERED
    assert len(calls) == 1 and revisions(db_session, 6) == 1


def test_the_sweep_delivers_a_message_whose_enqueue_was_lost(db_session, consumers, override_config):
    calls = []
    consumers("tests.lost", "tests.lost_consumer", recorder(calls))
    message_id = publish("tests.lost", {"n": 7})
    db_session.info.pop(PENDING_IDS)  # the process died between commit and enqueue
    db_session.commit()
    assert calls == [] and message(db_session, message_id).status == PENDING
    assert sweep() == 0  # a fresh message has its grace period
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert sweep() == 1
    assert len(calls) == 1 and message(db_session, message_id).status == DELIVERED
    assert sweep() == 0


def test_with_a_broker_ids_are_queued_after_commit_and_the_sweep_leases(app, db_session, override_config,
                                                                       consumers, monkeypatch):
    consumers("tests.queued", "tests.queued_consumer", recorder([]))
    queued = []
    task = app.extensions["celery"].tasks["outbox.deliver"]
    monkeypatch.setattr(task, "apply_async", lambda args: queued.append(args[0]))
    override_config(CELERY_BROKER_URL="redis://broker.invalid:6379/0")
    message_id = publish("tests.queued", {"n": 8})
    db_session.flush()
    assert queued == []
    db_session.commit()
    assert queued == [str(message_id)] and message(db_session, message_id).status == PENDING

    db_session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert sweep() == 1 and queued == [str(message_id)] * 2
    assert message(db_session, message_id).next_attempt_at > utcnow() + timedelta(seconds=50)
    assert sweep() == 0  # leased: queued once per redelivery period


def test_a_broker_that_is_down_does_not_fail_the_commit(app, db_session, override_config, consumers,
                                                        monkeypatch):
    consumers("tests.unqueued", "tests.unqueued_consumer", recorder([]))
    def down(args):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(app.extensions["celery"].tasks["outbox.deliver"], "apply_async", down)
    override_config(CELERY_BROKER_URL="redis://broker.invalid:6379/0")
    message_id = publish("tests.unqueued", {"n": 12})
    db_session.commit()
    assert message(db_session, message_id).status == PENDING  # the sweep will queue it


def test_a_message_is_dead_after_the_last_attempt_and_can_be_retried(app, db_session, consumers,
                                                                     override_config):
    override_config(OUTBOX_MAX_ATTEMPTS=3)
    down = [True]
    calls = []
    consumers("tests.doomed", "tests.doomed_consumer", recorder(calls, fail=lambda: down[0]))
    message_id = publish("tests.doomed", {"n": 9})
    db_session.commit()
    assert deliver(message_id) == PENDING
    assert "oldest pending: " in app.test_cli_runner().invoke(args=["outbox", "status"]).output
    assert deliver(message_id) == DEAD
    assert deliver(message_id) is None  # dead messages are left alone
    row = message(db_session, message_id)
    assert row.attempts == 3 and "consumer is down" in row.last_error

    runner = app.test_cli_runner()
    status = runner.invoke(args=["outbox", "status"])
    assert status.exit_code == 0
    assert "tests.doomed\tdead\t1" in status.output and f"dead {message_id}" in status.output
    down[0] = False
    retried = runner.invoke(args=["outbox", "retry", str(message_id)])
    assert retried.exit_code == 0 and "1 message(s) queued again" in retried.output
    row = message(db_session, message_id)
    assert row.status == DELIVERED and len(calls) == 4
    assert runner.invoke(args=["outbox", "sweep"]).output == "0 message(s) queued\n"


def test_consumers_publishing_in_turn_are_delivered_too(db_session, consumers):
    second = []

    def first(message_id, payload):
        publish("tests.second", {"n": payload["n"], "after": str(message_id)})

    consumers("tests.first", "tests.first_consumer", first)
    consumers("tests.second", "tests.second_consumer", recorder(second))
    first_id = publish("tests.first", {"n": 10})
    db_session.commit()
    assert [p["after"] for _, p in second] == [str(first_id)]


def test_publish_and_consume_refuse_bad_input(app, db_session, consumers):
    with pytest.raises(ValueError, match="topic"):
        publish("NoDots", {})
    with pytest.raises(TypeError):
        publish("tests.bad_payload", {"id": uuid.uuid4()})
    consumers("tests.dup", "tests.dup_consumer", recorder([]))
    with pytest.raises(ValueError, match="twice"):
        consume(app, "tests.other", "tests.dup_consumer", recorder([]))


def test_old_delivered_messages_are_purged(db_session, override_config):
    message_id = publish("tests.old", {"n": 11})
    db_session.commit()
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(delivered_at=utcnow() - timedelta(days=8)))
    db_session.commit()
    sweep()
    assert message(db_session, message_id) is None
