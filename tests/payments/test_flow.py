"""End to end on one machine: start a payment, pay on the simulated gateway's page (CSRF form),
the signed callback marks the invoice paid, a receipt lands in the wallet, payment.paid is in the
outbox; everything through the API and the page."""

from sqlalchemy import func, select

from app.outbox.models import OutboxMessage
from app.payments import ledger
from app.payments.models import GatewayEvent, Journal
from tests.payments.conftest import INVOICES, csrf, pay_page_path, sim_callback, start


def test_a_citizen_pays_through_the_simulated_gateway(client, db_session, citizen, payer, make_invoice,
                                                      account_headers):
    invoice = make_invoice(citizen, 75_000)
    listed = client.get(INVOICES, headers=payer)
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "no-store"
    assert [item["id"] for item in listed.get_json()["items"]] == [str(invoice.id)]
    assert listed.get_json()["items"][0]["status"] == "open"

    started = start(client, payer, invoice.id, method="va_bni")
    assert started.status_code == 201, started.get_json()
    payment = started.get_json()
    assert payment["status"] == "pending" and payment["amount"] == 75_000
    assert payment["gateway"] == "simulated" and payment["instructions"]["bank"] == "bni"
    assert payment["instructions"]["va_number"].startswith("8808")
    detail = client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()
    assert detail["status"] == "pending" and detail["payment"]["id"] == payment["id"]

    page = client.get(pay_page_path(payment), headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Rp75.000" in page.get_data(as_text=True)
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store" and page.headers["X-Frame-Options"] == "DENY"
    html = page.get_data(as_text=True)
    assert "Pay" in html and payment["order_id"] in html
    # the sign-in pages' frame, under the simulator's own name and banner
    assert "<title>Pay the bill · Simulated Payment Gateway</title>" in html
    assert "Simulation: no real money moves." in html

    forged = client.post(pay_page_path(payment), data={"pay": "1"})
    assert forged.status_code == 400  # no CSRF token: nothing happens
    assert client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()["status"] == "pending"

    paid_page = client.post(pay_page_path(payment), data={"pay": "1", "csrf_token": csrf(html)})
    assert paid_page.status_code == 200 and "Pembayaran berhasil" in paid_page.get_data(as_text=True)
    detail = client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()
    assert detail["status"] == "paid" and detail["paid_at"] and detail["payment"] is None
    receipt = client.get(f"/api/v1/me/documents/{detail['receipt_document_id']}",
                         headers=account_headers(citizen, "documents"))
    assert receipt.status_code == 200
    assert receipt.get_json()["type"] == "kuitansi_pembayaran"
    assert receipt.get_json()["data"]["nomor_tagihan"] == invoice.number
    assert receipt.get_json()["data"]["jumlah"] == 75_000

    inbox = client.get("/api/v1/me/notifications", headers={**account_headers(citizen, "notifications"),
                                                            "Accept-Language": "en"}).get_json()
    assert [item["title"] for item in inbox["items"]] == ["Payment received"]
    assert invoice.number in inbox["items"][0]["body"] and "Rp75.000" in inbox["items"][0]["body"]

    messages = list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "payment.paid")))
    assert [m.payload for m in messages] == [{"invoice_id": str(invoice.id), "case_id": None,
                                              "module": "pengumuman", "subject": str(citizen.id),
                                              "amount": 75_000}]

    # the gateway delivers the same callback again: nothing changes
    again = sim_callback(client, payment["order_id"], "settlement", 75_000)
    assert again.status_code == 200 and again.get_json()["outcome"] == "applied"
    assert db_session.scalar(select(func.count()).select_from(GatewayEvent)) == 1
    assert db_session.scalar(select(func.count()).select_from(Journal).where(Journal.kind == "payment")) == 1
    assert ledger.unbalanced_journals() == []
    assert ledger.balances("gateway_clearing") == {"gateway_clearing:simulated": 75_000}


def test_failing_on_the_pay_page_leaves_the_invoice_payable(client, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    payment = start(client, payer, invoice.id, method="qris").get_json()
    assert payment["instructions"]["qr_string"].startswith("SIMQRIS|")
    html = client.get(pay_page_path(payment)).get_data(as_text=True)
    failed = client.post(pay_page_path(payment), data={"fail": "1", "csrf_token": csrf(html)})
    assert failed.status_code == 200
    assert client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()["status"] == "open"
    second = start(client, payer, invoice.id)
    assert second.status_code == 201 and second.get_json()["id"] != payment["id"]


def test_one_live_payment_per_invoice(client, citizen, payer, make_invoice):
    invoice = make_invoice(citizen)
    first = start(client, payer, invoice.id)
    assert first.status_code == 201
    second = start(client, payer, invoice.id, method="qris")
    assert second.status_code == 409 and second.get_json()["payment"] == first.get_json()["id"]


def test_an_unknown_pay_link_shows_a_page_not_a_payment(client):
    page = client.get("/payments/sim/pay/not-a-token", headers={"Accept-Language": "en"})
    assert page.status_code == 404 and "This payment link is not known." in page.get_data(as_text=True)


def test_another_citizens_invoice_answers_like_none(client, make_citizen, make_invoice, account_headers):
    owner, other = make_citizen(), make_citizen(full_name="Budi Santoso")
    invoice = make_invoice(owner)
    headers = account_headers(other, "payments")
    assert client.get(f"{INVOICES}/{invoice.id}", headers=headers).status_code == 404
    assert start(client, headers, invoice.id).status_code == 404
    assert client.get(INVOICES, headers=headers).get_json()["total"] == 0
    missing = client.get(f"{INVOICES}/00000000-0000-4000-8000-000000000000", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["title"] == client.get(
        f"{INVOICES}/{invoice.id}", headers=headers).get_json()["title"]


def test_the_scope_is_required(client, citizen, make_invoice, account_headers):
    invoice = make_invoice(citizen)
    assert client.get(INVOICES, headers=account_headers(citizen, "documents")).status_code == 403
    assert client.get(f"{INVOICES}/{invoice.id}").status_code == 401
