"""The FCM HTTP v1 adapter against a local fake of Google's token endpoint and FCM: a JWT signed
with the service-account key is exchanged for an access token (cached), messages are sent with
it, an UNREGISTERED answer deactivates the device, a 401 re-exchanges once, and failures or a
silent server leave the push for an outbox retry."""

import json
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from app.config import ConfigError
from app.notifications.channels import DeliveryFailed, Outgoing
from app.notifications.fcm import SCOPE, FcmClient, load_credentials
from app.notifications.models import Device
from app.notifications.preferences import token_hash
from app.outbox.models import PENDING, OutboxMessage

PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = PRIVATE.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
PUBLIC = RSAKey.import_key(PRIVATE.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
EMAIL = "satupintu-push@demo-project.iam.gserviceaccount.com"


class FakeGoogle(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.exchanges, self.sent = [], []
        self.expire_next = False  # answer the next send 401 (token revoked)

    def credentials(self) -> dict:
        return {"type": "service_account", "project_id": "demo-project", "private_key_id": "k1",
                "private_key": PEM, "client_email": EMAIL, "token_uri": f"{self.url}/token"}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        server, raw = self.server, self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/token":
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            token = jwt.decode(form["assertion"], PUBLIC, algorithms=["RS256"])
            claims = token.claims
            valid = (form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
                     and token.header["kid"] == "k1" and claims["iss"] == EMAIL and claims["scope"] == SCOPE
                     and claims["aud"] == f"{server.url}/token" and claims["exp"] - claims["iat"] == 3600)
            if not valid:
                return self.answer(400, {"error": "invalid_grant"})
            server.exchanges.append(claims)
            return self.answer(200, {"access_token": f"ya29.test-{len(server.exchanges)}", "expires_in": 3599,
                                     "token_type": "Bearer"})
        if self.path != "/v1/projects/demo-project/messages:send":
            return self.answer(404, {"error": {"code": 404, "status": "NOT_FOUND"}})
        if self.headers["Authorization"] != f"Bearer ya29.test-{len(server.exchanges)}" or server.expire_next:
            server.expire_next = False
            return self.answer(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
        message = json.loads(raw)["message"]
        if message["token"].startswith("gone-"):
            return self.answer(404, {"error": {"code": 404, "status": "NOT_FOUND", "details": [
                {"@type": FCM_ERROR, "errorCode": "UNREGISTERED"}]}})
        if message["token"].startswith("broken-"):
            return self.answer(503, {"error": {"code": 503, "status": "UNAVAILABLE"}})
        if message["token"].startswith("slow-"):
            time.sleep(1.5)
        server.sent.append(message)
        return self.answer(200, {"name": f"projects/demo-project/messages/{len(server.sent)}"})


@pytest.fixture
def google():
    server = FakeGoogle()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fcm(app, google, override_config):
    """Push through FCM (the fake) for this test."""
    override_config(NOTIFICATIONS_PUSH="fcm", NOTIFICATIONS_EMAIL="off",
                    NOTIFICATIONS_FCM_CREDENTIALS=json.dumps(google.credentials()),
                    NOTIFICATIONS_FCM_SEND_URL=google.url + "/v1/projects/{project}/messages:send",
                    NOTIFICATIONS_FCM_TIMEOUT=5.0)
    app.extensions.pop("satupintu.notifications.fcm", None)
    yield google
    app.extensions.pop("satupintu.notifications.fcm", None)


def client_for(google, timeout=5.0) -> FcmClient:
    return FcmClient(google.credentials(), project="demo-project", token_url=f"{google.url}/token",
                     send_url=google.url + "/v1/projects/{project}/messages:send", timeout=timeout)


def outgoing(token: str) -> Outgoing:
    return Outgoing(notification_id=uuid.uuid4(), recipient=token, locale="id",
                    title="Judul", body="Isi", link="/cases/1", data={"category": "cases"})


def add_device(db_session, account, token):
    device = Device(subject_id=account.id, token=token, token_hash=token_hash(token), platform="android")
    db_session.add(device)
    db_session.commit()
    return device


def test_a_signed_jwt_is_exchanged_once_and_the_message_sent(google):
    client = client_for(google)
    assert client.send(outgoing("device-a")) is True
    assert client.send(outgoing("device-b")) is True
    assert len(google.exchanges) == 1  # the access token is reused until it nearly expires
    first = google.sent[0]
    assert first["token"] == "device-a" and first["notification"] == {"title": "Judul", "body": "Isi"}
    assert first["data"] == {"category": "cases", "link": "/cases/1"}


def test_an_unregistered_token_answers_false(google):
    assert client_for(google).send(outgoing("gone-device")) is False


def test_a_rejected_access_token_is_exchanged_again_once(google):
    client = client_for(google)
    client.send(outgoing("device-a"))
    google.expire_next = True
    assert client.send(outgoing("device-a")) is True
    assert len(google.exchanges) == 2 and len(google.sent) == 2


def test_server_errors_and_timeouts_raise_for_a_retry(google):
    with pytest.raises(DeliveryFailed, match="503"):
        client_for(google).send(outgoing("broken-device"))
    started = time.monotonic()
    with pytest.raises(DeliveryFailed):
        client_for(google, timeout=0.5).send(outgoing("slow-device"))
    assert time.monotonic() - started < 1.4


def test_a_notification_is_pushed_to_every_active_device_and_unregistered_ones_are_switched_off(
        db_session, citizen, send, fcm):
    phone = add_device(db_session, citizen, "phone-" + "d" * 30)
    gone = add_device(db_session, citizen, "gone-" + "e" * 30)
    notification_id = send(citizen, link="/cases/9")
    [pushed] = fcm.sent
    assert pushed["token"] == phone.token and pushed["notification"]["title"] == "Izin IK/2026/0042 disetujui"
    assert pushed["data"]["notification_id"] == str(notification_id) and pushed["data"]["link"] == "/cases/9"
    db_session.expire_all()
    assert db_session.get(Device, gone.id).active is False and db_session.get(Device, phone.id).active is True
    send(citizen)
    assert len(fcm.sent) == 2 and {m["token"] for m in fcm.sent} == {phone.token}  # no more to the gone one


def test_fcm_down_leaves_the_push_pending_for_a_retry(db_session, citizen, send, fcm):
    add_device(db_session, citizen, "broken-" + "f" * 30)
    send(citizen)
    db_session.expire_all()
    message = db_session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "notifications.deliver")
                                 .order_by(OutboxMessage.created_at.desc())).first()
    assert message.status == PENDING and message.attempts == 1
    assert "FCM send answered 503" in message.last_error


@pytest.mark.parametrize("value", ["", "{not json", "/no/such/file.json", '{"client_email": "x"}'])
def test_unusable_credentials_are_refused(value):
    with pytest.raises(ConfigError):
        credentials = load_credentials(value)
        FcmClient(credentials, project="p", token_url="http://t", send_url="http://s", timeout=1)
