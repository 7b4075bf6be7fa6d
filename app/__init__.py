"""SatuPintu platform: `create_app()` builds the app in phases.

config -> logging, database, API -> core capabilities -> service modules -> auth -> ready
(auth comes after the modules so the scopes they declare reach the authorization server)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask

from app.modules.descriptor import ServiceModule

CORE_TABLE_PACKAGES = ("app",)  # platform models live under these packages (branch "core")


def create_app(
    config: dict[str, Any] | None = None, *, services: Iterable[ServiceModule] | None = None
) -> Flask:
    from app import access, api, changes, cli, db, health, limits, logs, tasks, web
    from app.config import check_config, load_config
    from app.modules.loader import load_modules, tables_of
    from app.registry import ScopeRegistry, ServiceRegistry
    from app.state import PlatformState
    from auth import init_app as init_auth

    # 1. configuration
    app = Flask("satupintu", instance_relative_config=True, static_folder=None)
    settings = load_config(config, instance_path=app.instance_path)
    check_config(settings)
    app.config.update(settings)
    app.json.sort_keys = False

    # 2. infrastructure
    logs.init_app(app)
    db.init_app(app)
    changes.init_app(app)
    api.init_app(app)
    web.init_app(app)
    access.init_app(app)
    limits.init_app(app)
    tasks.init_app(app)
    app.extensions.update({
        "satupintu.services": ServiceRegistry(),
        "satupintu.scopes": ScopeRegistry(),
        "satupintu.roles": set(),
        "satupintu.modules": {},
        "satupintu.tables": {},
        "satupintu.migrations": {},
        "satupintu.state": PlatformState(app.config["SERVICES_STATE_TTL"]),
    })

    # 3. core capabilities
    _install_core(app)
    app.extensions["satupintu.tables"].update(
        dict.fromkeys(set().union(*(tables_of(p) for p in CORE_TABLE_PACKAGES)), "core")
    )

    # 4. service modules
    load_modules(app, None if services is None else list(services))

    # 5. identity and single sign-on (after modules, so their scopes are known)
    init_auth(app)
    app.extensions["satupintu.tables"].update(dict.fromkeys(tables_of("auth"), "auth"))

    # 6. ready
    health.init_app(app)
    cli.init_app(app)
    return app


def _install_core(app: Flask) -> None:
    from app.admin.api import blp as admin_blp
    from app.audit import install as install_audit
    from app.cases import install as install_cases
    from app.catalog import models as _catalog_models  # noqa: F401 - registers tables
    from app.catalog.api import blp as catalog_blp
    from app.consent import install as install_consent
    from app.delegation import install as install_delegation
    from app.documents import install as install_documents
    from app.notifications import install as install_notifications
    from app.outbox import install as install_outbox
    from app.payments import install as install_payments
    from app.profile import install as install_profile
    from app.reference.service import AgencyDirectory, RegionDirectory

    registry = app.extensions["satupintu.services"]
    registry.provide("regions", RegionDirectory, owner="core")
    registry.provide("agencies", AgencyDirectory, owner="core")
    api = app.extensions["satupintu.api"]
    api.register_blueprint(catalog_blp)
    api.register_blueprint(admin_blp)
    install_outbox(app)
    install_profile(app)
    install_documents(app)
    install_audit(app)
    install_consent(app)
    install_delegation(app)
    install_notifications(app)
    install_payments(app)
    install_cases(app)
