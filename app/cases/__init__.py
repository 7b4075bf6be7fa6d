"""Cases (applications): the lifecycle engine, service "cases" (app.contracts.cases) for modules,
the citizen's /api/v1/me/cases and the officers' /api/v1/agency/cases. See docs/cases.md."""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

CASES_SCOPE = Scope("cases", {
    "id": "Mengajukan dan memantau permohonan layanan Anda",
    "en": "File and follow your applications for services",
})

DEFAULTS = {
    "CASES_ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
    "CASES_ATTACHMENT_MAX_COUNT": 20,
    "CASES_ATTACHMENT_TYPES": ("application/pdf", "image/png", "image/jpeg"),
    "CASES_INVOICE_DAYS": 3,  # days a case's invoice stays payable
    "CASES_ESCALATE_SECONDS": 900.0,  # how often overdue cases are looked for
    "CASES_UNPAID_SECONDS": 3600.0,  # how often cases with an expired invoice are closed
    "CASES_EXTERNAL_RETRY_SECONDS": 60.0,  # how often due pending_external retries are offered
    "CASES_EXTERNAL_RETRY_BASE_SECONDS": 60.0,  # back-off: base * 2^attempts, capped
    "CASES_EXTERNAL_RETRY_MAX_SECONDS": 6 * 3600.0,
    "CASES_EXTERNAL_MAX_ATTEMPTS": 10,
}


def install(app: Flask) -> None:
    from app import storage
    from app.cases import (
        messages,  # noqa: F401 - registers the texts
        notices,  # noqa: F401 - registers the notification templates
    )
    from app.cases import models as _models  # noqa: F401 - registers the tables
    from app.cases.agency_api import blp as agency_blp
    from app.cases.api import blp
    from app.cases.escalation import escalate_overdue_task
    from app.cases.external import retry_external_task
    from app.cases.provider import CasesService, on_payment_paid
    from app.cases.public_api import blp as public_blp
    from app.cases.service import export
    from app.cases.unpaid import close_unpaid_task
    from app.config import apply_defaults
    from app.consent.export import register_exporter
    from app.delegation.capabilities import accept_delegated_tokens
    from app.outbox import consume
    from app.tasks import every

    apply_defaults(app.config, DEFAULTS)
    if "satupintu.storage" not in app.extensions:
        storage.install(app)
    app.extensions["satupintu.scopes"].add(CASES_SCOPE, owner="core")
    app.extensions["satupintu.services"].provide("cases", CasesService, owner="core")
    # a delegated token may reach the citizen's cases routes; the service layer limits it to
    # cases of the delegated modules (app.cases.permissions)
    accept_delegated_tokens(app, blp.name)
    register_exporter(app, "cases", export)
    consume(app, "payment.paid", "cases.payment_paid", on_payment_paid)
    every(app, app.config["CASES_ESCALATE_SECONDS"], escalate_overdue_task)
    every(app, app.config["CASES_EXTERNAL_RETRY_SECONDS"], retry_external_task)
    every(app, app.config["CASES_UNPAID_SECONDS"], close_unpaid_task)
    api = app.extensions["satupintu.api"]
    api.register_blueprint(blp)
    api.register_blueprint(agency_blp)
    api.register_blueprint(public_blp)
