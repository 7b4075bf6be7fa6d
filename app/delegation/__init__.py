"""Delegation: service "delegation" (app.contracts.delegation), the citizen's
/api/v1/me/delegations, and the rules every delegated request passes (app.delegation.guard,
applied by the access-token authenticator). See docs/sso.md, "Acting for another citizen"."""

from __future__ import annotations

from flask import Flask

from app.modules.descriptor import Scope

DELEGATION_SCOPE = Scope("delegation", {
    "id": "Mengelola kuasa dan bertindak atas nama orang lain",
    "en": "Manage delegations and act for someone else",
})

DEFAULTS = {"DELEGATION_TOKEN_TTL": 300}  # seconds a delegated access token lives at most


def install(app: Flask) -> None:
    from app.config import apply_defaults
    from app.consent.export import register_exporter
    from app.delegation import messages  # noqa: F401 - registers the texts
    from app.delegation import models as _models  # noqa: F401 - registers the tables
    from app.delegation.api import blp
    from app.delegation.service import DelegationService, export

    apply_defaults(app.config, DEFAULTS)
    app.extensions["satupintu.api"].register_blueprint(blp)
    register_exporter(app, "delegations", export)
    app.extensions["satupintu.scopes"].add(DELEGATION_SCOPE, owner="core")
    app.extensions["satupintu.services"].provide("delegation", DelegationService, owner="core")
