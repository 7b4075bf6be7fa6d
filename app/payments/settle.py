"""What happens when an invoice is paid or refunded, all in the caller's transaction: statuses,
ledger journal, receipt in the wallet, the citizen's notification and the outbox message."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, case, or_, select, update

from app import i18n
from app.contracts.payments import PAID, PAID_TOPIC, RECEIPT_TYPE, REFUNDED
from app.db import pipelined, run, session, utcnow
from app.payments import ledger
from app.payments.models import A_EXPIRED, A_PAID, A_REFUNDED, Attempt, Invoice, Journal
from app.registry import services

RECEIPT_TITLE = {"id": "Kuitansi Pembayaran", "en": "Payment Receipt"}


# The paid charge, and any other live charge of the invoice ending (a late payment of an older charge
# wins), in one statement; `live_for` NULL matches no other charge.
_PAY_CHARGE = (update(Attempt).where(or_(Attempt.id == bindparam("attempt_id"),
                                         Attempt.active_for == bindparam("live_for")))
               .values(status=case((Attempt.id == bindparam("attempt_id"), A_PAID), else_=A_EXPIRED),
                       active_for=None, updated_at=bindparam("now")))
_PAY_INVOICE = (update(Invoice).where(Invoice.id == bindparam("invoice_id"))
                .values(status=PAID, paid_at=bindparam("now"), updated_at=bindparam("now")))


def mark_paid(invoice: LockedInvoice, attempt: LockedAttempt) -> None:
    """The invoice is paid by this charge (both rows locked by the caller), written with statements
    built once: gateways send these in bursts."""
    now = utcnow()
    with pipelined():
        run(_PAY_CHARGE, {"attempt_id": attempt.id, "live_for": invoice.id, "now": now})
        run(_PAY_INVOICE, {"invoice_id": invoice.id, "now": now})
        ledger.post(f"payment:{invoice.id}", "payment", invoice.id, invoice.amount,
                    debit=ledger.clearing(attempt.gateway), credit=ledger.RECEIVABLE, gateway=attempt.gateway,
                    order_id=attempt.order_id)
    # The receipt and the citizen's notification follow from the outbox message (consumer
    # "payments.receipt", below), not in here: a gateway's callback commits in a few statements
    # and a worker signs the receipt (inline right after commit on the embedded default).
    from app.outbox import publish

    publish(PAID_TOPIC, {"invoice_id": str(invoice.id),
                         "case_id": str(invoice.case_id) if invoice.case_id else None,
                         "module": invoice.module, "subject": str(invoice.subject_id),
                         "amount": invoice.amount})


def book_unapplied(invoice: LockedInvoice, attempt: LockedAttempt) -> None:
    """Money arrived for an invoice that cannot take it (already paid, or closed): the charge is
    paid, the money held in suspense for an officer to refund."""
    with pipelined():
        run(_PAY_CHARGE, {"attempt_id": attempt.id, "live_for": None, "now": utcnow()})
        ledger.post(f"unapplied:{attempt.order_id}", "unapplied", invoice.id, attempt.amount,
                    debit=ledger.clearing(attempt.gateway), credit=ledger.SUSPENSE, gateway=attempt.gateway,
                    order_id=attempt.order_id)


class LockedInvoice(NamedTuple):
    """The invoice columns a payment callback reads (a plain row: no ORM object to load and flush)."""

    id: uuid.UUID
    status: str
    currency: str
    amount: int
    agency: str
    module: str
    case_id: uuid.UUID | None
    subject_id: uuid.UUID


class LockedAttempt(NamedTuple):
    """The charge columns a payment callback reads."""

    id: uuid.UUID
    status: str
    amount: int
    order_id: str
    gateway: str


def locked_columns() -> list:
    """The columns of a LockedInvoice then a LockedAttempt, for a select."""
    return ([getattr(Invoice, name) for name in LockedInvoice._fields]
            + [getattr(Attempt, name) for name in LockedAttempt._fields])


def locked_pair(row) -> tuple[LockedInvoice, LockedAttempt]:
    split = len(LockedInvoice._fields)
    return LockedInvoice(*row[:split]), LockedAttempt(*row[split:])


def issue_receipt(_message_id, payload: dict) -> None:
    """Consumer of "payment.paid": the receipt in the wallet and the citizen's notification, once
    (the outbox deduplicates by message; a receipt already recorded is not issued again)."""
    db = session()
    invoice = db.get(Invoice, uuid.UUID(payload["invoice_id"]), with_for_update=True)
    if invoice is None or invoice.receipt_document_id is not None or invoice.paid_at is None:
        return
    if invoice.module not in current_app.extensions["satupintu.modules"]:
        return  # a module no longer installed gets neither receipt nor notification: the payment counts
    attempt = paying_attempt(invoice)
    if attempt is None:  # refunded meanwhile: the refund notice tells the citizen
        return
    invoice.receipt_document_id = _issue_receipt(invoice, attempt)
    if "notifications" in services():
        services().get("notifications").notify(
            invoice.subject_id, "payment.paid", {"number": invoice.number, "amount": _rupiah(invoice.amount)},
            category="payments", module=invoice.module, link=f"/me/invoices/{invoice.id}",
            case_id=invoice.case_id, document_id=invoice.receipt_document_id)


def paying_attempt(invoice: Invoice) -> Attempt | None:
    """The charge whose money paid `invoice` (the order its `payment` journal names), unless it was
    refunded. Not any paid charge of the invoice: a double or late payment is held in suspense."""
    return session().scalar(select(Attempt).join(Journal, Journal.order_id == Attempt.order_id).where(
        Journal.key == f"payment:{invoice.id}", Attempt.invoice_id == invoice.id, Attempt.status == A_PAID))


def refund_unapplied(invoice: Invoice, attempt: Attempt, *, by: str) -> None:
    """The gateway gave back money held in suspense (a double or late payment, which an officer
    refunds): the charge is refunded, the invoice stays as it is."""
    _refund_charge(invoice, attempt, f"refund-unapplied:{attempt.order_id}", ledger.SUSPENSE, by=by,
                   source="suspense")


def mark_refunded(invoice: Invoice, attempt: Attempt, *, by: str) -> None:
    """The charge that paid `invoice` was given back: the invoice is refunded, from its agency."""
    now = utcnow()
    invoice.status, invoice.closed_at, invoice.updated_at = REFUNDED, now, now
    _refund_charge(invoice, attempt, f"refund:{invoice.id}", ledger.refunds(invoice.agency), by=by,
                   source="invoice")
    if invoice.module in current_app.extensions["satupintu.modules"] and "notifications" in services():
        services().get("notifications").notify(
            invoice.subject_id, "payment.refunded",
            {"number": invoice.number, "amount": _rupiah(invoice.amount)}, category="payments",
            module=invoice.module, link=f"/me/invoices/{invoice.id}", case_id=invoice.case_id)


def _refund_charge(invoice: Invoice, attempt: Attempt, key: str, debit: str, *, by: str, source: str) -> None:
    """The charge is refunded: the gateway's clearing account gives its amount back to `debit`
    (`source`: "invoice", or "suspense" for money no invoice took)."""
    attempt.status, attempt.updated_at = A_REFUNDED, utcnow()
    ledger.post(key, "refund", invoice.id, attempt.amount, debit=debit,
                credit=ledger.clearing(attempt.gateway), gateway=attempt.gateway, order_id=attempt.order_id)
    if "audit" in services():
        services().get("audit").record("staff", "payment.refunded", actor=by, subject=str(invoice.subject_id),
                                       payload={"invoice": str(invoice.id), "amount": attempt.amount,
                                                "order_id": attempt.order_id, "from": source})


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _issue_receipt(invoice: Invoice, attempt: Attempt):
    """The receipt, signed, in the citizen's wallet, issued in the invoice's module's name (a module
    that is no longer installed gets neither receipt nor notification: the payment still counts)."""
    data = {"nomor_tagihan": invoice.number, "jumlah": invoice.amount, "mata_uang": invoice.currency,
            "rincian": [dict(item) for item in invoice.items], "instansi": invoice.agency,
            "metode": attempt.method, "gateway": attempt.gateway, "nomor_transaksi": attempt.order_id,
            "dibayar_pada": invoice.paid_at.isoformat(), "keterangan": i18n.t("payment.receipt.note", "id")}
    ref = services().get("documents").issue(invoice.subject_id, RECEIPT_TYPE, RECEIPT_TITLE, data,
                                            module=invoice.module)
    return ref.id
