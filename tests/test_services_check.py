"""`flask services check` refuses what start-up would let through: routes without an access rule,
catalog entries naming unknown agencies or categories, and a migration branch that is not labelled
with the slug or not rooted on core. (Model/migration disagreement: tests/test_scaffold.py.)"""

from __future__ import annotations

import pytest

from app import create_app
from app.access import public
from app.api import API_PREFIX, Blueprint
from app.modules import check
from app.modules.descriptor import CatalogEntry, ServiceModule
from app.modules.validate import ModuleError

TEXT = {"id": "Uji", "en": "Test"}


def module(slug: str, **fields) -> ServiceModule:
    return ServiceModule(**{"slug": slug, "title": TEXT, "agency": "kemendagri", "version": "1.0.0",
                            "package": f"tests_{slug}", **fields})


def installed(app_config, tmp_path, *modules):
    return create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'check.db'}"},
                      services=list(modules))


def test_a_route_without_access_rule_is_refused(app_config, tmp_path):
    blp = Blueprint("cekrute", __name__, url_prefix=f"{API_PREFIX}/cekrute")

    @blp.route("/open")
    @public
    def declared():
        return {}

    @blp.route("/forgotten")
    def forgotten():
        return {}

    mod = module("cekrute", blueprints=lambda: (blp,))
    app = installed(app_config, tmp_path, mod)
    with pytest.raises(ModuleError, match=r"route 'cekrute\.forgotten' declares no access rule"):
        check._check_routes(app, mod)


def test_routes_with_access_rules_are_counted(app_config, tmp_path):
    blp = Blueprint("cekbaik", __name__, url_prefix=f"{API_PREFIX}/cekbaik")

    @blp.route("/one")
    @public
    def one():
        return {}

    mod = module("cekbaik", blueprints=lambda: (blp,))
    assert check._check_routes(installed(app_config, tmp_path, mod), mod) == 1


@pytest.mark.parametrize(("entry", "message"), [
    ({"agency": "bapenda-99"}, "names agency 'bapenda-99', which is not in the reference data"),
    ({"category": "hiburan"}, "names unknown category 'hiburan'"),
])
def test_catalog_entries_must_name_shipped_agencies_and_categories(entry, message):
    fields = {"code": "izin", "title": TEXT, "summary": TEXT, "category": "perizinan", **entry}
    with pytest.raises(ModuleError, match=message):
        check._check_catalog(module("cekkatalog", catalog=(CatalogEntry(**fields),)))
    check._check_catalog(module("cekkatalog", catalog=(CatalogEntry(**{**fields, **{
        "agency": None, "category": "perizinan"}}),)))  # the module's own agency is shipped


MIGRATION = '''
revision = "{slug}_0001"
down_revision = None
branch_labels = {labels!r}
depends_on = {depends!r}


def upgrade():
    pass


def downgrade():
    pass
'''


@pytest.fixture
def package_with_migration(tmp_path, monkeypatch):
    """`make(slug, labels, depends)`: an importable package whose migrations hold one revision."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(slug, labels, depends) -> ServiceModule:
        folder = tmp_path / f"tests_{slug}" / "migrations"
        folder.mkdir(parents=True)
        (folder.parent / "__init__.py").write_text("")
        (folder / "0001_first.py").write_text(MIGRATION.format(slug=slug, labels=labels, depends=depends))
        return module(slug, migrations="migrations")

    return make


@pytest.mark.parametrize(("slug", "labels", "depends", "message"), [
    ("cekmig_a", (), "core", "first migration cekmig_a_0001 must carry branch label 'cekmig_a'"),
    ("cekmig_b", ("lain",), "core", "must carry branch label 'cekmig_b'"),
    ("cekmig_c", ("cekmig_c",), None, "first migration cekmig_c_0001 must depend on core"),
])
def test_migration_branch_must_be_labelled_and_rooted_on_core(
        app_config, tmp_path, package_with_migration, slug, labels, depends, message):
    mod = package_with_migration(slug, labels, depends)
    app = installed(app_config, tmp_path, mod)
    with pytest.raises(ModuleError, match=message):
        list(check._check_migrations(app, mod))


def test_a_labelled_branch_rooted_on_core_passes(app_config, tmp_path, package_with_migration):
    mod = package_with_migration("cekmig_ok", ("cekmig_ok",), "core")
    lines = list(check._check_migrations(installed(app_config, tmp_path, mod), mod))
    assert lines == ["migrations: 1 revision(s) on branch 'cekmig_ok'",
                     "schema: the migrations build exactly the module's models"]
