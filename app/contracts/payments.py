"""Invoices and payments. Service: "payments" -> Payments.

Amounts are whole rupiah (IDR, int). Invoice status: open -> pending -> paid | expired |
cancelled, and paid -> refunded. When an invoice is paid the platform issues a receipt to the
wallet, notifies the citizen and publishes outbox topic "payment.paid" (payload: invoice_id,
case_id or None, module, subject, amount) in the same transaction; the cases capability moves a
payment_pending case on from it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

OPEN, PENDING, PAID, EXPIRED, CANCELLED, REFUNDED = (
    "open", "pending", "paid", "expired", "cancelled", "refunded")


class InvoiceNotFound(LookupError):
    """No such invoice of this module."""


@dataclass(frozen=True)
class InvoiceItem:
    description: str  # shown to the citizen as given
    amount: int  # IDR, > 0
    quantity: int = 1


@dataclass(frozen=True)
class InvoiceRef:
    id: uuid.UUID
    number: str  # human-readable, e.g. "INV-2026-000123"
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
        Joins the caller's transaction: commit it. ValueError for invalid items."""
        ...

    def get(self, invoice_id: uuid.UUID, *, module: str) -> InvoiceRef:
        """InvoiceNotFound when `module` did not create it."""
        ...

    def cancel(self, invoice_id: uuid.UUID, *, module: str) -> InvoiceRef:
        """Cancel an open invoice (ValueError once a payment has started or it is paid)."""
        ...
