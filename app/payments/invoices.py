"""Invoices: created by modules (service "payments"), read by their citizens and agency staff."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.contracts.payments import (
    CANCELLED,
    OPEN,
    PENDING,
    InvoiceItem,
    InvoiceNotFound,
    InvoiceRef,
)
from app.db import new_id, session, utcnow
from app.payments import ledger
from app.payments.models import A_EXPIRED, A_PENDING, Attempt, Invoice
from app.problems import Problem

AMOUNT_MAX = 10 ** 13  # IDR: ten trillion rupiah is not a citizen's bill


def ref(invoice: Invoice) -> InvoiceRef:
    return InvoiceRef(invoice.id, invoice.number, invoice.amount, invoice.status, invoice.due_at,
                      invoice.case_id)


def _checked_items(items: Sequence[InvoiceItem]) -> list[dict]:
    if not items:
        raise ValueError("an invoice needs at least one item")
    checked = []
    for item in items:
        if not isinstance(item.amount, int) or isinstance(item.amount, bool) or item.amount <= 0:
            raise ValueError("item amounts are whole rupiah above zero")
        if not isinstance(item.quantity, int) or not 1 <= item.quantity <= 10_000:
            raise ValueError("item quantity must be 1..10000")
        if not isinstance(item.description, str) or not 1 <= len(item.description.strip()) <= 200:
            raise ValueError("item description must be 1..200 characters")
        checked.append({"description": item.description.strip(), "amount": item.amount,
                        "quantity": item.quantity})
    return checked


def create_invoice(subject: uuid.UUID, items: Sequence[InvoiceItem], *, module: str, agency: str,
                   due_at: datetime, case_id: uuid.UUID | None = None, reference: str = "") -> InvoiceRef:
    lines = _checked_items(items)
    amount = sum(line["amount"] * line["quantity"] for line in lines)
    if amount > AMOUNT_MAX:
        raise ValueError("amount too large")
    if due_at.tzinfo is None or due_at <= utcnow():
        raise ValueError("due_at must be an aware datetime in the future")
    if not module or not agency or len(reference) > 100:
        raise ValueError("module and agency are required; reference at most 100 characters")
    db = session()
    taken = select(Invoice.id).where(Invoice.module == module, Invoice.reference == reference)
    if reference and db.scalar(taken):
        raise ValueError(f"{module} already has an invoice with reference {reference!r}")
    now = utcnow()
    invoice = Invoice(id=new_id(), number=f"INV-{now:%Y}-{secrets.token_hex(5).upper()}", subject_id=subject,
                      module=module, agency=agency, case_id=case_id, reference=reference or None,
                      currency="IDR", amount=amount, items=lines, status=OPEN, due_at=due_at, created_at=now,
                      updated_at=now)
    try:
        with db.begin_nested():  # a concurrent invoice with the same reference: ValueError, as above
            db.add(invoice)
    except IntegrityError:
        raise ValueError(f"{module} already has an invoice with reference {reference!r}") from None
    ledger.post(f"invoice:{invoice.id}", "invoice", invoice.id, amount, debit=ledger.RECEIVABLE,
                credit=ledger.revenue(agency))
    return ref(invoice)


def lock(invoice_id: uuid.UUID, *conditions) -> Invoice:
    """The invoice, its row locked until commit by an UPDATE as the transaction's first statement
    (PostgreSQL: the row lock; SQLite: the write lock). 404 when none matches `conditions`."""
    db = session()
    locked = db.execute(update(Invoice).where(Invoice.id == invoice_id, *conditions)
                        .values(updated_at=utcnow()).execution_options(synchronize_session=False))
    if locked.rowcount != 1:
        raise Problem(404)
    return db.get(Invoice, invoice_id, populate_existing=True)


def get_for_module(invoice_id: uuid.UUID, *, module: str) -> Invoice:
    invoice = session().get(Invoice, invoice_id)
    if invoice is None or invoice.module != module:
        raise InvoiceNotFound(str(invoice_id))
    return invoice


def close(invoice: Invoice, status: str) -> None:
    """Expire or cancel an unpaid invoice: its live attempt ends and the receivable is voided."""
    now = utcnow()
    invoice.status, invoice.closed_at, invoice.updated_at = status, now, now
    session().execute(update(Attempt).where(Attempt.active_for == invoice.id)
                      .values(active_for=None, status=A_EXPIRED, updated_at=now))
    ledger.post(f"void:{invoice.id}", "void", invoice.id, invoice.amount,
                debit=ledger.revenue(invoice.agency), credit=ledger.RECEIVABLE)


def end_attempt(attempt: Attempt, invoice: Invoice, status: str) -> None:
    """A live charge ends unpaid (failed, expired): the invoice is open to pay again."""
    now = utcnow()
    attempt.status, attempt.active_for, attempt.updated_at = status, None, now
    if invoice.status == PENDING:
        invoice.status, invoice.updated_at = OPEN, now


def cancel(invoice_id: uuid.UUID, *, module: str) -> InvoiceRef:
    db = session()
    invoice = db.get(Invoice, invoice_id, with_for_update=True, populate_existing=True)
    if invoice is None or invoice.module != module:
        raise InvoiceNotFound(str(invoice_id))
    if invoice.status == CANCELLED:
        return ref(invoice)
    if invoice.status != OPEN:
        raise ValueError(f"invoice is {invoice.status}: only an open invoice can be cancelled")
    close(invoice, CANCELLED)
    db.flush()
    return ref(invoice)


# Citizens ------------------------------------------------------------------------------------

def own_invoice(subject: uuid.UUID, invoice_id: uuid.UUID, modules: frozenset[str] | None = None) -> Invoice:
    """The citizen's invoice; 404 alike for someone else's and for none. `modules`: a representative
    acting under a delegation sees the invoices of the modules it covers only."""
    invoice = session().get(Invoice, invoice_id)
    if invoice is None or invoice.subject_id != subject or (
            modules is not None and invoice.module not in modules):
        raise Problem(404)
    return invoice


def page_of(model, conditions: list, *, page: int, per_page: int) -> tuple[list, int]:
    """One page of `model` rows (invoices, flags), newest first, and their total."""
    db = session()
    total = db.scalar(select(func.count()).select_from(model).where(*conditions))
    rows = db.scalars(select(model).where(*conditions).order_by(model.created_at.desc(), model.id)
                      .limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def list_own(subject: uuid.UUID, *, status: str | None, page: int, per_page: int,
             modules: frozenset[str] | None = None):
    conditions = [Invoice.subject_id == subject]
    if modules is not None:
        conditions.append(Invoice.module.in_(sorted(modules)))
    if status:
        conditions.append(Invoice.status == status)
    return page_of(Invoice, conditions, page=page, per_page=per_page)


def active_attempt(invoice: Invoice) -> Attempt | None:
    return session().scalar(select(Attempt).where(Attempt.active_for == invoice.id))


def summary(invoice: Invoice) -> dict:
    return {"id": invoice.id, "number": invoice.number, "module": invoice.module, "agency": invoice.agency,
            "case_id": invoice.case_id, "reference": invoice.reference, "currency": invoice.currency,
            "amount": invoice.amount, "status": invoice.status, "due_at": invoice.due_at,
            "created_at": invoice.created_at, "paid_at": invoice.paid_at}


def attempt_view(attempt: Attempt) -> dict:
    return {"id": attempt.id, "gateway": attempt.gateway, "method": attempt.method, "amount": attempt.amount,
            "status": attempt.status, "order_id": attempt.order_id, "expires_at": attempt.expires_at,
            "created_at": attempt.created_at, "instructions": dict(attempt.instructions or {})}


def detail(invoice: Invoice) -> dict:
    attempt = active_attempt(invoice) if invoice.status == PENDING else None
    return {**summary(invoice), "items": list(invoice.items), "closed_at": invoice.closed_at,
            "receipt_document_id": invoice.receipt_document_id,
            "payment": attempt_view(attempt) if attempt is not None and attempt.status == A_PENDING else None}


PAYABLE = (OPEN, PENDING)


class PaymentsService:
    """Implements app.contracts.payments.Payments."""

    def create_invoice(self, subject, items, *, module, agency, due_at, case_id=None, reference=""):
        return create_invoice(subject, items, module=module, agency=agency, due_at=due_at, case_id=case_id,
                              reference=reference)

    def get(self, invoice_id, *, module):
        return ref(get_for_module(invoice_id, module=module))

    def cancel(self, invoice_id, *, module):
        return cancel(invoice_id, module=module)


def export(subject: uuid.UUID) -> list[dict] | None:
    """Every invoice of the citizen, with its items and every payment of it, for the data export
    (UU PDP access right)."""
    db = session()
    rows = list(db.scalars(select(Invoice).where(Invoice.subject_id == subject).order_by(Invoice.created_at)))
    if not rows:
        return None
    payments: dict[uuid.UUID, list[dict]] = {row.id: [] for row in rows}
    for attempt in db.scalars(select(Attempt).where(Attempt.invoice_id.in_(list(payments)))
                              .order_by(Attempt.created_at)):
        payments[attempt.invoice_id].append({**attempt_view(attempt), "actor_id": attempt.actor_id})
    return [{**summary(row), "items": list(row.items), "closed_at": row.closed_at,
             "receipt_document_id": row.receipt_document_id, "payments": payments[row.id]} for row in rows]
