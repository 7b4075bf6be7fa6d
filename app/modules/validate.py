"""Checks that keep the one-name rule: a module's slug is its entry point, URL prefix, scope
and role prefix, table prefix, config prefix, migration branch and logger."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from app import i18n
from app.modules.descriptor import ASSURANCE_LEVELS, LAWFUL_BASES, DataUse, ServiceModule

SLUG = re.compile(r"^[a-z][a-z0-9_]{1,30}$")  # also in OpenAPI: no \Z
AGENCY = re.compile(r"^[a-z][a-z0-9-]{1,39}\Z")
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.+-]+)?\Z")
PURPOSE = re.compile(r"^[a-z][a-z0-9_]{1,39}\Z")
DATA_ITEM = re.compile(r"^(?P<source>[a-z][a-z0-9_]{1,30}):[a-z][a-z0-9_.]{0,63}\Z")

# Names the platform uses for its own URLs, tables and services.
RESERVED_SLUGS = frozenset({
    "admin", "agency", "api", "audit", "auth", "cases", "catalog", "consent", "core", "document", "documents",
    "healthz", "me", "module", "modules", "notifications", "oauth", "payments", "platform",
    "profile", "readyz", "reference", "region", "regions", "revision", "services", "users",
})


class ModuleError(RuntimeError):
    """A module breaks the contract; the message names the module and the rule."""


def _fail(module: ServiceModule | str, rule: str) -> None:
    slug = module if isinstance(module, str) else module.slug
    raise ModuleError(f"service module {slug!r}: {rule}")


def _check_text(module: ServiceModule, text: Mapping[str, str], what: str) -> None:
    try:
        i18n.check_text(text, what)
    except i18n.MissingLocaleError as error:
        _fail(module, str(error))


def validate_descriptor(module: ServiceModule, entry_point_name: str | None = None) -> None:
    """Everything that can be checked without importing the module's code."""
    if not isinstance(module, ServiceModule):
        _fail(entry_point_name or "?", "the entry point does not point at a ServiceModule")
    slug = module.slug
    if not SLUG.match(slug):
        _fail(slug, "slug must match ^[a-z][a-z0-9_]{1,30}$")
    if slug in RESERVED_SLUGS:
        _fail(module, "this slug is reserved for the platform")
    if entry_point_name is not None and entry_point_name != slug:
        _fail(module, f"entry point is named {entry_point_name!r}; it must equal the slug")
    if not AGENCY.match(module.agency):
        _fail(module, f"agency code {module.agency!r} is not valid")
    if not VERSION.match(module.version):
        _fail(module, f"version {module.version!r} is not a semantic version")
    _check_text(module, module.title, "title")
    for scope in module.scopes:
        if not scope.name.startswith(f"{slug}."):
            _fail(module, f"scope {scope.name!r} must start with '{slug}.'")
        _check_text(module, scope.description, f"scope {scope.name!r}")
    for role in module.roles:
        if not role.startswith(f"{slug}."):
            _fail(module, f"role {role!r} must start with '{slug}.'")
    for key in module.config:
        if not key.startswith(f"{slug.upper()}_"):
            _fail(module, f"config key {key!r} must start with '{slug.upper()}_'")
    for name in module.provides:
        if name != slug and not name.startswith(f"{slug}."):
            _fail(module, f"provided service {name!r} must be named '{slug}' or '{slug}.*'")
    codes = set()
    for entry in module.catalog:
        if entry.code in codes:
            _fail(module, f"catalog entry code {entry.code!r} is used twice")
        codes.add(entry.code)
        for what in ("title", "summary"):
            _check_text(module, getattr(entry, what), f"catalog entry {entry.code!r} {what}")
        if entry.assurance not in ASSURANCE_LEVELS:
            _fail(module, f"catalog entry {entry.code!r} has unknown assurance {entry.assurance!r}")
        if entry.case is not None:
            _check_case(module, entry)
    _check_data_uses(module)


