"""A paid service: submission opens an invoice and waits in payment_pending; the payments
capability's "payment.paid" outbox message moves the case to in_review exactly once; approval
puts the service's document in the wallet and the case becomes "issued"."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.cases.models import CaseEvent
from app.cases.provider import on_payment_paid
from app.db import session

from .conftest import BILLBOARD, ME, QUEUE, case_row

INVOICES = "/api/v1/me/invoices"


def _moves(case_id) -> list[tuple]:
    return [(e.from_state, e.to_state, e.actor_role) for e in session().scalars(
        select(CaseEvent).where(CaseEvent.case_id == uuid.UUID(str(case_id)), CaseEvent.kind == "transition")
        .order_by(CaseEvent.seq))]


def test_paid_service_waits_for_payment_then_issues_a_document(client, citizen, me, desk, file_case,
                                                                account_headers):
    from app.payments.gateways.simulated import signed_callback

    case = file_case("izin-reklame")
    assert case["state"] == "payment_pending" and case["fee"] == 150_000 and case["invoice_id"]
    assert case["due_at"] is None  # the SLA starts once the application is paid
    payer = account_headers(citizen, "payments")
    invoice = client.get(f"{INVOICES}/{case['invoice_id']}", headers=payer).get_json()
    assert invoice["amount"] == 150_000 and invoice["case_id"] == case["id"] and invoice["status"] == "open"
    started = client.post(f"{INVOICES}/{case['invoice_id']}/payments", json={"method": "qris"},
                          headers={**payer, "Idempotency-Key": str(uuid.uuid4())})
    assert started.status_code == 201, started.get_json()
    for _ in range(2):  # the gateway delivers its callback twice
        body, headers = signed_callback(started.get_json()["order_id"], "settlement", 150_000)
        answer = client.post("/api/v1/payments/callbacks/simulated", data=body, headers=headers)
        assert answer.status_code == 200
    paid = client.get(f"{ME}/{case['id']}", headers=me).get_json()
    assert paid["state"] == "in_review" and paid["due_at"]
    assert _moves(case["id"]).count(("payment_pending", "in_review", "system")) == 1

    inspected = client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk,
                            json={"to": "site_inspection", "reason": "Survei lokasi"})
    assert inspected.status_code == 200
    approved = client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk,
                           json={"to": "approved", "reason": "Sesuai"})
    assert approved.status_code == 200, approved.get_json()
    body = approved.get_json()
    assert body["state"] == "issued" and body["document_id"]
    wallet = client.get(f"/api/v1/me/documents/{body['document_id']}", headers=me)
    assert wallet.status_code == 200
    document = wallet.get_json()
    assert document["type"] == "izin_reklame" and document["module"] == "perizinan"
    assert document["data"]["nama_usaha"] == BILLBOARD["nama_usaha"]
    assert document["data"]["nomor_permohonan"] == case["number"]
    assert [m[1] for m in _moves(case["id"])] == ["draft", "submitted", "payment_pending", "in_review",
                                                  "site_inspection", "approved", "issued"]


def test_payment_paid_consumer_applies_once(file_case):
    case = file_case("izin-reklame")
    payload = {"invoice_id": case["invoice_id"], "case_id": case["id"], "module": "perizinan",
               "subject": case["subject_id"], "amount": 150_000}
    on_payment_paid(uuid.uuid4(), payload)
    on_payment_paid(uuid.uuid4(), payload)  # a second message for the same payment
    session().commit()
    assert case_row(case["id"]).state == "in_review"
    assert _moves(case["id"]).count(("payment_pending", "in_review", "system")) == 1


def test_payment_paid_for_another_invoice_or_no_case_is_ignored(file_case):
    case = file_case("izin-reklame")
    on_payment_paid(uuid.uuid4(), {"invoice_id": str(uuid.uuid4()), "case_id": case["id"]})
    on_payment_paid(uuid.uuid4(), {"invoice_id": case["invoice_id"], "case_id": None})
    session().commit()
    assert case_row(case["id"]).state == "payment_pending"


def test_payment_paid_through_the_outbox_delivers_once(app, file_case):
    from app.outbox import publish
    from app.outbox.delivery import deliver

    case = file_case("izin-reklame")
    payload = {"invoice_id": case["invoice_id"], "case_id": case["id"], "module": "perizinan",
               "subject": case["subject_id"], "amount": 150_000}
    message = publish("payment.paid", payload)
    session().commit()  # delivered inline after commit (no broker)
    deliver(message)  # a redelivery of the same message: the receipt makes it a no-op
    assert case_row(case["id"]).state == "in_review"
    assert _moves(case["id"]).count(("payment_pending", "in_review", "system")) == 1


def test_resubmission_after_correction_does_not_bill_again(client, me, desk, file_case):
    case = file_case("izin-reklame")
    on_payment_paid(uuid.uuid4(), {"invoice_id": case["invoice_id"], "case_id": case["id"]})
    session().commit()
    client.post(f"{QUEUE}/{case['id']}/correction-request", headers=desk, json={"reason": "Ukuran salah"})
    fixed = client.post(f"{ME}/{case['id']}/correction", headers=me,
                        json={"form": {**BILLBOARD, "lebar_m": 2}})
    assert fixed.status_code == 200, fixed.get_json()
    assert fixed.get_json()["state"] == "in_review" and fixed.get_json()["invoice_id"] == case["invoice_id"]


def test_each_step_reaches_the_inbox(client, citizen, desk, file_case, account_headers):
    case = file_case()
    client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk, json={"to": "approved", "reason": "ok"})
    inbox = client.get("/api/v1/me/notifications?per_page=50", headers={
        **account_headers(citizen, "notifications"), "Accept-Language": "en"}).get_json()
    titles = [item["title"] for item in inbox["items"] if item["case_id"] == case["id"]]
    number = case["number"]
    assert set(titles) == {f"Application {number} submitted", f"Application {number} is under review",
                           f"Application {number} approved", f"Document for application {number} issued"}


def test_withdrawing_an_unpaid_case_cancels_its_invoice(client, citizen, me, file_case, account_headers):
    case = file_case("izin-reklame")
    assert client.post(f"{ME}/{case['id']}/withdraw", headers=me, json={}).get_json()["state"] == "withdrawn"
    invoice = client.get(f"{INVOICES}/{case['invoice_id']}", headers=account_headers(citizen, "payments"))
    assert invoice.get_json()["status"] == "cancelled"


def test_a_case_whose_invoice_lapsed_is_closed(file_case):
    from datetime import timedelta

    from app.cases.unpaid import close_unpaid
    from app.db import utcnow
    from app.registry import services

    fresh, lapsed = file_case("izin-reklame"), file_case("izin-reklame")
    services().get("payments").cancel(uuid.UUID(lapsed["invoice_id"]), module="perizinan")
    for days, case in ((5, fresh), (4, lapsed)):  # the payable one first: it must not hide the other
        case_row(case["id"]).submitted_at = utcnow() - timedelta(days=days)
    session().commit()
    assert close_unpaid(batch=1) == 1
    assert close_unpaid() == 0
    assert case_row(lapsed["id"]).state == "rejected" and case_row(fresh["id"]).state == "payment_pending"
    assert _moves(lapsed["id"])[-1] == ("payment_pending", "rejected", "system")


def test_a_state_the_service_adds_is_named_in_the_readers_language(client, citizen, desk, file_case,
                                                                   account_headers):
    case = file_case("izin-reklame")
    on_payment_paid(uuid.uuid4(), {"invoice_id": case["invoice_id"], "case_id": case["id"]})
    session().commit()
    client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk,
                json={"to": "site_inspection", "reason": "x"})
    inbox = account_headers(citizen, "notifications")
    for language, body in (("en", "New status: Site inspection."),
                           ("id", "Status baru: Peninjauan lapangan.")):
        items = client.get("/api/v1/me/notifications?per_page=50",
                           headers={**inbox, "Accept-Language": language}).get_json()["items"]
        assert body in [item["body"] for item in items if item["case_id"] == case["id"]], language


def test_officers_write_no_message_on_a_closed_case_but_may_keep_notes(client, me, desk, file_case):
    case = file_case()
    assert client.post(f"{ME}/{case['id']}/withdraw", headers=me, json={}).status_code == 200
    message = client.post(f"{QUEUE}/{case['id']}/comments", headers=desk,
                          json={"body": "Halo", "internal": False})
    assert message.status_code == 409 and message.get_json()["type"].endswith("case-closed")
    note = client.post(f"{QUEUE}/{case['id']}/comments", headers=desk,
                       json={"body": "Arsip", "internal": True})
    assert note.status_code == 201
