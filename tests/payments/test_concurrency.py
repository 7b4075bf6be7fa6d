"""Real concurrency on a scratch database (threads, each with its own connection, through the full
HTTP stack of a separate app instance): concurrent payment attempts on one invoice with the same
Idempotency-Key and with different keys charge exactly once; a callback delivered many times at once
is applied once."""

from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import create_app, migrate
from app.access import Principal
from app.contracts.payments import InvoiceItem
from app.db import session, utcnow
from app.payments.models import Attempt, GatewayEvent, IdempotencyKey, Journal, SimCharge
from app.registry import services
from tests.payments.conftest import pay_on_page

THREADS = 8
TOKEN = "concurrency-test-citizen-token-0123456789"


@pytest.fixture
def scratch_app(app_config, scratch_database_url):
    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    with app.app_context():
        from app.reference.service import load_reference_data
        from auth.accounts.records import build_account
        from auth.oidc.keys import ensure_keys
        from auth.testing.accounts import nik_for

        load_reference_data()
        ensure_keys()
        account = build_account(full_name="Rina Marlina", password="kopi tubruk di teras pagi",
                                nik=nik_for(date(1992, 5, 14), "F"), birth_date=date(1992, 5, 14), sex="F")
        session.add(account)
        session.commit()
        app.citizen_id = account.id
        session.remove()
    # the bearer token is not what is tested here: a fixed token stands for the citizen
    principal = Principal(subject=str(app.citizen_id), scopes=frozenset({"payments", "documents"}))
    app.extensions["satupintu.authenticators"].insert(0, lambda token: principal if token == TOKEN else None)
    yield app
    app.extensions["satupintu.engine"].dispose()


def _invoice(app) -> uuid.UUID:
    with app.test_request_context("/", base_url="http://localhost/"):
        ref = services().get("payments").create_invoice(
            app.citizen_id, [InvoiceItem("Pajak kendaraan 2026", 1_500_000)], module="pengumuman",
            agency="dukcapil", due_at=utcnow() + timedelta(days=3))
        session.commit()
        session.remove()
    return ref.id


