"""The one object an agency module declares: `module = ServiceModule(...)` in its __init__.py."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the cases contract imports Text from here
    from app.contracts.cases import CaseDefinition

Text = Mapping[str, str]  # one text per platform locale: {"id": ..., "en": ...}

ASSURANCE_LEVELS = ("ial1", "ial2")
# Grounds other than consent on which a module may read data (UU PDP No. 27/2022, Article 20).
LAWFUL_BASES = ("contract", "legal_duty", "vital_interest", "public_task", "legitimate_interest")


@dataclass(frozen=True)
class Scope:
    """An OAuth scope a module's endpoints require, shown on the consent screen."""

    name: str
    description: Text


@dataclass(frozen=True)
class CatalogEntry:
    """A citizen-facing service shown in the app's catalog."""

    code: str  # unique within the module
    title: Text
    summary: Text
    category: str
    keywords: Text = field(default_factory=lambda: {"id": "", "en": ""})
    regions: tuple[str, ...] = ()  # Kemendagri codes; empty means nationwide
    assurance: str = "ial1"
    deep_link: str = ""
    icon: str = "layanan"
    agency: str | None = None  # defaults to the module's agency
    case: CaseDefinition | None = None  # an application citizens file through the cases capability


@dataclass(frozen=True)
class DataUse:
    """Citizen data a module may ask the consent service for, and why.

    Items: "profile:<field>", "document:<type>" or "<other slug>:<dataset>". Without a
    `lawful_basis` each read needs the citizen's consent; with one (e.g. "legal_duty") the
    items may be read without it, and the citizen still sees every read.
    """

    purpose: str  # unique within the module, e.g. "tax_assessment"
    description: Text  # why, shown to the citizen
    items: tuple[str, ...]
    lawful_basis: str | None = None


@dataclass(frozen=True)
class ServiceModule:
    slug: str
    title: Text
    agency: str
    version: str
    blueprints: Callable[[], Iterable[Any]] = tuple
    models: str | None = None  # dotted path of the models module
    migrations: str | None = None  # folder relative to the package
    scopes: tuple[Scope, ...] = ()
    roles: tuple[str, ...] = ()
    catalog: tuple[CatalogEntry, ...] = ()
    data_uses: tuple[DataUse, ...] = ()  # citizen data it may read through the consent service
    provides: Mapping[str, str] = field(default_factory=dict)  # name -> "pkg.mod:factory"
    requires: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)  # defaults, keys SLUG_*
    setup: Callable[[Any], None] | None = None  # connect signal receivers; no DB access
    demo: str | None = None  # "pkg.mod:function" yielding lines; loads demo data (`make run`)
    package: str = ""  # the module's package; defaults to where the descriptor is written

    def __post_init__(self):
        if not self.package:
            caller = sys._getframe(2).f_globals.get("__name__", "")
            object.__setattr__(self, "package", caller)
