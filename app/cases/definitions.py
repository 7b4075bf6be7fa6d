"""Where a case's rules come from: the CaseDefinition on a module's catalog entry, and the
lifecycle graph (standard edges plus the module's own)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.contracts.cases import STANDARD_STATES, STANDARD_TRANSITIONS, CaseDefinition, Transition
from app.modules.descriptor import CatalogEntry


@dataclass(frozen=True)
class Service:
    module: str
    entry: CatalogEntry
    definition: CaseDefinition
    agency: str

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def states(self) -> tuple[str, ...]:
        return STANDARD_STATES + tuple(self.definition.states)

    @property
    def transitions(self) -> tuple[Transition, ...]:
        return STANDARD_TRANSITIONS + tuple(self.definition.transitions)


def _index() -> dict[tuple[str, str], Service]:
    """Built once per app, after the modules are loaded (descriptors do not change; the loader
    validated their case definitions)."""
    cached = current_app.extensions.get("satupintu.cases.services")
    if cached is None:
        cached = {}
        for slug, module in current_app.extensions["satupintu.modules"].items():
            for entry in module.catalog:
                if entry.case is not None:
                    agency = entry.agency or module.agency
                    cached[(slug, entry.code)] = Service(slug, entry, entry.case, agency)
        current_app.extensions["satupintu.cases.services"] = cached
    return cached


def find(module: str, code: str) -> Service | None:
    return _index().get((module, code))


def validate(module_slug: str, entry: CatalogEntry) -> None:
    """Refuse a definition whose extra edges name unknown states or roles (at load time)."""
    from app.contracts.cases import ROLES
    from app.i18n import check_text

    definition = entry.case
    known = set(STANDARD_STATES) | set(definition.states)
    for state, label in definition.states.items():
        check_text(label, f"{module_slug}: state {state!r} of {entry.code!r}")
    for edge in definition.transitions:
        if edge.source not in known or edge.target not in known:
            raise ValueError(f"{module_slug}: {entry.code!r} has an edge between unknown states: {edge}")
        if not edge.roles or set(edge.roles) - set(ROLES):
            raise ValueError(f"{module_slug}: {entry.code!r} edge {edge} has unknown roles")
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(dict(definition.form))
    if definition.fee < 0 or (definition.sla_days is not None and definition.sla_days < 1):
        raise ValueError(f"{module_slug}: {entry.code!r} has a negative fee or an SLA under one day")