def _check_case(module: ServiceModule, entry) -> None:
    """A case definition is checked at start-up, not when the first citizen applies."""
    import jsonschema  # only when a module offers applications

    from app.cases.definitions import validate

    try:
        validate(module.slug, entry)
    except (ValueError, i18n.MissingLocaleError, jsonschema.SchemaError) as error:
        _fail(module, f"catalog entry {entry.code!r}: {getattr(error, 'message', error)}")
    purposes = {use.purpose for use in module.data_uses}
    if entry.case.prefill and entry.case.purpose not in purposes:
        _fail(module, f"catalog entry {entry.code!r} prefills for undeclared purpose {entry.case.purpose!r}")


def _check_data_uses(module: ServiceModule) -> None:
    purposes = set()
    for use in module.data_uses:
        if not isinstance(use, DataUse):
            _fail(module, "data_uses holds something other than DataUse")
        if not PURPOSE.match(use.purpose):
            _fail(module, f"data use purpose {use.purpose!r} must match {PURPOSE.pattern}")
        if use.purpose in purposes:
            _fail(module, f"data use purpose {use.purpose!r} is declared twice")
        purposes.add(use.purpose)
        _check_text(module, use.description, f"data use {use.purpose!r} description")
        if not use.items or isinstance(use.items, str):
            _fail(module, f"data use {use.purpose!r} must list its items in a tuple")
        if len(set(use.items)) != len(use.items):
            _fail(module, f"data use {use.purpose!r} lists an item twice")
        for item in use.items:
            found = DATA_ITEM.match(item) if isinstance(item, str) else None
            if found is None:
                _fail(module, f"data use {use.purpose!r}: item {item!r} must be 'profile:<field>', "
                              f"'document:<type>' or '<slug>:<dataset>'")
            if found["source"] == module.slug:
                _fail(module, f"data use {use.purpose!r}: item {item!r} is the module's own data")
        if use.lawful_basis is not None and use.lawful_basis not in LAWFUL_BASES:
            _fail(module, f"data use {use.purpose!r}: lawful basis {use.lawful_basis!r} is not one of "
                          f"{', '.join(LAWFUL_BASES)}")


def check_duplicates(modules: Iterable[ServiceModule]) -> None:
    seen: dict[str, str] = {}
    for module in modules:
        if module.slug in seen:
            _fail(module, f"slug is declared twice (by {seen[module.slug]} and {module.package})")
        seen[module.slug] = module.package


def install_order(modules: list[ServiceModule], platform_services: Iterable[str]) -> list[ServiceModule]:
    """Order modules so providers come before the modules that require them."""
    available = set(platform_services)
    provider = {}
    for module in modules:
        for name in (module.slug, *module.provides):
            provider[name] = module
    for module in modules:
        for name in module.requires:
            if name not in available and name not in provider:
                _fail(module, f"requires {name!r}, which neither the platform nor an enabled "
                              f"module provides")
    ordered: list[ServiceModule] = []
    state: dict[str, str] = {}

    def visit(module: ServiceModule, path: list[str]) -> None:
        if state.get(module.slug) == "done":
            return
        if state.get(module.slug) == "visiting":
            cycle = " -> ".join([*path[path.index(module.slug):], module.slug])
            _fail(module, f"dependency cycle: {cycle}")
        state[module.slug] = "visiting"
        for name in module.requires:
            dependency = provider.get(name)
            if dependency is not None and dependency is not module:
                visit(dependency, [*path, module.slug])
        state[module.slug] = "done"
        ordered.append(module)

    for module in sorted(modules, key=lambda m: m.slug):
        visit(module, [])
    return ordered


def check_blueprint(module: ServiceModule, blueprint, api_prefix: str) -> None:
    name = blueprint.name
    if name != module.slug and not name.startswith(f"{module.slug}_"):
        _fail(module, f"blueprint {name!r} must be named '{module.slug}' or '{module.slug}_*'")
    prefix = f"{api_prefix}/{module.slug}"
    url_prefix = (blueprint.url_prefix or "").rstrip("/")
    if url_prefix != prefix and not url_prefix.startswith(f"{prefix}/"):
        _fail(module, f"blueprint {name!r} must be mounted under {prefix} (has {url_prefix!r})")


def check_tables(module: ServiceModule, table_names: Iterable[str]) -> None:
    for table in table_names:
        if not table.startswith(f"{module.slug}_"):
            _fail(module, f"table {table!r} must be named '{module.slug}_*'")
