"""Where a case's rules come from: the CaseDefinition on a module's catalog entry, and the
lifecycle graph (standard edges plus the module's own)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.contracts.cases import CITIZEN, STANDARD_STATES, STANDARD_TRANSITIONS, CaseDefinition, Transition
from app.modules.descriptor import CatalogEntry

# The platform's states in which the SLA clock runs (the agency is the one to act).
AGENCY_STATES = frozenset({"submitted", "in_review", "pending_external"})


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


def states_with_the_agency() -> frozenset[str]:
    """States in which the SLA clock runs, so a case in one can fall overdue: AGENCY_STATES, and
    each state a service adds that staff or the system move on and the citizen does not
    (withdrawing aside), such as a site inspection. One set for every service, as the queries
    over all cases need (a module reusing another's state name for a citizen's step should
    pick another name). Worked out once per app."""
    cached = current_app.extensions.get("satupintu.cases.agency_states")
    if cached is None:
        moved_by: dict[str, set[str]] = {}
        for service in _index().values():
            added = set(service.definition.states)
            for edge in service.transitions:
                if edge.source in added and edge.target != "withdrawn":
                    moved_by.setdefault(edge.source, set()).update(edge.roles)
        cached = AGENCY_STATES | {state for state, roles in moved_by.items() if CITIZEN not in roles}
        current_app.extensions["satupintu.cases.agency_states"] = cached
    return cached


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
