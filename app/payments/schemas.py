"""Request and response bodies of the payments API (unknown fields are refused)."""

from __future__ import annotations

import marshmallow as ma

from app.contracts.payments import CANCELLED, EXPIRED, OPEN, PAID, PENDING, REFUNDED
from app.pagination import PageArgs, page_schema
from app.payments.gateways import METHODS

STATUSES = (OPEN, PENDING, PAID, EXPIRED, CANCELLED, REFUNDED)


class InvoiceListArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class InvoiceItemSchema(ma.Schema):
    description = ma.fields.String()
    amount = ma.fields.Integer(metadata={"description": "IDR per unit"})
    quantity = ma.fields.Integer()


class PaymentSchema(ma.Schema):
    id = ma.fields.UUID()
    gateway = ma.fields.String()
    method = ma.fields.String(metadata={"description": " | ".join(METHODS)})
    amount = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": "pending | paid | failed | expired | refunded"})
    order_id = ma.fields.String()
    expires_at = ma.fields.DateTime()
    created_at = ma.fields.DateTime()
    instructions = ma.fields.Dict(metadata={
        "description": "How to pay: va_number and bank, or qr_string; pay_url for a hosted page."})


class InvoiceSummarySchema(ma.Schema):
    id = ma.fields.UUID()
    number = ma.fields.String()
    module = ma.fields.String()
    agency = ma.fields.String()
    case_id = ma.fields.UUID(allow_none=True)
    reference = ma.fields.String(allow_none=True)
    currency = ma.fields.String()
    amount = ma.fields.Integer(metadata={"description": "IDR, whole rupiah"})
    status = ma.fields.String(metadata={"description": " | ".join(STATUSES)})
    due_at = ma.fields.DateTime()
    created_at = ma.fields.DateTime()
    paid_at = ma.fields.DateTime(allow_none=True)


InvoicePageSchema = page_schema(InvoiceSummarySchema, "InvoicePage")


class InvoiceDetailSchema(InvoiceSummarySchema):
    items = ma.fields.List(ma.fields.Nested(InvoiceItemSchema))
    closed_at = ma.fields.DateTime(allow_none=True)
    receipt_document_id = ma.fields.UUID(allow_none=True, metadata={
        "description": "The receipt in the documents wallet, once paid."})
    payment = ma.fields.Nested(PaymentSchema, allow_none=True, metadata={"description": "The live charge."})


class PaymentRequestSchema(ma.Schema):
    method = ma.fields.String(required=True, validate=ma.validate.OneOf(METHODS))
    gateway = ma.fields.String(validate=ma.validate.Length(min=1, max=20), metadata={
        "description": "One of the enabled gateways; the platform's default when absent."})


class LedgerEntrySchema(ma.Schema):
    account = ma.fields.String()
    debit = ma.fields.Integer()
    credit = ma.fields.Integer()


class LedgerJournalSchema(ma.Schema):
    key = ma.fields.String()
    kind = ma.fields.String()
    gateway = ma.fields.String(allow_none=True)
    order_id = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    entries = ma.fields.List(ma.fields.Nested(LedgerEntrySchema))


class StaffInvoiceSchema(InvoiceDetailSchema):
    subject_id = ma.fields.UUID()
    attempts = ma.fields.List(ma.fields.Nested(PaymentSchema))
    journals = ma.fields.List(ma.fields.Nested(LedgerJournalSchema))


class RefundRequestSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=200))


class FlagListArgs(PageArgs):
    resolved = ma.fields.Boolean()


class PaymentFlagSchema(ma.Schema):
    id = ma.fields.UUID()
    reason = ma.fields.String(metadata={
        "description": "amount_mismatch | currency_mismatch | unknown_order | double_payment | late_payment"})
    gateway = ma.fields.String()
    event_id = ma.fields.String()
    order_id = ma.fields.String()
    invoice_id = ma.fields.UUID(allow_none=True)
    agency = ma.fields.String(allow_none=True)
    details = ma.fields.Dict()
    created_at = ma.fields.DateTime()
    resolved_at = ma.fields.DateTime(allow_none=True)
    resolved_by = ma.fields.String(allow_none=True)


FlagPageSchema = page_schema(PaymentFlagSchema, "PaymentFlagPage")


class CallbackAnswerSchema(ma.Schema):
    event_id = ma.fields.String()
    outcome = ma.fields.String(metadata={"description": "applied | ignored | flagged"})
