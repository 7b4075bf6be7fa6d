"""The "payments" service as modules use it: create, get, cancel; and the expiry sweep."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.contracts.payments import InvoiceItem, InvoiceNotFound
from app.db import utcnow
from app.payments import ledger
from app.payments.expiry import expire_due
from app.payments.models import Attempt, Invoice
from app.registry import services
from tests.payments.conftest import INVOICES, MODULE, start


def test_an_invoice_sums_its_items(citizen, make_invoice):
    ref = make_invoice(citizen, items=[InvoiceItem("PKB 2026", 1_250_000), InvoiceItem("SWDKLLJ", 35_000),
                                       InvoiceItem("Materai", 10_000, quantity=2)])
    assert ref.amount == 1_305_000 and ref.status == "open" and ref.number.startswith("INV-")
    assert services().get("payments").get(ref.id, module=MODULE) == ref
    with pytest.raises(InvoiceNotFound):
        services().get("payments").get(ref.id, module="another")


@pytest.mark.parametrize("items", [[], [InvoiceItem("Nol", 0)], [InvoiceItem("Minus", -5)],
                                   [InvoiceItem("Pecahan", 10.5)], [InvoiceItem("", 1000)],
                                   [InvoiceItem("Banyak", 1000, quantity=0)]])
def test_invalid_items_are_refused(citizen, make_invoice, items):
    with pytest.raises(ValueError):
        make_invoice(citizen, items=items)


def test_a_due_date_in_the_past_is_refused(citizen, make_invoice):
    with pytest.raises(ValueError):
        make_invoice(citizen, due_in=timedelta(seconds=-1))


def test_a_reference_is_unique_per_module(citizen, make_invoice):
    make_invoice(citizen, reference="PKB-2026-B1234XYZ")
    with pytest.raises(ValueError, match="reference"):
        make_invoice(citizen, reference="PKB-2026-B1234XYZ")
    make_invoice(citizen, reference="PKB-2026-B1234XYZ", module="another")  # another module's key space
    make_invoice(citizen)
    make_invoice(citizen)  # no reference: no constraint


def test_a_case_invoice_carries_its_case(client, citizen, payer, make_invoice):
    case_id = uuid.uuid4()
    ref = make_invoice(citizen, case_id=case_id)
    assert ref.case_id == case_id
    assert client.get(f"{INVOICES}/{ref.id}", headers=payer).get_json()["case_id"] == str(case_id)


def test_cancelling_an_open_invoice_voids_it(db_session, citizen, make_invoice):
    ref = make_invoice(citizen, 30_000)
    payments = services().get("payments")
    assert payments.cancel(ref.id, module=MODULE).status == "cancelled"
    db_session.commit()
    assert payments.cancel(ref.id, module=MODULE).status == "cancelled"  # again: no change
    assert ledger.balances() == {"citizen_receivable": 0, "agency_revenue:dukcapil": 0}
    with pytest.raises(InvoiceNotFound):
        payments.cancel(ref.id, module="another")


def test_an_invoice_being_paid_cannot_be_cancelled(client, citizen, payer, make_invoice):
    ref = make_invoice(citizen)
    assert start(client, payer, ref.id).status_code == 201
    with pytest.raises(ValueError):
        services().get("payments").cancel(ref.id, module=MODULE)


def test_the_sweep_expires_invoices_past_due(client, db_session, citizen, payer, make_invoice):
    due, later = make_invoice(citizen, 40_000), make_invoice(citizen, 60_000)
    start(client, payer, due.id)
    past = utcnow() - timedelta(minutes=1)
    db_session.execute(update(Invoice).where(Invoice.id == due.id).values(due_at=past))
    db_session.commit()
    assert expire_due() == {"invoices": 1, "attempts": 0, "idempotency_keys": 0}
    assert client.get(f"{INVOICES}/{due.id}", headers=payer).get_json()["status"] == "expired"
    assert client.get(f"{INVOICES}/{later.id}", headers=payer).get_json()["status"] == "open"
    attempt = db_session.scalar(select(Attempt).execution_options(populate_existing=True))
    assert attempt.status == "expired"
    assert ledger.balances()["citizen_receivable"] == 60_000
    refused = start(client, payer, due.id)
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("invoice-not-payable")
    assert expire_due() == {"invoices": 0, "attempts": 0, "idempotency_keys": 0}


def test_a_lapsed_charge_makes_the_invoice_payable_again(client, db_session, citizen, payer, make_invoice):
    ref = make_invoice(citizen)
    first = start(client, payer, ref.id).get_json()
    db_session.execute(update(Attempt).values(expires_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert expire_due()["attempts"] == 1
    assert client.get(f"{INVOICES}/{ref.id}", headers=payer).get_json()["status"] == "open"
    second = start(client, payer, ref.id)
    assert second.status_code == 201 and second.get_json()["id"] != first["id"]


def test_a_lapsed_charge_is_replaced_at_once_when_paying_again(client, db_session, citizen, payer,
                                                               make_invoice):
    ref = make_invoice(citizen)
    start(client, payer, ref.id)
    db_session.execute(update(Attempt).values(expires_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    assert start(client, payer, ref.id).status_code == 201  # no need to wait for the sweep


def test_the_sweep_is_scheduled(app):
    assert "payments.expire_due" in app.extensions["celery"].conf.beat_schedule


def test_listing_filters_by_status_and_pages(client, citizen, payer, make_invoice):
    refs = [make_invoice(citizen) for _ in range(3)]
    start(client, payer, refs[0].id)
    assert client.get(f"{INVOICES}?status=pending", headers=payer).get_json()["total"] == 1
    page = client.get(f"{INVOICES}?per_page=2&page=2", headers=payer).get_json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert client.get(f"{INVOICES}?status=unknown", headers=payer).status_code == 422


def test_a_representative_sees_and_pays_only_the_delegated_modules_invoices(
        client, db_session, citizen, payer, make_citizen, make_invoice, delegated_headers):
    helper = make_citizen(full_name="Budi Santoso")
    covered, other = make_invoice(citizen), make_invoice(citizen, module="perizinan")
    acting = delegated_headers(citizen, helper, [MODULE], "payments")
    listed = client.get(INVOICES, headers=acting)
    assert listed.status_code == 200, listed.get_json()
    assert [item["id"] for item in listed.get_json()["items"]] == [str(covered.id)]
    assert client.get(f"{INVOICES}/{covered.id}", headers=acting).status_code == 200
    assert client.get(f"{INVOICES}/{other.id}", headers=acting).status_code == 404
    assert start(client, acting, other.id).status_code == 404
    paid = start(client, acting, covered.id)
    assert paid.status_code == 201, paid.get_json()
    assert db_session.get(Attempt, uuid.UUID(paid.get_json()["id"])).actor_id == helper.id
    # the subject sees both invoices, one of them now pending the representative's payment
    own = client.get(INVOICES, headers=payer).get_json()["items"]
    statuses = {item["id"]: item["status"] for item in own}
    assert statuses == {str(covered.id): "pending", str(other.id): "open"}



def test_the_export_holds_invoices_payments_and_delegations(client, citizen, payer, make_citizen,
                                                            make_invoice, account_headers, delegated_headers):
    invoice = make_invoice(citizen, 75_000)
    paid = start(client, payer, invoice.id)
    helper = make_citizen(full_name="Budi Santoso")
    delegated_headers(citizen, helper, [MODULE], "payments")
    export = client.get("/api/v1/me/export", headers=account_headers(citizen, "data")).get_json()
    [item] = export["sections"]["payments"]
    assert item["id"] == str(invoice.id) and item["amount"] == 75_000 and item["items"]
    assert [p["order_id"] for p in item["payments"]] == [paid.get_json()["order_id"]]
    [given] = export["sections"]["delegations"]["granted"]
    assert given["representative_id"] == str(helper.id) and given["status"] == "active"
    theirs = client.get("/api/v1/me/export", headers=account_headers(helper, "data")).get_json()["sections"]
    assert "payments" not in theirs and [d["id"] for d in theirs["delegations"]["received"]] == [given["id"]]
