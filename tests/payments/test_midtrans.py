"""The Midtrans adapter against a fake Midtrans server: VA and QRIS charges, notifications
verified by signature_key (SHA-512 with the server key) and re-checked via the status API."""

import pytest
from sqlalchemy import func, select

from app.payments.models import GatewayEvent
from tests.payments.conftest import INVOICES, start
from tests.payments.fake_midtrans import FakeMidtrans

SERVER_KEY = "SB-Mid-server-test-0123456789"
NOTIFY = "/api/v1/payments/callbacks/midtrans"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def midtrans(override_config):
    with FakeMidtrans(SERVER_KEY) as fake:
        override_config(PAYMENTS_GATEWAYS="simulated,midtrans", PAYMENTS_MIDTRANS_SERVER_KEY=SERVER_KEY,
                        PAYMENTS_MIDTRANS_BASE_URL=fake.url, PAYMENTS_HTTP_TIMEOUT=5.0)
        yield fake


def _status(client, payer, invoice) -> str:
    return client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()["status"]


def test_a_virtual_account_charge(client, citizen, payer, make_invoice, midtrans):
    invoice = make_invoice(citizen, 120_000)
    response = start(client, payer, invoice.id, method="va_bri", gateway="midtrans")
    assert response.status_code == 201, response.get_json()
    payment = response.get_json()
    assert payment["gateway"] == "midtrans" and payment["instructions"] == {"bank": "bri",
                                                                          "va_number": "12345678901"}
    method, path, body = midtrans.requests[0]
    assert (method, path) == ("POST", "/v2/charge")
    assert body["payment_type"] == "bank_transfer" and body["bank_transfer"] == {"bank": "bri"}
    assert body["transaction_details"] == {"order_id": payment["order_id"], "gross_amount": 120_000}


def test_a_qris_charge(client, citizen, payer, make_invoice, midtrans):
    invoice = make_invoice(citizen)
    payment = start(client, payer, invoice.id, method="qris", gateway="midtrans").get_json()
    assert payment["instructions"]["qr_string"].startswith("000201")
    assert payment["instructions"]["qr_url"].endswith(payment["order_id"])


def test_a_refused_or_unreachable_gateway_leaves_no_payment(client, citizen, payer, make_invoice, midtrans,
                                                            override_config):
    invoice = make_invoice(citizen)
    override_config(PAYMENTS_MIDTRANS_SERVER_KEY="wrong-key")
    refused = start(client, payer, invoice.id, gateway="midtrans")
    assert refused.status_code == 502 and refused.get_json()["type"].endswith("gateway-unavailable")
    override_config(PAYMENTS_MIDTRANS_SERVER_KEY=SERVER_KEY, PAYMENTS_MIDTRANS_BASE_URL="http://127.0.0.1:9")
    assert start(client, payer, invoice.id, gateway="midtrans").status_code == 502
    assert _status(client, payer, invoice) == "open"
    override_config(PAYMENTS_MIDTRANS_BASE_URL=midtrans.url)
    assert start(client, payer, invoice.id, gateway="midtrans").status_code == 201


def test_a_notification_is_trusted_only_after_the_status_api_confirms_it(client, db_session, citizen, payer,
                                                                          make_invoice, midtrans):
    invoice = make_invoice(citizen, 120_000)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    # a correctly signed "settlement" while the gateway itself still says pending: not paid
    midtrans.orders[order_id]["status_code"] = "200"
    claimed = client.post(NOTIFY, data=midtrans.notification(order_id, status="settlement"), headers=JSON)
    assert claimed.status_code == 200 and claimed.get_json()["outcome"] == "ignored"
    assert ("GET", f"/v2/{order_id}/status", None) in midtrans.requests
    assert _status(client, payer, invoice) == "pending"
    midtrans.settle(order_id)
    paid = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    assert paid.status_code == 200 and paid.get_json()["outcome"] == "applied"
    assert _status(client, payer, invoice) == "paid"
    replay = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    assert replay.status_code == 200
    assert db_session.scalar(select(func.count()).select_from(GatewayEvent)
                             .where(GatewayEvent.outcome == "applied")) == 1


