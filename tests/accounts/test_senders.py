"""Code delivery: SMTP (real aiosmtpd server), HTTP SMS gateway (local server), development outbox."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from auth.accounts.senders import (
    DeliveryFailed,
    DevelopmentSender,
    HttpSmsSender,
    Message,
    SmtpSender,
    sender_for,
)

SMS = Message(channel="sms", recipient="+6281234567890", subject="", body="98765432 adalah kode Anda")
EMAIL = Message(channel="email", recipient="warga@contoh.id", subject="Kode SatuPintu", body="Kode: 12345678")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def smtp_sender(port: int, **changes) -> SmtpSender:
    settings = dict(host="127.0.0.1", port=port, security="none", username="", password="",
                    sender="SatuPintu <no-reply@satupintu.go.id>", timeout=5.0)
    settings.update(changes)
    return SmtpSender(**settings)


def test_smtp_delivers_to_a_real_server(smtp_server):
    controller, inbox = smtp_server
    smtp_sender(controller.port).send(EMAIL)
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.rcpt_tos == ["warga@contoh.id"]
    text = envelope.content.decode()
    assert "Subject: Kode SatuPintu" in text and "Kode: 12345678" in text


def test_smtp_failure_is_a_delivery_failure():
    with pytest.raises(DeliveryFailed):
        smtp_sender(free_port(), timeout=2.0).send(EMAIL)  # nothing listens there


def test_smtp_security_setting_is_checked():
    with pytest.raises(ValueError):
        smtp_sender(25, security="maybe")


class Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    delay = 0.0

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append((dict(self.headers), json.loads(self.rfile.read(length))))
        time.sleep(type(self).delay)
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received, Gateway.status, Gateway.delay = [], 200, 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()
    server.server_close()


def test_sms_gateway_gets_json_with_the_bearer_token(gateway):
    HttpSmsSender(url=gateway, token="rahasia-gateway", timeout=3.0).send(SMS)
    headers, payload = Gateway.received[0]
    assert payload == {"to": "+6281234567890", "message": "98765432 adalah kode Anda"}
    assert headers["Authorization"] == "Bearer rahasia-gateway"
    assert headers["Content-Type"] == "application/json"


def test_sms_gateway_errors_are_delivery_failures(gateway):
    Gateway.status = 500
    with pytest.raises(DeliveryFailed):
        HttpSmsSender(url=gateway, token="t", timeout=3.0).send(SMS)


def test_sms_gateway_calls_time_out(gateway):
    Gateway.delay = 2.0
    started = time.monotonic()
    with pytest.raises(DeliveryFailed):
        HttpSmsSender(url=gateway, token="t", timeout=0.3).send(SMS)
    assert time.monotonic() - started < 1.5


def test_sms_gateway_url_must_be_http():
    with pytest.raises(ValueError):
        HttpSmsSender(url="file:///etc/passwd", token="t", timeout=1.0)


def test_development_sender_writes_the_outbox_and_logs(db_session, outbox, caplog):
    with caplog.at_level("INFO", logger="satupintu.accounts.senders"):
        DevelopmentSender(log_body=True).send(SMS)
    assert outbox.messages("+6281234567890")[0].body == SMS.body
    assert "98765432" in caplog.text


def test_development_sender_keeps_codes_out_of_production_logs(db_session, caplog):
    with caplog.at_level("INFO", logger="satupintu.accounts.senders"):
        DevelopmentSender(log_body=False).send(SMS)
    assert "98765432" not in caplog.text and "+6281234567890" in caplog.text


def test_senders_follow_configuration(app, db_session, override_config, gateway):
    assert isinstance(sender_for("sms"), DevelopmentSender)
    override_config(OTP_SMS_SENDER="http", SMS_GATEWAY_URL=gateway, OTP_EMAIL_SENDER="smtp")
    assert isinstance(sender_for("sms"), HttpSmsSender)
    assert isinstance(sender_for("email"), SmtpSender)
    override_config(OTP_SMS_SENDER="pigeon")
    with pytest.raises(ValueError):
        sender_for("sms")


def test_registration_codes_go_through_the_configured_channels(client, override_config, gateway,
                                                               smtp_server):
    controller, inbox = smtp_server
    override_config(OTP_SMS_SENDER="http", SMS_GATEWAY_URL=gateway, OTP_EMAIL_SENDER="smtp",
                    SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_SECURITY="none")
    response = client.post("/api/v1/accounts/register", json={
        "nik": "3171015708900001", "full_name": "Siti Rahmawati", "birth_date": "1990-08-17",
        "phone": "081234567890", "email": "siti@contoh.id", "password": "pohon mangga di halaman"})
    assert response.status_code == 201
    assert Gateway.received[0][1]["to"] == "+6281234567890"
    assert inbox.envelopes[0].rcpt_tos == ["siti@contoh.id"]


def test_a_failed_delivery_answers_503_and_keeps_nothing(client, override_config):
    override_config(OTP_EMAIL_SENDER="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(),
                    SMTP_SECURITY="none", SMTP_TIMEOUT=2.0)
    response = client.post("/api/v1/accounts/register", json={
        "nik": "3171015708900001", "full_name": "Siti Rahmawati", "birth_date": "1990-08-17",
        "email": "siti@contoh.id", "password": "pohon mangga di halaman"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    from auth.accounts.service import find_account

    assert find_account("3171015708900001") is None


def test_a_failed_delivery_of_a_reset_or_resend_answers_as_for_no_account(client, make_citizen,
                                                                          override_config):
    """A 503 there would tell that an account holds the identifier; the failure is only logged."""
    account = make_citizen(phone=None)
    registered = client.post("/api/v1/accounts/register", json={  # its email not verified yet
        "nik": "3171015708900001", "full_name": "Siti Rahmawati", "birth_date": "1990-08-17",
        "email": "siti@contoh.id", "password": "pohon mangga di halaman"})
    assert registered.status_code == 201
    override_config(OTP_EMAIL_SENDER="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(),
                    SMTP_SECURITY="none", SMTP_TIMEOUT=2.0)
    for identifier in (account.email, "tidak.ada@contoh.id"):
        response = client.post("/api/v1/accounts/password-reset", json={"identifier": identifier})
        assert response.status_code == 202, response.get_json()
    for destination in ("siti@contoh.id", "tidak.ada@contoh.id"):
        response = client.post("/api/v1/accounts/verify/resend", json={"channel": "email",
                                                                       "destination": destination})
        assert response.status_code == 202, response.get_json()
