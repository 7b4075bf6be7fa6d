"""What happens when an invoice is paid or refunded, all in the caller's transaction: statuses,
ledger journal, receipt in the wallet, the citizen's notification and the outbox message."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import update

from app import i18n
from app.contracts.payments import PAID, PAID_TOPIC, RECEIPT_TYPE, REFUNDED
from app.db import session, utcnow
from app.payments import ledger
from app.payments.models import A_EXPIRED, A_PAID, A_REFUNDED, Attempt, Invoice
from app.registry import services

RECEIPT_TITLE = {"id": "Kuitansi Pembayaran", "en": "Payment Receipt"}


def mark_paid(invoice: Invoice, attempt: Attempt) -> None:
    now = utcnow()
    db = session()
    # a late payment of an older charge wins: any other live charge of this invoice ends
    db.execute(update(Attempt).where(Attempt.active_for == invoice.id, Attempt.id != attempt.id)
               .values(active_for=None, status=A_EXPIRED, updated_at=now)
               .execution_options(synchronize_session=False))
    attempt.status, attempt.active_for, attempt.updated_at = A_PAID, None, now
    invoice.status, invoice.paid_at, invoice.updated_at = PAID, now, now
    ledger.post(f"payment:{invoice.id}", "payment", invoice.id, invoice.amount,
                debit=ledger.clearing(attempt.gateway), credit=ledger.RECEIVABLE, gateway=attempt.gateway,
                order_id=attempt.order_id)
    installed = invoice.module in current_app.extensions["satupintu.modules"]
    invoice.receipt_document_id = _issue_receipt(invoice, attempt) if installed else None
    amount = _rupiah(invoice.amount)
    if installed and "notifications" in services():
        services().get("notifications").notify(
            invoice.subject_id, "payment.paid", {"number": invoice.number, "amount": amount},
            category="payments", module=invoice.module, link=f"/me/invoices/{invoice.id}",
            case_id=invoice.case_id, document_id=invoice.receipt_document_id)
    from app.outbox import publish

    publish(PAID_TOPIC, {"invoice_id": str(invoice.id),
                         "case_id": str(invoice.case_id) if invoice.case_id else None,
                         "module": invoice.module, "subject": str(invoice.subject_id),
                         "amount": invoice.amount})


def mark_refunded(invoice: Invoice, attempt: Attempt, *, by: str) -> None:
    now = utcnow()
    attempt.status, attempt.updated_at = A_REFUNDED, now
    invoice.status, invoice.closed_at, invoice.updated_at = REFUNDED, now, now
    ledger.post(f"refund:{invoice.id}", "refund", invoice.id, invoice.amount,
                debit=ledger.refunds(invoice.agency), credit=ledger.clearing(attempt.gateway),
                gateway=attempt.gateway, order_id=attempt.order_id)
    if invoice.module in current_app.extensions["satupintu.modules"] and "notifications" in services():
        services().get("notifications").notify(
            invoice.subject_id, "payment.refunded",
            {"number": invoice.number, "amount": _rupiah(invoice.amount)}, category="payments",
            module=invoice.module, link=f"/me/invoices/{invoice.id}", case_id=invoice.case_id)
    if "audit" in services():
        services().get("audit").record("staff", "payment.refunded", actor=by, subject=str(invoice.subject_id),
                                       payload={"invoice": str(invoice.id), "amount": invoice.amount,
                                                "order_id": attempt.order_id})


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
