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


def record(chain: str, action: str, *, actor: str | None = None, subject: str | None = None,
           payload: dict | None = None) -> int:
    """Append to the audit log in the current transaction (the platform's shorthand for
    `services().get("audit").record`); `actor` defaults to the current caller."""
    from app.audit.service import current_actor
    from app.registry import services

    return services().get("audit").record(chain, action, actor=actor or current_actor(),
                                          subject=subject, payload=payload)
