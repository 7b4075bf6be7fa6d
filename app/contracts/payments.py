"""Invoices and payments. Service: "payments" -> Payments.

Amounts are whole rupiah (IDR, int). Invoice status: open -> pending (a payment is in progress at a
gateway; back to open when it fails or lapses) -> paid | expired (past due_at, by a periodic sweep) |
cancelled (by the module, while open), and paid -> refunded (by agency staff). When an invoice is
paid the platform publishes outbox topic "payment.paid" (payload: PaymentPaid) in the same
transaction; from it the platform issues a receipt to the wallet (document type
"kuitansi_pembayaran", in the invoice's module's name) and notifies the citizen, and the cases
capability moves a payment_pending case on. Citizens pay through
/api/v1/me/invoices/<id>/payments (docs/payments.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypedDict

OPEN, PENDING, PAID, EXPIRED, CANCELLED, REFUNDED = (
    "open", "pending", "paid", "expired", "cancelled", "refunded")


PAID_TOPIC = "payment.paid"
RECEIPT_TYPE = "kuitansi_pembayaran"


class PaymentPaid(TypedDict):
    """The payload of outbox topic "payment.paid" (plain JSON values)."""

    invoice_id: str
    case_id: str | None
    module: str
    subject: str  # the citizen's account id
    amount: int


class InvoiceNotFound(LookupError):
    """No such invoice of this module."""


@dataclass(frozen=True)
class InvoiceItem:
    description: str  # shown to the citizen as given (1..200 characters)
    amount: int  # IDR per unit, > 0
    quantity: int = 1  # 1..10000


@dataclass(frozen=True)
class InvoiceRef:
    id: uuid.UUID
    number: str  # human-readable and unique, e.g. "INV-2026-3FA91C02BD"
    amount: int
    status: str
    due_at: datetime
    case_id: uuid.UUID | None


class Payments(Protocol):
    def create_invoice(self, subject: uuid.UUID, items: Sequence[InvoiceItem], *, module: str,
                       agency: str, due_at: datetime, case_id: uuid.UUID | None = None,
                       reference: str = "") -> InvoiceRef:
        """An open invoice for citizen `subject` (for a case, or a standalone bill such as a
        yearly vehicle tax; `reference` is the module's own key, unique per module when given).
        The amount is the sum of the items; `agency` is the agency code whose staff see the
        invoice (and may refund it); `due_at` an aware datetime in the future.
        Joins the caller's transaction: commit it. ValueError for invalid items, a due date in
        the past or a reference the module already used."""
        ...

    def get(self, invoice_id: uuid.UUID, *, module: str) -> InvoiceRef:
        """InvoiceNotFound when `module` did not create it."""
        ...

    def cancel(self, invoice_id: uuid.UUID, *, module: str) -> InvoiceRef:
        """Cancel an open invoice (cancelling a cancelled one changes nothing). ValueError once a
        payment is in progress or the invoice is paid, expired or refunded; InvoiceNotFound when
        `module` did not create it. Joins the caller's transaction: commit it."""
        ...
