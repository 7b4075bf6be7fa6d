"""Gateway callbacks: signatures, replays, amount and currency checks (flagged for officers),
out-of-order events, and a ledger that always balances."""

import json
import time

import pytest
from sqlalchemy import func, select

from app.payments import ledger
from app.payments.gateways.simulated import SIGNATURE_HEADER, TIMESTAMP_HEADER, signed_callback
from app.payments.models import Attempt, Flag, GatewayEvent, Journal, LedgerEntry
from tests.payments.conftest import CALLBACK, INVOICES, sim_callback, start


@pytest.fixture
def pending(client, citizen, payer, make_invoice):
    """(invoice ref, payment) with a live simulated charge of Rp 50.000."""
    invoice = make_invoice(citizen, 50_000)
    return invoice, start(client, payer, invoice.id).get_json()


def _status(client, payer, invoice) -> str:
    return client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()["status"]


def _count(db_session, model, *where) -> int:
    return db_session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_tampered_callback_is_refused_and_stores_nothing(client, db_session, payer, pending):
    invoice, payment = pending
    body, headers = signed_callback(payment["order_id"], "settlement", 50_000)
    tampered = body.replace(b"50000", b"50001")
    response = client.post(CALLBACK, data=tampered, headers=headers)
    assert response.status_code == 401 and response.get_json()["type"].endswith("callback-signature-invalid")
    wrong_secret = client.post(CALLBACK, data=body, headers={**headers, SIGNATURE_HEADER: "0" * 64})
    assert wrong_secret.status_code == 401
    unsigned = client.post(CALLBACK, data=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    assert _count(db_session, GatewayEvent) == 0 and _status(client, payer, invoice) == "pending"


def test_a_stale_timestamp_is_refused(client, db_session, payer, pending):
    invoice, payment = pending
    stale = int(time.time()) - 3600
    body, headers = signed_callback(payment["order_id"], "settlement", 50_000, timestamp=stale)
    assert client.post(CALLBACK, data=body, headers=headers).status_code == 401
    assert headers[TIMESTAMP_HEADER] and _status(client, payer, invoice) == "pending"


def test_an_unknown_gateway_answers_404(client, pending):
    _invoice, payment = pending
    body, headers = signed_callback(payment["order_id"], "settlement", 50_000)
    assert client.post("/api/v1/payments/callbacks/paypal", data=body, headers=headers).status_code == 404


def test_a_replayed_callback_adds_one_ledger_posting(client, db_session, payer, pending):
    invoice, payment = pending
    answers = [sim_callback(client, payment["order_id"], "settlement", 50_000) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert _status(client, payer, invoice) == "paid"
    assert _count(db_session, GatewayEvent) == 1
    assert _count(db_session, Journal, Journal.kind == "payment") == 1
    assert _count(db_session, LedgerEntry, LedgerEntry.account == "gateway_clearing:simulated") == 1


def test_an_amount_mismatch_is_refused_and_flagged_for_the_agency(client, db_session, payer, pending,
                                                                 make_staff, account_headers):
    invoice, payment = pending
    response = sim_callback(client, payment["order_id"], "settlement", 5_000)
    assert response.status_code == 422 and response.get_json()["type"].endswith("callback-refused")
    assert _status(client, payer, invoice) == "pending"
    replay = sim_callback(client, payment["order_id"], "settlement", 5_000)
    assert replay.status_code == 422 and _count(db_session, Flag) == 1  # flagged once
    officer = make_staff("officer", agency="dukcapil")
    flags = client.get("/api/v1/payments/flags", headers=account_headers(officer)).get_json()
    assert flags["total"] == 1
    flag = flags["items"][0]
    assert flag["reason"] == "amount_mismatch" and flag["invoice_id"] == str(invoice.id)
    assert flag["details"]["amount"] == 5_000 and flag["details"]["expected_amount"] == 50_000
    stranger = make_staff("officer", agency="kemenkes")
    assert client.get("/api/v1/payments/flags", headers=account_headers(stranger)).get_json()["total"] == 0
    assert client.post(f"/api/v1/payments/flags/{flag['id']}/resolve",
                       headers=account_headers(stranger)).status_code == 404
    resolved = client.post(f"/api/v1/payments/flags/{flag['id']}/resolve", headers=account_headers(officer))
    assert resolved.status_code == 200 and resolved.get_json()["resolved_at"]
    open_flags = client.get("/api/v1/payments/flags?resolved=false", headers=account_headers(officer))
    assert open_flags.get_json()["total"] == 0


def test_a_currency_mismatch_is_refused_and_flagged(client, db_session, payer, pending):
    invoice, payment = pending
    response = sim_callback(client, payment["order_id"], "settlement", 50_000, currency="USD")
    assert response.status_code == 422 and _status(client, payer, invoice) == "pending"
    assert db_session.scalar(select(Flag.reason)) == "currency_mismatch"


def test_an_unknown_order_is_flagged_for_platform_admins_only(client, db_session, make_staff, account_headers,
                                                              admin_headers):
    response = sim_callback(client, "SP-NOT-OURS", "settlement", 10_000)
    assert response.status_code == 422
    officer = make_staff("officer", agency="dukcapil")
    assert client.get("/api/v1/payments/flags", headers=account_headers(officer)).get_json()["total"] == 0
    listed = client.get("/api/v1/payments/flags", headers=admin_headers).get_json()
    assert [item["reason"] for item in listed["items"]] == ["unknown_order"]


def test_citizens_cannot_read_flags(client, citizen, account_headers):
    headers = account_headers(citizen, "payments")
    assert client.get("/api/v1/payments/flags", headers=headers).status_code == 403


def test_pending_after_settlement_does_not_go_back(client, db_session, payer, pending):
    invoice, payment = pending
    assert sim_callback(client, payment["order_id"], "settlement", 50_000).status_code == 200
    late = sim_callback(client, payment["order_id"], "pending", 50_000)
    assert late.status_code == 200 and late.get_json()["outcome"] == "ignored"
    expired = sim_callback(client, payment["order_id"], "expire", 50_000)
    assert expired.get_json()["outcome"] == "ignored"
    failed = sim_callback(client, payment["order_id"], "failure", 50_000)
    assert failed.get_json()["outcome"] == "ignored"
    assert _status(client, payer, invoice) == "paid"
    assert _count(db_session, Journal, Journal.kind == "payment") == 1


def test_settlement_after_expiry_of_the_charge_still_pays_an_open_invoice(client, db_session, payer, pending):
    invoice, payment = pending
    assert sim_callback(client, payment["order_id"], "expire", 50_000).get_json()["outcome"] == "applied"
    assert _status(client, payer, invoice) == "open"
    late = sim_callback(client, payment["order_id"], "settlement", 50_000)
    assert late.get_json()["outcome"] == "applied" and _status(client, payer, invoice) == "paid"


def test_a_late_payment_of_an_older_charge_ends_the_live_one(client, db_session, payer, pending):
    invoice, first = pending
    assert sim_callback(client, first["order_id"], "expire", 50_000).get_json()["outcome"] == "applied"
    second = start(client, payer, invoice.id, method="qris").get_json()
    late = sim_callback(client, first["order_id"], "settlement", 50_000)
    assert late.get_json()["outcome"] == "applied" and _status(client, payer, invoice) == "paid"
    charges = {order_id: (status, live) for order_id, status, live in db_session.execute(
        select(Attempt.order_id, Attempt.status, Attempt.active_for).where(Attempt.invoice_id == invoice.id))}
    assert charges == {first["order_id"]: ("paid", None), second["order_id"]: ("expired", None)}
    assert sim_callback(client, second["order_id"], "settlement", 50_000).get_json()["outcome"] == "flagged"


def test_money_for_an_invoice_already_paid_is_booked_and_flagged(client, db_session, payer, pending):
    invoice, first = pending
    assert sim_callback(client, first["order_id"], "expire", 50_000).status_code == 200
    second = start(client, payer, invoice.id, method="qris").get_json()
    assert sim_callback(client, second["order_id"], "settlement", 50_000).get_json()["outcome"] == "applied"
    # the first charge was paid after all: the money is real, the invoice cannot take it twice
    double = sim_callback(client, first["order_id"], "settlement", 50_000)
    assert double.status_code == 200 and double.get_json()["outcome"] == "flagged"
    assert db_session.scalar(select(Flag.reason)) == "double_payment"
    assert ledger.balances("gateway_clearing") == {"gateway_clearing:simulated": 100_000}
    assert ledger.balances("suspense") == {"suspense": -50_000}
    assert _count(db_session, Journal, Journal.kind == "payment") == 1
    # the officer gives that money back at the gateway: its refund empties suspense, and the
    # invoice stays paid by the other charge
    back = sim_callback(client, first["order_id"], "refund", 50_000)
    assert back.get_json()["outcome"] == "applied" and _status(client, payer, invoice) == "paid"
    assert ledger.balances("suspense") == {"suspense": 0}
    assert ledger.balances("gateway_clearing") == {"gateway_clearing:simulated": 50_000}
    assert "refunds:dukcapil" not in ledger.balances() and ledger.unbalanced_journals() == []
    # a refund of the invoice is of the charge that paid it
    assert sim_callback(client, second["order_id"], "refund", 50_000).get_json()["outcome"] == "applied"
    assert _status(client, payer, invoice) == "refunded"
    assert ledger.balances("gateway_clearing") == {"gateway_clearing:simulated": 0}


def test_every_journal_balances(client, db_session, payer, citizen, make_invoice, pending):
    _invoice, payment = pending
    sim_callback(client, payment["order_id"], "settlement", 50_000)
    other = make_invoice(citizen, 20_000)
    from app.registry import services

    services().get("payments").cancel(other.id, module="pengumuman")
    db_session.commit()
    assert ledger.unbalanced_journals() == []
    totals = db_session.execute(select(func.sum(LedgerEntry.debit), func.sum(LedgerEntry.credit))).one()
    assert totals[0] == totals[1] == 50_000 * 2 + 20_000 * 2
    assert ledger.balances() == {"citizen_receivable": 0, "agency_revenue:dukcapil": -50_000,
                                 "gateway_clearing:simulated": 50_000}
    # a corrupted journal is found
    from app.db import new_id
    from app.payments.models import Journal as J

    journal = db_session.scalar(select(J).where(J.kind == "payment"))
    db_session.add(LedgerEntry(id=new_id(), journal_id=journal.id, account="suspense", debit=1, credit=0))
    db_session.flush()
    assert ledger.unbalanced_journals() == [journal.id]


def test_the_ledger_refuses_changes(db_session, pending):
    entry = db_session.scalar(select(LedgerEntry))
    entry.debit += 1
    with pytest.raises(RuntimeError, match="append-only"):
        db_session.flush()
    db_session.rollback()


def test_a_callback_is_few_queries(client, payer, pending, count_queries):
    _invoice, payment = pending
    body, headers = signed_callback(payment["order_id"], "pending", 50_000)
    with count_queries() as counter:
        assert client.post(CALLBACK, data=body, headers=headers).status_code == 200
    assert counter.count == 2, counter.statements  # insert the event, lock and read the charge
    with count_queries() as counter:
        assert client.post(CALLBACK, data=body, headers=headers).status_code == 200  # replay
    assert counter.count == 2, counter.statements  # the insert that does nothing, the first outcome


def test_callback_body_is_json_only(client, pending):
    _invoice, payment = pending
    body, headers = signed_callback(payment["order_id"], "settlement", 50_000)
    assert json.loads(body)["order_id"] == payment["order_id"]
    response = client.post(CALLBACK, data=body, headers={**headers, "Content-Type": "text/plain"})
    assert response.status_code == 415


def test_an_invoice_of_a_module_no_longer_installed_is_still_paid(client, db_session, citizen, payer,
                                                                  make_invoice):
    invoice = make_invoice(citizen, 10_000, module="retired")
    payment = start(client, payer, invoice.id).get_json()
    assert sim_callback(client, payment["order_id"], "settlement", 10_000).get_json()["outcome"] == "applied"
    detail = client.get(f"{INVOICES}/{invoice.id}", headers=payer).get_json()
    assert detail["status"] == "paid" and detail["receipt_document_id"] is None


def test_a_settling_callback_is_few_statements(client, payer, pending, count_queries, monkeypatch):
    _invoice, payment = pending
    body, headers = signed_callback(payment["order_id"], "settlement", 50_000)
    handed_over = []  # the outbox's delivery after commit is not counted here, only its hand-over
    monkeypatch.setattr("app.outbox.delivery.deliver_inline", handed_over.extend)
    with count_queries() as counter:
        assert client.post(CALLBACK, data=body, headers=headers).get_json()["outcome"] == "applied"
    # the event, the locked charge and invoice, both paid (the charge's update ends any other live
    # charge), the journal and its two entries, the outbox message
    assert counter.count == 7, counter.statements
    assert len(handed_over) == 1
