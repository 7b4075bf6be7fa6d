"""The issue's scenario, through the API only: a citizen applies for a paid permit, pays on the
simulated gateway's page (its signed callback then arrives a second time), an officer inspects
and approves, the permit appears in the wallet, and the inbox shows each step."""

from __future__ import annotations

import re
import uuid

from .conftest import BILLBOARD, ME, QUEUE

INVOICES = "/api/v1/me/invoices"


def test_paid_application_from_submission_to_wallet(client, citizen, desk, account_headers):
    from app.payments.gateways.simulated import signed_callback

    me = account_headers(citizen, "cases", "payments", "documents", "notifications")
    english = {**me, "Accept-Language": "en"}
    definition = client.get("/api/v1/cases/services/perizinan/izin-reklame").get_json()
    assert definition["fee"] == 150_000

    filed = client.post(ME, headers=me, json={"module": "perizinan", "service": "izin-reklame",
                                              "form": BILLBOARD, "submit": True})
    assert filed.status_code == 201, filed.get_json()
    case = filed.get_json()
    assert case["state"] == "payment_pending"

    started = client.post(f"{INVOICES}/{case['invoice_id']}/payments", json={"method": "va_bri"},
                          headers={**me, "Idempotency-Key": str(uuid.uuid4())})
    assert started.status_code == 201, started.get_json()
    payment = started.get_json()
    page_path = payment["instructions"]["pay_url"].removeprefix("http://localhost")
    html = client.get(page_path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post(page_path, data={"pay": "1", "csrf_token": token}).status_code == 200
    body, headers = signed_callback(payment["order_id"], "settlement", 150_000)  # delivered again
    assert client.post("/api/v1/payments/callbacks/simulated", data=body, headers=headers).status_code == 200

    paid = client.get(f"{ME}/{case['id']}", headers=me).get_json()
    assert paid["state"] == "in_review"
    assert [e["to_state"] for e in paid["timeline"]].count("in_review") == 1

    queue = client.get(f"{QUEUE}?state=in_review", headers=desk).get_json()
    assert case["id"] in [item["id"] for item in queue["items"]]
    assert client.post(f"{QUEUE}/{case['id']}/claim", headers=desk).status_code == 200
    for target in ("site_inspection", "approved"):
        moved = client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk,
                            json={"to": target, "reason": "ok"})
        assert moved.status_code == 200, moved.get_json()
    done = client.get(f"{ME}/{case['id']}", headers=english).get_json()
    assert done["state"] == "issued" and done["state_label"] == "Document issued"

    wallet = client.get("/api/v1/me/documents", headers=me).get_json()
    types = {item["type"]: item["id"] for item in wallet["items"]}
    assert str(done["document_id"]) == types["izin_reklame"] and "kuitansi_pembayaran" in types

    inbox = client.get("/api/v1/me/notifications?per_page=50", headers=english).get_json()["items"]
    titles = [item["title"] for item in reversed(inbox)]  # oldest first
    number = case["number"]
    for expected in (f"Application {number} submitted", f"Pay for application {number}", "Payment received",
                     f"Application {number} is under review", f"Application {number} has a new status",
                     f"Application {number} approved", f"Document for application {number} issued"):
        assert expected in titles, (expected, titles)
    assert titles.index(f"Pay for application {number}") < titles.index(f"Application {number} approved")
