"""Email through SMTP to a real (aiosmtpd) server, in the citizen's language; an SMTP server that
is down leaves the email for a retry without touching the inbox or the push channel."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.notifications.models import DevelopmentDelivery, Device
from app.notifications.preferences import token_hash
from app.outbox.models import PENDING, OutboxMessage


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(override_config):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    override_config(NOTIFICATIONS_EMAIL="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                    SMTP_SECURITY="none", SMTP_USERNAME="", SMTP_FROM="SatuPintu <no-reply@satupintu.go.id>",
                    NOTIFICATIONS_LINK_BASE="https://satupintu.go.id/")
    yield mailbox
    controller.stop()


def test_the_email_reaches_the_smtp_server_in_the_citizens_language(smtp, make_citizen, send):
    citizen = make_citizen(locale="en")
    send(citizen, link="/cases/42")
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [citizen.email]
    email = message_from_bytes(envelope.content, policy=policy.default)
    assert email["Subject"] == "Permit IK/2026/0042 approved"
    body = email.get_content()
    assert "Your crowd permit for Festival Braga has been approved." in body
    assert "Open: https://satupintu.go.id/cases/42" in body and "Preferences" in body


def test_an_indonesian_citizen_gets_indonesian_mail(smtp, citizen, send):
    send(citizen)
    email = message_from_bytes(smtp.envelopes[0].content, policy=policy.default)
    assert email["Subject"] == "Izin IK/2026/0042 disetujui" and "Preferensi" in email.get_content()


def test_smtp_down_leaves_the_email_for_a_retry_and_push_unaffected(db_session, citizen, send,
                                                                    override_config):
    override_config(NOTIFICATIONS_EMAIL="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(),
                    SMTP_SECURITY="none", SMTP_TIMEOUT=2.0)
    token = "device-token-" + "c" * 40
    db_session.add(Device(subject_id=citizen.id, token=token, token_hash=token_hash(token), platform="web"))
    db_session.commit()
    notification_id = send(citizen)  # the commit succeeds although the email cannot go out
    db_session.expire_all()
    message = db_session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "notifications.deliver")
                                 .order_by(OutboxMessage.created_at.desc())).first()
    assert message.status == PENDING and message.attempts == 1
    assert "notifications.email" in message.last_error and "notifications.push" not in message.last_error
    pushed = db_session.scalars(select(DevelopmentDelivery).where(
        DevelopmentDelivery.notification_id == notification_id)).all()
    assert [d.channel for d in pushed] == ["push"]
