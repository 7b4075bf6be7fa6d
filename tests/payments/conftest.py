"""Invoices created the way a module creates them (the "payments" service), and helpers to pay
them through the API and to send the simulated gateway's signed callbacks."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from app.contracts.payments import InvoiceItem
from app.db import utcnow
from app.registry import services

MODULE = "pengumuman"  # the in-tree module plays the billing agency's module
AGENCY = "dukcapil"
INVOICES = "/api/v1/me/invoices"
CALLBACK = "/api/v1/payments/callbacks/simulated"


@pytest.fixture
def make_invoice(app, db_session, oidc_signing_keys):
    """`make_invoice(account, amount=50_000, **overrides)` -> InvoiceRef, committed."""

    def make(account, amount: int = 50_000, *, module: str = MODULE, agency: str = AGENCY,
             due_in=timedelta(days=7), case_id: uuid.UUID | None = None, reference: str = "", items=None):
        ref = services().get("payments").create_invoice(
            account.id, [InvoiceItem("Retribusi layanan", amount)] if items is None else items, module=module,
            agency=agency, due_at=utcnow() + due_in, case_id=case_id, reference=reference)
        db_session.commit()
        return ref

    return make


@pytest.fixture
def payer(citizen, account_headers):
    return account_headers(citizen, "payments")


def start(client, headers, invoice_id, *, key: str | None = None, method: str = "va_bca", **body):
    """POST a payment; a fresh Idempotency-Key unless given."""
    return client.post(f"{INVOICES}/{invoice_id}/payments", json={"method": method, **body},
                       headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


def sim_callback(client, order_id: str, status: str, amount: int, **options):
    """POST the simulated gateway's signed callback for `order_id` reaching `status`."""
    from app.payments.gateways.simulated import signed_callback

    body, headers = signed_callback(order_id, status, amount, **options)
    return client.post(CALLBACK, data=body, headers=headers)


def pay_page_path(payment: dict) -> str:
    return payment["instructions"]["pay_url"].removeprefix("http://localhost")


def csrf(html: str) -> str:
    """The pay page form's CSRF token."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def pay_on_page(client, payment: dict, button: str = "pay"):
    """Open the simulated gateway's pay page and press "pay" (or "fail"), as the citizen would."""
    path = pay_page_path(payment)
    html = client.get(path).get_data(as_text=True)
    return client.post(path, data={button: "1", "csrf_token": csrf(html)})