def test_a_bad_signature_key_is_refused_without_asking_the_gateway(client, citizen, payer, make_invoice,
                                                                   midtrans):
    invoice = make_invoice(citizen)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    midtrans.settle(order_id)
    calls = len(midtrans.requests)
    forged = client.post(NOTIFY, data=midtrans.notification(order_id, key="guessed"), headers=JSON)
    assert forged.status_code == 401
    altered = client.post(NOTIFY, data=midtrans.notification(order_id, gross_amount="1.00").replace(
        b'"1.00"', b'"50000.00"', 1), headers=JSON)
    assert altered.status_code == 401
    assert client.post(NOTIFY, data=b"not json", headers=JSON).status_code == 401
    assert len(midtrans.requests) == calls and _status(client, payer, invoice) == "pending"


def test_an_amount_the_status_api_disagrees_with_is_refused_and_flagged(client, db_session, citizen, payer,
                                                                       make_invoice, midtrans):
    from app.payments.models import Flag

    invoice = make_invoice(citizen, 50_000)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    midtrans.settle(order_id)
    midtrans.orders[order_id]["gross_amount"] = "5000.00"
    response = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    assert response.status_code == 422 and db_session.scalar(select(Flag.reason)) == "amount_mismatch"


def test_the_status_api_down_means_try_again_later(client, citizen, payer, make_invoice, midtrans,
                                                   override_config):
    invoice = make_invoice(citizen)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    midtrans.settle(order_id)
    body = midtrans.notification(order_id)
    override_config(PAYMENTS_MIDTRANS_BASE_URL="http://127.0.0.1:9")
    response = client.post(NOTIFY, data=body, headers=JSON)
    assert response.status_code == 503 and response.headers["Retry-After"]
    override_config(PAYMENTS_MIDTRANS_BASE_URL=midtrans.url)
    assert client.post(NOTIFY, data=body, headers=JSON).get_json()["outcome"] == "applied"


def test_a_refund_goes_through_the_gateway(client, db_session, citizen, payer, make_invoice, midtrans,
                                           make_staff, account_headers):
    invoice = make_invoice(citizen, 80_000)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    midtrans.settle(order_id)
    client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    admin = make_staff("agency_admin", agency="dukcapil")
    refunded = client.post(f"/api/v1/payments/invoices/{invoice.id}/refund", json={"reason": "Layanan batal"},
                           headers={**account_headers(admin), "Idempotency-Key": "refund-1"})
    assert refunded.status_code == 200 and refunded.get_json()["status"] == "refunded"
    method, path, body = midtrans.requests[-1]
    assert (method, path) == ("POST", f"/v2/{order_id}/refund") and body["amount"] == 80_000
    # Midtrans then notifies the refund: already done, nothing more happens
    later = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    assert later.status_code == 200 and later.get_json()["outcome"] == "ignored"


def test_the_adapter_needs_its_server_key(app_config):
    from app import create_app
    from app.config import ConfigError

    with pytest.raises(ConfigError, match="MIDTRANS_SERVER_KEY"):
        create_app({**app_config, "PAYMENTS_GATEWAYS": "midtrans"})


def test_production_refuses_the_simulated_gateway(app_config):
    from app import create_app
    from app.config import ConfigError

    production = {**app_config, "ENV": "production", "SECRET_KEY": "k" * 40}
    with pytest.raises(ConfigError, match="simulated payment gateway is refused in production"):
        create_app(production)


def test_gateway_calls_follow_no_redirect_and_speak_http_only(midtrans):
    from app.payments import http

    assert http.call("GET", f"{midtrans.url}/elsewhere", timeout=5)[0] == 302
    assert [path for _method, path, _body in midtrans.requests] == ["/elsewhere"]
    with pytest.raises(OSError):
        http.call("GET", "file:///etc/passwd", timeout=5)


def test_a_card_capture_is_money_only_when_the_fraud_check_accepts_it(client, citizen, payer, make_invoice,
                                                                      midtrans):
    invoice = make_invoice(citizen, 120_000)
    order_id = start(client, payer, invoice.id, gateway="midtrans").get_json()["order_id"]
    for fraud_status in ("challenge", None):  # challenged, or not said at all
        midtrans.settle(order_id, "capture")
        midtrans.orders[order_id].pop("fraud_status", None)
        if fraud_status:
            midtrans.orders[order_id]["fraud_status"] = fraud_status
        answer = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
        assert answer.get_json()["outcome"] == "ignored" and _status(client, payer, invoice) == "pending"
    midtrans.orders[order_id]["fraud_status"] = "accept"
    accepted = client.post(NOTIFY, data=midtrans.notification(order_id), headers=JSON)
    assert accepted.get_json()["outcome"] == "applied"
