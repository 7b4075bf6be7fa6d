"""/api/v1/payments: agency staff (their agency's invoices and flagged callbacks, refunds) and the
gateways' callback endpoint (public: gateways prove themselves by signature)."""

from __future__ import annotations

from flask import request

from app.access import PLATFORM_ADMIN, current_principal, public, require_role
from app.api import API_PREFIX, Blueprint, documented
from app.limits import limiter
from app.payments import callbacks, invoices, staff
from app.payments.idempotency import HEADER_DOC, idempotent
from app.payments.schemas import (
    CallbackAnswerSchema,
    FlagListArgs,
    FlagPageSchema,
    InvoiceListArgs,
    InvoicePageSchema,
    PaymentFlagSchema,
    RefundRequestSchema,
    StaffInvoiceSchema,
)
from app.payments.staff import AGENCY_ADMIN

OFFICER = "officer"
STAFF = (OFFICER, AGENCY_ADMIN, PLATFORM_ADMIN)

blp = Blueprint("payments_staff", __name__, url_prefix=f"{API_PREFIX}/payments",
                description="Payments for agency staff, and gateway callbacks.")


@blp.route("/callbacks/<string:gateway>", methods=["POST"])
@public
@limiter.exempt  # gateways send bursts (and retries); the signature is the gate
@blp.response(200, CallbackAnswerSchema)
def gateway_callback(gateway):
    """A gateway's signed notification. Replays answer as the first delivery did and change
    nothing; an amount or currency that does not match is refused (422) and flagged."""
    status, body = callbacks.receive(gateway, request.get_data(), request.headers)
    return body, status


@blp.route("/invoices", methods=["GET"])
@require_role(*STAFF)
@blp.arguments(InvoiceListArgs, location="query")
@blp.response(200, InvoicePageSchema)
def list_invoices(args):
    """Invoices of the caller's agency (a platform admin: all), newest first."""
    rows, total = staff.list_invoices(current_principal(), status=args.get("status"), page=args["page"],
                                      per_page=args["per_page"])
    return {"items": [invoices.summary(row) for row in rows], "page": args["page"],
            "per_page": args["per_page"], "total": total}


@blp.route("/invoices/<uuid:invoice_id>", methods=["GET"])
@require_role(*STAFF)
@blp.response(200, StaffInvoiceSchema)
def get_invoice(invoice_id):
    """One invoice of the caller's agency with its payments and ledger journals."""
    return staff.invoice_detail(staff.agency_invoice(current_principal(), invoice_id))


@blp.route("/invoices/<uuid:invoice_id>/refund", methods=["POST"])
@require_role(AGENCY_ADMIN, PLATFORM_ADMIN)
@idempotent(lambda: f"staff:{current_principal().subject}")
@blp.arguments(RefundRequestSchema)
@blp.response(200, StaffInvoiceSchema)
@documented(parameters=[HEADER_DOC])
def refund(body, invoice_id):
    """Refund a paid invoice in full through its gateway (Idempotency-Key required)."""
    return staff.refund(current_principal(), invoice_id, body["reason"])


@blp.route("/flags", methods=["GET"])
@require_role(*STAFF)
@blp.arguments(FlagListArgs, location="query")
@blp.response(200, FlagPageSchema)
def list_flags(args):
    """Callbacks refused or needing attention (amount mismatch, double payment, ...), of the caller's
    agency; unknown orders only for platform admins."""
    rows, total = staff.list_flags(current_principal(), resolved=args.get("resolved"), page=args["page"],
                                   per_page=args["per_page"])
    return {"items": rows, "page": args["page"], "per_page": args["per_page"], "total": total}


@blp.route("/flags/<uuid:flag_id>/resolve", methods=["POST"])
@require_role(*STAFF)
@blp.response(200, PaymentFlagSchema)
def resolve_flag(flag_id):
    """Mark a flag as dealt with (audited)."""
    return staff.resolve_flag(current_principal(), flag_id)
