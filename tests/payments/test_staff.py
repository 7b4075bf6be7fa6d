"""Agency staff: their agency's invoices only, refunds by agency admins (through the gateway, with
an Idempotency-Key) and platform admins, with a ledger reversal."""

import pytest

from app.payments import ledger
from app.payments.models import Attempt
from tests.payments.conftest import INVOICES, pay_on_page, sim_callback, start

STAFF_INVOICES = "/api/v1/payments/invoices"


@pytest.fixture
def paid(client, citizen, payer, make_invoice):
    invoice = make_invoice(citizen, 45_000)
    payment = start(client, payer, invoice.id).get_json()
    assert pay_on_page(client, payment).status_code == 200
    return invoice


def _refund(client, headers, invoice_id, key="refund-key-1", reason="Permohonan dibatalkan"):
    return client.post(f"{STAFF_INVOICES}/{invoice_id}/refund", json={"reason": reason},
                       headers={**headers, "Idempotency-Key": key})


def test_officers_see_their_agencys_invoices_only(client, paid, citizen, make_invoice, make_staff,
                                                  account_headers):
    make_invoice(citizen, agency="kemenkes")
    ours = account_headers(make_staff("officer", agency="dukcapil"))
    listed = client.get(STAFF_INVOICES, headers=ours).get_json()
    assert [item["id"] for item in listed["items"]] == [str(paid.id)]
    detail = client.get(f"{STAFF_INVOICES}/{paid.id}", headers=ours).get_json()
    assert [j["kind"] for j in detail["journals"]] == ["invoice", "payment"]
    assert detail["attempts"][0]["status"] == "paid" and detail["subject_id"]
    theirs = account_headers(make_staff("officer", agency="kemenkes"))
    assert client.get(f"{STAFF_INVOICES}/{paid.id}", headers=theirs).status_code == 404
    items = client.get(STAFF_INVOICES, headers=theirs).get_json()["items"]
    assert [item["agency"] for item in items] == ["kemenkes"]


def test_an_agency_admin_refunds_a_paid_invoice(client, db_session, citizen, payer, paid, make_staff,
                                                account_headers):
    admin = account_headers(make_staff("agency_admin", agency="dukcapil"))
    response = _refund(client, admin, paid.id)
    assert response.status_code == 200 and response.get_json()["status"] == "refunded"
    assert [j["kind"] for j in response.get_json()["journals"]] == ["invoice", "payment", "refund"]
    assert client.get(f"{INVOICES}/{paid.id}", headers=payer).get_json()["status"] == "refunded"
    assert ledger.unbalanced_journals() == []
    assert ledger.balances() == {"citizen_receivable": 0, "agency_revenue:dukcapil": -45_000,
                                 "gateway_clearing:simulated": 0, "refunds:dukcapil": 45_000}
    replay = _refund(client, admin, paid.id)
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
    again = _refund(client, admin, paid.id, key="refund-key-2")
    assert again.status_code == 409 and again.get_json()["type"].endswith("invoice-not-refundable")
    from sqlalchemy import select

    from app.payments.models import SimCharge

    assert db_session.scalar(select(SimCharge.status)) == "refund"  # the gateway refunded it
    # the gateway sending the settlement again, under another event id, is the same money
    order = db_session.scalar(select(Attempt.order_id).where(Attempt.invoice_id == paid.id))
    late = sim_callback(client, order, "settlement", 45_000, event_id="sim-another-event")
    assert late.status_code == 200 and late.get_json()["outcome"] == "ignored"
    assert db_session.scalar(select(Attempt.status).where(Attempt.order_id == order)) == "refunded"
    assert ledger.balances()["gateway_clearing:simulated"] == 0 and "suspense" not in ledger.balances()
    from app.audit.models import AuditEntry

    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "payment.refunded"))
    assert entry.chain == "staff" and entry.subject == str(citizen.id)


def test_refunds_need_the_right_role_and_agency(client, paid, make_staff, account_headers, admin_headers):
    officer = account_headers(make_staff("officer", agency="dukcapil"))
    assert _refund(client, officer, paid.id).status_code == 403
    other = account_headers(make_staff("agency_admin", agency="kemenkes"))
    assert _refund(client, other, paid.id).status_code == 404
    no_key = client.post(f"{STAFF_INVOICES}/{paid.id}/refund", json={"reason": "Batal"},
                         headers=admin_headers)
    assert no_key.status_code == 400
    assert _refund(client, admin_headers, paid.id).status_code == 200  # a platform admin


def test_an_unpaid_invoice_cannot_be_refunded(client, citizen, make_invoice, admin_headers):
    invoice = make_invoice(citizen)
    assert _refund(client, admin_headers, invoice.id).status_code == 409


def test_citizens_cannot_use_staff_routes(client, citizen, paid, account_headers):
    headers = account_headers(citizen, "payments")
    assert client.get(STAFF_INVOICES, headers=headers).status_code == 403
    assert _refund(client, headers, paid.id).status_code == 403


def test_a_staff_refund_gives_back_the_charge_that_paid_the_invoice(client, db_session, citizen, payer,
                                                                    make_invoice, admin_headers):
    """Not a later double payment (that money is in suspense)."""
    from sqlalchemy import select

    from app.payments.models import SimCharge

    invoice = make_invoice(citizen, 50_000)
    first = start(client, payer, invoice.id).get_json()
    sim_callback(client, first["order_id"], "expire", 50_000)
    second = start(client, payer, invoice.id, method="qris").get_json()
    assert pay_on_page(client, second).status_code == 200
    assert sim_callback(client, first["order_id"], "settlement", 50_000).get_json()["outcome"] == "flagged"
    refunded = _refund(client, admin_headers, invoice.id)
    assert refunded.status_code == 200, refunded.get_json()
    charges = dict(db_session.execute(select(SimCharge.order_id, SimCharge.status)).all())
    assert charges[second["order_id"]] == "refund" and charges[first["order_id"]] != "refund"
    assert ledger.balances("suspense") == {"suspense": -50_000}  # still there, for the officer