def _race(app, send) -> list:
    barrier = threading.Barrier(THREADS)
    outcomes: list = [None] * THREADS

    def run(number: int) -> None:
        client = app.test_client()
        try:
            barrier.wait()
            outcomes[number] = send(client, number)
        except Exception as error:  # reported by the main thread
            outcomes[number] = repr(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _pay(invoice_id, key: str, method: str = "va_bca"):
    def send(client, _number):
        response = client.post(f"/api/v1/me/invoices/{invoice_id}/payments", json={"method": method},
                               headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": key})
        return response.status_code, response.headers.get("Idempotent-Replayed"), response.get_json()

    return send


def _count(app, model, *where) -> int:
    with app.app_context():
        try:
            return session.scalar(select(func.count()).select_from(model).where(*where))
        finally:
            session.remove()


def test_the_same_key_sent_concurrently_charges_once(scratch_app):
    invoice_id = _invoice(scratch_app)
    outcomes = _race(scratch_app, _pay(invoice_id, "one-key"))
    statuses = sorted(status for status, _replayed, _body in outcomes)
    assert set(statuses) <= {201, 409}, outcomes
    fresh = [body for status, replayed, body in outcomes if status == 201 and not replayed]
    assert len(fresh) == 1, outcomes
    replays = [body for status, replayed, body in outcomes if replayed]
    assert all(body == fresh[0] for body in replays)
    conflicts = [body["type"] for status, _r, body in outcomes if status == 409]
    assert all(kind.endswith("idempotency-key-in-progress") for kind in conflicts), conflicts
    assert _count(scratch_app, Attempt) == 1 and _count(scratch_app, SimCharge) == 1
    assert _count(scratch_app, IdempotencyKey, IdempotencyKey.status == 201) == 1


def test_different_keys_sent_concurrently_charge_once(scratch_app):
    invoice_id = _invoice(scratch_app)
    methods = ["va_bca", "qris"]

    def send(client, number):
        return _pay(invoice_id, f"key-{number}", methods[number % 2])(client, number)

    outcomes = _race(scratch_app, send)
    statuses = sorted(status for status, _replayed, _body in outcomes)
    assert statuses == [201] + [409] * (THREADS - 1), outcomes
    assert all(body["type"].endswith("payment-in-progress") for status, _r, body in outcomes if status == 409)
    assert _count(scratch_app, Attempt, Attempt.invoice_id == invoice_id) == 1
    assert _count(scratch_app, SimCharge) == 1


def test_a_callback_delivered_many_times_at_once_is_applied_once(scratch_app):
    from app.payments.gateways.simulated import signed_callback

    invoice_id = _invoice(scratch_app)
    client = scratch_app.test_client()
    payment = _pay(invoice_id, "pay-once")(client, 0)[2]
    with scratch_app.app_context():
        body, headers = signed_callback(payment["order_id"], "settlement", 1_500_000)

    def send(client, _number):
        response = client.post("/api/v1/payments/callbacks/simulated", data=body, headers=headers)
        return response.status_code, response.get_json()["outcome"]

    outcomes = _race(scratch_app, send)
    assert outcomes == [(200, "applied")] * THREADS, outcomes
    assert _count(scratch_app, GatewayEvent) == 1
    assert _count(scratch_app, Journal, Journal.kind == "payment") == 1
    from app.documents.models import Document
    from app.outbox.models import OutboxMessage

    assert _count(scratch_app, Document, Document.type == "kuitansi_pembayaran") == 1
    assert _count(scratch_app, OutboxMessage, OutboxMessage.topic == "payment.paid") == 1
    detail = client.get(f"/api/v1/me/invoices/{invoice_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert detail.get_json()["status"] == "paid"


def test_the_pay_page_posts_its_callback_over_http(scratch_app):
    """PAYMENTS_SIM_CALLBACK_URL set: the simulator reaches the platform by a real HTTP POST to the
    callback endpoint of a live server, as a gateway would."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, scratch_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scratch_app.config["PAYMENTS_SIM_CALLBACK_URL"] = (
            f"http://127.0.0.1:{server.server_port}/api/v1/payments/callbacks/simulated")
        invoice_id = _invoice(scratch_app)
        client = scratch_app.test_client()
        payment = _pay(invoice_id, "over-http", "qris")(client, 0)[2]
        assert pay_on_page(client, payment).status_code == 200
        detail = client.get(f"/api/v1/me/invoices/{invoice_id}", headers={"Authorization": f"Bearer {TOKEN}"})
        assert detail.get_json()["status"] == "paid"
        assert _count(scratch_app, GatewayEvent) == 1
    finally:
        server.shutdown()


def test_events_of_one_order_racing_each_other_pay_once(scratch_app):
    """Two "paid" events (e.g. capture then settlement), an expiry, a failure and pending events of
    one charge at once: paid once, one payment journal, nothing flagged, the charge stays paid."""
    from app.payments.gateways.simulated import signed_callback
    from app.payments.models import Flag

    invoice_id = _invoice(scratch_app)
    client = scratch_app.test_client()
    order_id = _pay(invoice_id, "racing-events")(client, 0)[2]["order_id"]
    words = ["settlement", "expire", "settlement", "failure", "pending", "settlement", "expire", "pending"]
    with scratch_app.app_context():
        signed = [signed_callback(order_id, word, 1_500_000, event_id=f"event-{n}-{word}")
                  for n, word in enumerate(words)]

    def send(client, number):
        body, headers = signed[number]
        return client.post("/api/v1/payments/callbacks/simulated", data=body, headers=headers).status_code

    assert _race(scratch_app, send) == [200] * THREADS
    assert _count(scratch_app, Journal, Journal.kind == "payment") == 1
    assert _count(scratch_app, Journal, Journal.kind == "unapplied") == 0
    assert _count(scratch_app, Flag) == 0
    assert _count(scratch_app, Attempt, Attempt.status == "paid") == 1
    detail = client.get(f"/api/v1/me/invoices/{invoice_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert detail.get_json()["status"] == "paid"
