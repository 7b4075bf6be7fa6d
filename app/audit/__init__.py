"""Tamper-evident audit log: hash-chained entries (service "audit", see app.contracts.audit),
`flask audit verify` and /api/v1/admin/audit."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from app.audit import models as _models  # noqa: F401 - registers the tables
    from app.audit.api import blp
    from app.audit.cli import audit_cli
    from app.audit.service import AuditLog

    app.extensions["satupintu.services"].provide("audit", AuditLog, owner="core")
    app.extensions["satupintu.api"].register_blueprint(blp)
    app.cli.add_command(audit_cli)
