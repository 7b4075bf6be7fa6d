"""Invoices and payments: service "payments" (app.contracts.payments), the citizen's
/api/v1/me/invoices, staff and gateway callbacks at /api/v1/payments, the simulated gateway's pay
page, a double-entry ledger and `flask payments reconcile`."""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

PAYMENTS_SCOPE = Scope("payments", {
    "id": "Melihat dan membayar tagihan Anda",
    "en": "See and pay your bills",
})

DEFAULTS = {
    "PAYMENTS_GATEWAYS": "simulated",  # comma-separated; the first is the default for new payments
    "PAYMENTS_SIMULATED_IN_PRODUCTION": False,  # a staging system may keep the simulator with ENV=production
    "PAYMENTS_SIM_SECRET": "",  # empty: derived from SECRET_KEY
    "PAYMENTS_SIM_CALLBACK_URL": "",  # empty: the simulator calls the callback handler in-process
    "PAYMENTS_CALLBACK_TOLERANCE": 300,  # seconds a signed callback's timestamp may be off
    "PAYMENTS_MIDTRANS_BASE_URL": "https://api.sandbox.midtrans.com",
    "PAYMENTS_MIDTRANS_SERVER_KEY": "",
    "PAYMENTS_HTTP_TIMEOUT": 10.0,  # seconds, every outbound gateway call
    "PAYMENTS_VA_TTL": 24 * 3600,  # seconds a virtual account stays payable
    "PAYMENTS_QRIS_TTL": 15 * 60,
    "PAYMENTS_IDEMPOTENCY_TTL": 24 * 3600,
    "PAYMENTS_IDEMPOTENCY_LOCK_SECONDS": 300,  # a claim still running after this was abandoned
    "PAYMENTS_EXPIRY_SECONDS": 300.0,  # how often the expiry sweep runs
    "RATELIMIT_PAYMENTS_SIM": "30/minute",  # the simulated pay page's form posts, per client IP
}


def install(app: Flask) -> None:
    from app.config import apply_defaults
    from app.consent.export import register_exporter
    from app.contracts.payments import PAID_TOPIC
    from app.delegation.capabilities import accept_delegated_tokens
    from app.outbox import consume
    from app.payments import messages  # noqa: F401 - registers the texts
    from app.payments import models as _models  # noqa: F401 - registers the tables
    from app.payments.api import blp
    from app.payments.expiry import expire_due_task
    from app.payments.gateways import check_config
    from app.payments.invoices import PaymentsService, export
    from app.payments.reconcile import payments_cli
    from app.payments.settle import issue_receipt
    from app.payments.sim_pages import bp as sim_bp
    from app.payments.staff_api import blp as staff_blp
    from app.tasks import every

    apply_defaults(app.config, DEFAULTS)
    check_config(app.config)
    app.extensions["satupintu.scopes"].add(PAYMENTS_SCOPE, owner="core")
    app.extensions["satupintu.services"].provide("payments", PaymentsService, owner="core")
    # a delegated token may reach the citizen's invoices; the views pass the delegated modules,
    # and the service layer shows and charges only those modules' invoices (app.payments.api)
    accept_delegated_tokens(app, blp.name)
    register_exporter(app, "payments", export)
    api = app.extensions["satupintu.api"]
    api.register_blueprint(blp)
    api.register_blueprint(staff_blp)
    app.register_blueprint(sim_bp)
    every(app, app.config["PAYMENTS_EXPIRY_SECONDS"], expire_due_task)
    consume(app, PAID_TOPIC, "payments.receipt", issue_receipt)
    app.cli.add_command(payments_cli)
