"""The loader refuses to start, with a message naming the module and the rule, on every breach of
the module contract (one name everywhere, every locale, requirements, no duplicates, no cycles)."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from app import create_app
from app.api import API_PREFIX, Blueprint
from app.modules import loader
from app.modules.descriptor import CatalogEntry, Scope, ServiceModule
from app.modules.validate import ModuleError, install_order, validate_descriptor

TEXT = {"id": "Uji", "en": "Test"}


def module(slug="uji", **fields) -> ServiceModule:
    fields = {"title": TEXT, "agency": "kemendagri", "version": "1.0.0", "package": f"tests_{slug}",
              **fields}
    return ServiceModule(slug=slug, **fields)


def entry(code="izin", **fields) -> CatalogEntry:
    return CatalogEntry(**{"code": code, "title": TEXT, "summary": TEXT, "category": "perizinan", **fields})


@pytest.fixture
def refusal(app_config):
    """`refusal(*modules, **config)`: the message create_app refuses to start with."""

    def refuse(*modules, services=True, **config) -> str:
        with pytest.raises(ModuleError) as refused:
            create_app({**app_config, **config}, services=list(modules) if services else None)
        return str(refused.value)

    return refuse


def test_a_valid_module_installs(app_config):
    good = module(scopes=(Scope("uji.read", TEXT),), roles=("uji.officer",), config={"UJI_LIMIT": 3},
                  provides={"uji.lookup": "tests_uji:lookup"}, catalog=(entry(),))
    app = create_app(app_config, services=[good])
    assert app.extensions["satupintu.modules"] == {"uji": good}
    assert app.config["UJI_LIMIT"] == 3


@pytest.mark.parametrize("slug", ["Uji", "u", "9uji", "uji-dua", "uji.dua", "u" * 32, ""])
def test_bad_slug(refusal, slug):
    assert "slug must match ^[a-z][a-z0-9_]{1,30}$" in refusal(module(slug))


@pytest.mark.parametrize("slug", ["catalog", "admin", "auth", "api", "healthz"])
def test_reserved_slug(refusal, slug):
    assert refusal(module(slug)) == f"service module {slug!r}: this slug is reserved for the platform"


def test_entry_point_name_must_equal_the_slug():
    with pytest.raises(ModuleError, match="entry point is named 'other'; it must equal the slug"):
        validate_descriptor(module("uji"), "other")
    validate_descriptor(module("uji"), "uji")


@pytest.mark.parametrize(("value", "message"), [
    ("platform_probe:PROBE", "entry point is named 'uji'; it must equal the slug"),
    ("platform_probe:SECRET", "the entry point does not point at a ServiceModule"),
    ("no_such_package_anywhere:module", "cannot import no_such_package_anywhere:module"),
])
def test_discovered_entry_points_are_checked(refusal, monkeypatch, value, message):
    fake = [EntryPoint(name="uji", value=value, group=loader.GROUP)]
    monkeypatch.setattr(loader, "entry_points", lambda group: fake)
    assert message in refusal(services=False)


def test_duplicate_slugs(refusal):
    message = refusal(module("uji", package="tests_first"), module("uji", package="tests_second"))
    assert message == "service module 'uji': slug is declared twice (by tests_first and tests_second)"


def test_services_enabled_naming_an_uninstalled_module(refusal):
    message = refusal(services=False, SERVICES_ENABLED="pengumuman, tidak_ada")
    assert message == "SERVICES_ENABLED names modules that are not installed: ['tidak_ada']"


@pytest.mark.parametrize(("descriptor", "message"), [
    (module(title={"id": "Uji"}), "title has no text for locale(s) en"),
    (module(title={"en": "Test", "id": ""}), "title has no text for locale(s) id"),
    (module(title="Uji"), "title has no text for locale(s) id, en"),
    (module(scopes=(Scope("uji.read", {"id": "Baca"}),)), "scope 'uji.read' has no text for locale(s) en"),
    (module(catalog=(entry(title={"en": "Permit"}),)),
     "catalog entry 'izin' title has no text for locale(s) id"),
    (module(catalog=(entry(summary={"id": "Izin"}),)),
     "catalog entry 'izin' summary has no text for locale(s) en"),
])
def test_missing_locale(refusal, descriptor, message):
    assert refusal(descriptor) == f"service module 'uji': {message}"


@pytest.mark.parametrize(("descriptor", "message"), [
    (module(scopes=(Scope("lain.read", TEXT),)), "scope 'lain.read' must start with 'uji.'"),
    (module(scopes=(Scope("ujian.read", TEXT),)), "scope 'ujian.read' must start with 'uji.'"),
    (module(roles=("lain.officer",)), "role 'lain.officer' must start with 'uji.'"),
    (module(config={"LAIN_LIMIT": 1}), "config key 'LAIN_LIMIT' must start with 'UJI_'"),
    (module(config={"UJILIMIT": 1}), "config key 'UJILIMIT' must start with 'UJI_'"),
    (module(provides={"lain.lookup": "x:y"}),
     "provided service 'lain.lookup' must be named 'uji' or 'uji.*'"),
    (module(provides={"documents": "x:y"}), "provided service 'documents' must be named 'uji' or 'uji.*'"),
    (module(agency="Bad Agency"), "agency code 'Bad Agency' is not valid"),
    (module(version="one"), "version 'one' is not a semantic version"),
    (module(catalog=(entry(), entry())), "catalog entry code 'izin' is used twice"),
    (module(catalog=(entry(assurance="ial9"),)), "catalog entry 'izin' has unknown assurance 'ial9'"),
])
def test_names_outside_the_module(refusal, descriptor, message):
    assert refusal(descriptor) == f"service module 'uji': {message}"


@pytest.mark.parametrize(("name", "url_prefix", "message"), [
    ("lain", f"{API_PREFIX}/uji", "blueprint 'lain' must be named 'uji' or 'uji_*'"),
    ("ujian", f"{API_PREFIX}/uji", "blueprint 'ujian' must be named 'uji' or 'uji_*'"),
    ("uji", f"{API_PREFIX}/lain",
     f"blueprint 'uji' must be mounted under {API_PREFIX}/uji (has '{API_PREFIX}/lain')"),
    ("uji", f"{API_PREFIX}/ujian", f"must be mounted under {API_PREFIX}/uji (has '{API_PREFIX}/ujian')"),
    ("uji_admin", "/uji", f"must be mounted under {API_PREFIX}/uji (has '/uji')"),
    ("uji", None, f"must be mounted under {API_PREFIX}/uji (has '')"),
])
def test_blueprint_outside_the_module(refusal, name, url_prefix, message):
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)
    assert message in refusal(module(blueprints=lambda: (blueprint,)))


def test_blueprints_inside_the_module_are_mounted(app_config):
    main = Blueprint("uji", __name__, url_prefix=f"{API_PREFIX}/uji")
    extra = Blueprint("uji_staf", __name__, url_prefix=f"{API_PREFIX}/uji/staf/")
    app = create_app(app_config, services=[module(blueprints=lambda: (main, extra))])
    assert {"uji", "uji_staf"} <= set(app.blueprints)


def test_missing_requirement(refusal):
    message = refusal(module(requires=("uji_lain.lookup",)))
    assert message == ("service module 'uji': requires 'uji_lain.lookup', which neither the platform "
                       "nor an enabled module provides")


def test_dependency_cycle(refusal):
    first = module("uji_a", requires=("uji_b",), provides={"uji_a.lookup": "x:y"})
    second = module("uji_b", requires=("uji_a.lookup",))
    assert refusal(first, second) == "service module 'uji_a': dependency cycle: uji_a -> uji_b -> uji_a"


def test_a_module_requiring_itself_is_not_a_cycle():
    selfish = module("uji", requires=("uji.lookup",), provides={"uji.lookup": "x:y"})
    assert install_order([selfish], []) == [selfish]


def test_providers_are_installed_before_the_modules_that_require_them():
    user = module("uji_a", requires=("uji_z.lookup", "regions"))
    provider = module("uji_z", provides={"uji_z.lookup": "x:y"})
    assert [m.slug for m in install_order([user, provider], ["regions"])] == ["uji_z", "uji_a"]


@pytest.mark.parametrize(("definition", "expected"), [
    ({"form": {"type": "objek"}}, "'objek' is not valid"),
    ({"states": {"survei": {"id": "Survei"}}}, "no text for locale(s) en"),
    ({"transitions": "edge"}, "edge between unknown states"),
    ({"fee": -1}, "negative fee"),
    ({"prefill": ("full_name",), "purpose": "tidak_ada"}, "undeclared purpose 'tidak_ada'"),
])
def test_refuses_an_invalid_case_definition_at_start(refusal, definition, expected):
    from app.contracts.cases import CaseDefinition, Transition

    if definition.get("transitions") == "edge":
        definition = {"transitions": (Transition("in_review", "survei", ("officer",)),)}
    message = refusal(module(catalog=(entry(case=CaseDefinition(**definition)),)))
    assert "'uji'" in message and "catalog entry 'izin'" in message and expected in message
