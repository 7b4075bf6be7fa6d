"""discover -> select -> validate -> install, in dependency order; refuses to start on any breach."""

from __future__ import annotations

import logging
from importlib import import_module, resources
from importlib.metadata import entry_points

from flask import Flask

from app.api import API_PREFIX
from app.config import apply_defaults
from app.db import Base
from app.modules.descriptor import ServiceModule
from app.modules.validate import (
    ModuleError,
    check_blueprint,
    check_duplicates,
    check_tables,
    install_order,
    validate_descriptor,
)
from app.problems import Problem
from app.registry import ScopeRegistry, ServiceRegistry
from app.state import is_enabled

GROUP = "satupintu.services"
log = logging.getLogger("satupintu.modules")


def discover() -> list[ServiceModule]:
    """Every installed module, from the `satupintu.services` entry-point group."""
    found = []
    for entry_point in entry_points(group=GROUP):
        try:
            module = entry_point.load()
        except Exception as error:
            raise ModuleError(
                f"service module {entry_point.name!r}: cannot import {entry_point.value}: {error}"
            ) from error
        validate_descriptor(module, entry_point.name)
        found.append(module)
    check_duplicates(found)
    return found


def select(installed: list[ServiceModule], enabled_setting: str) -> list[ServiceModule]:
    if enabled_setting.strip() == "*":
        return installed
    wanted = [slug.strip() for slug in enabled_setting.split(",") if slug.strip()]
    by_slug = {m.slug: m for m in installed}
    missing = [slug for slug in wanted if slug not in by_slug]
    if missing:
        raise ModuleError(f"SERVICES_ENABLED names modules that are not installed: {missing}")
    return [by_slug[slug] for slug in wanted]


def tables_of(package: str) -> set[str]:
    """Tables mapped by classes defined inside `package`."""
    tables = set()
    for mapper in Base.registry.mappers:
        owner = mapper.class_.__module__
        if (owner == package or owner.startswith(f"{package}.")) and mapper.local_table is not None:
            tables.add(mapper.local_table.name)
    return tables


def migrations_path(module: ServiceModule) -> str | None:
    if not module.migrations:
        return None
    folder = resources.files(module.package).joinpath(module.migrations)
    if not folder.is_dir():
        raise ModuleError(f"service module {module.slug!r}: migrations folder {folder} is missing")
    return str(folder)


def load_modules(app: Flask, modules: list[ServiceModule] | None) -> list[ServiceModule]:
    """Validate and install the enabled modules into `app`."""
    if modules is None:
        modules = select(discover(), app.config["SERVICES_ENABLED"])
    else:
        for module in modules:
            validate_descriptor(module)
        check_duplicates(modules)
    registry: ServiceRegistry = app.extensions["satupintu.services"]
    ordered = install_order(modules, registry.names())
    for module in ordered:
        _install(app, module)
        log.info("installed service module %s %s", module.slug, module.version)
    return ordered


def _install(app: Flask, module: ServiceModule) -> None:
    if module.models:
        try:
            import_module(module.models)
        except ImportError as error:
            raise ModuleError(
                f"service module {module.slug!r}: cannot import models {module.models!r}: {error}"
            ) from error
    tables = tables_of(module.package)
    check_tables(module, tables)
    migrations = migrations_path(module)
    if tables and not migrations:
        raise ModuleError(f"service module {module.slug!r}: has tables but no migrations folder")

    api = app.extensions["satupintu.api"]
    for blueprint in module.blueprints():
        check_blueprint(module, blueprint, API_PREFIX)
        if not getattr(blueprint, "switch_guarded", False):  # blueprints outlive apps in tests
            blueprint.before_request(_switch_guard(module.slug))
            blueprint.switch_guarded = True
        api.register_blueprint(blueprint)

    scopes: ScopeRegistry = app.extensions["satupintu.scopes"]
    for scope in module.scopes:
        scopes.add(scope, owner=module.slug)
    app.extensions["satupintu.roles"].update(module.roles)
    registry: ServiceRegistry = app.extensions["satupintu.services"]
    registry.provide(module.slug, lambda: module, owner=module.slug)
    for name, factory in module.provides.items():
        registry.provide(name, factory, owner=module.slug)

    apply_defaults(app.config, module.config)

    app.extensions["satupintu.modules"][module.slug] = module
    app.extensions["satupintu.tables"].update(dict.fromkeys(tables, module.slug))
    if migrations:
        app.extensions["satupintu.migrations"][module.slug] = migrations
    if module.setup is not None:
        module.setup(app)


def _switch_guard(slug: str):
    def guard():
        if not is_enabled(slug):
            raise Problem(404, "service-disabled")

    return guard
