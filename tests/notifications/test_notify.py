"""notify(): the inbox row and its outbox message in the caller's transaction; delivery to the
development email and push channels, as the citizen's preferences and locale say."""

import uuid

import pytest
from sqlalchemy import func, select

from app.db import session
from app.notifications.models import DevelopmentDelivery, Device, MutedChannel, Notification
from app.notifications.preferences import token_hash
from app.outbox.models import DELIVERED, OutboxMessage
from app.registry import services
from tests.notifications.conftest import PARAMS, TEMPLATE

TOKEN = "fcm-registration-token-" + "x" * 40


def deliveries(db_session, notification_id=None):
    db_session.expire_all()
    query = select(DevelopmentDelivery).order_by(DevelopmentDelivery.channel)
    if notification_id is not None:
        query = query.where(DevelopmentDelivery.notification_id == notification_id)
    return db_session.scalars(query).all()


def add_device(db_session, account, token=TOKEN):
    db_session.add(Device(subject_id=account.id, token=token, token_hash=token_hash(token),
                          platform="android"))
    db_session.commit()


def test_notify_writes_the_inbox_row_and_delivers_after_commit(db_session, citizen, send):
    add_device(db_session, citizen)
    notification_id = send(citizen, link="/cases/42", case_id=uuid.UUID(int=42))
    row = db_session.get(Notification, notification_id)
    assert row.subject_id == citizen.id and row.template == TEMPLATE and row.params == PARAMS
    assert row.read_at is None and row.link == "/cases/42" and row.case_id == uuid.UUID(int=42)
    topic = select(OutboxMessage).where(OutboxMessage.topic == "notifications.deliver")
    [message] = [m for m in db_session.scalars(topic) if m.payload == {"notification": str(notification_id)}]
    assert message.status == DELIVERED
    email, push = deliveries(db_session, notification_id)
    assert (email.channel, email.recipient, email.locale) == ("email", citizen.email, "id")
    assert email.title == "Izin IK/2026/0042 disetujui" and "Festival Braga" in email.body
    assert (push.channel, push.recipient) == ("push", TOKEN)


def test_nothing_is_written_or_sent_when_the_caller_rolls_back(db_session, citizen):
    before = db_session.scalar(select(func.count()).select_from(OutboxMessage))
    services().get("notifications").notify(citizen.id, TEMPLATE, PARAMS, category="cases",
                                           module="pengumuman")
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == before
    assert deliveries(db_session) == []


def test_email_and_push_speak_the_citizens_language(db_session, make_citizen, send):
    english = make_citizen(locale="en")
    add_device(db_session, english)
    notification_id = send(english)
    assert {d.locale for d in deliveries(db_session, notification_id)} == {"en"}
    assert {d.title for d in deliveries(db_session, notification_id)} == {"Permit IK/2026/0042 approved"}


def test_preferences_are_respected_per_channel_and_category(db_session, citizen, send):
    add_device(db_session, citizen)
    db_session.add(MutedChannel(subject_id=citizen.id, channel="email", category="payments"))
    db_session.add(MutedChannel(subject_id=citizen.id, channel="push", category="*"))
    db_session.commit()
    payment = send(citizen, category="payments")
    case = send(citizen, category="cases")
    assert deliveries(db_session, payment) == []  # email off for payments, push off altogether
    assert [d.channel for d in deliveries(db_session, case)] == ["email"]
    assert db_session.get(Notification, payment) is not None  # the inbox always has it


def test_email_goes_only_to_a_verified_address_and_push_only_to_active_devices(db_session, make_citizen,
                                                                               send):
    unverified = make_citizen(verified=False)
    db_session.add(Device(subject_id=unverified.id, token=TOKEN, token_hash=token_hash(TOKEN),
                          platform="ios", active=False))
    db_session.commit()
    assert deliveries(db_session, send(unverified)) == []


def test_with_external_channels_off_no_outbox_message_is_written(db_session, citizen, send, override_config):
    override_config(NOTIFICATIONS_EMAIL="off", NOTIFICATIONS_PUSH="off")
    before = db_session.scalar(select(func.count()).select_from(OutboxMessage))
    notification_id = send(citizen)
    assert db_session.get(Notification, notification_id) is not None
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == before


@pytest.mark.parametrize(("change", "error"), [
    ({"template": "pengumuman.unknown"}, "not registered"),
    ({"template": "Bad Template"}, "must look like"),
    ({"params": {"number": "1"}}, "needs parameter 'event'"),
    ({"category": "gossip"}, "category"),
    ({"module": "nosuchmodule"}, "no installed module"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"link": "/ok\nSet-Cookie: x"}, "link"),
    ({"subject": uuid.uuid4()}, "no account"),
])
def test_notify_refuses_bad_input(db_session, citizen, change, error):
    call = {"subject": citizen.id, "template": TEMPLATE, "params": PARAMS, "category": "cases",
            "module": "pengumuman", **change}
    with pytest.raises(ValueError, match=error):
        services().get("notifications").notify(call.pop("subject"), call.pop("template"), call.pop("params"),
                                               **call)
    session().rollback()


def test_params_must_be_plain_json(db_session, citizen):
    with pytest.raises(TypeError):
        services().get("notifications").notify(citizen.id, TEMPLATE, {**PARAMS, "when": object()},
                                               category="cases", module="cases")
