"""A module's tables are named after it and come with migrations.

Each case is a real package written to a temporary directory, as an agency's would be. Its models
join the process-wide `app.db.Base.metadata`, so table names here are unique to this file (the
migration tests only look at the tables an app owns, which never include these).
"""

from __future__ import annotations

import sys
import textwrap

import pytest

from app import create_app
from app.modules.descriptor import ServiceModule
from app.modules.validate import ModuleError

MODELS = '''
from sqlalchemy import Integer
from sqlalchemy.orm import mapped_column

from app.sdk import Base


class Thing(Base):
    __tablename__ = "{table}"
    id = mapped_column(Integer, primary_key=True)
'''


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """`packages(slug, table, with_migrations)` writes and imports a module package once."""
    root = tmp_path_factory.mktemp("agency_packages")
    sys.path.insert(0, str(root))
    written = {}

    def write(slug: str, table: str, *, with_migrations: bool) -> str:
        name = f"tablepkg_{slug}"
        if name not in written:
            package = root / name
            package.mkdir()
            (package / "__init__.py").write_text("")
            (package / "models.py").write_text(textwrap.dedent(MODELS.format(table=table)))
            if with_migrations:
                (package / "migrations").mkdir()
            written[name] = table
        return name

    yield write
    sys.path.remove(str(root))


def descriptor(slug: str, package: str, migrations: str | None = "migrations") -> ServiceModule:
    return ServiceModule(slug=slug, title={"id": "Uji", "en": "Test"}, agency="kemendagri",
                         version="1.0.0", models=f"{package}.models", migrations=migrations,
                         package=package)


def test_tables_named_after_the_module_install(app_config, packages):
    package = packages("ujitabel", "ujitabel_things", with_migrations=True)
    app = create_app(app_config, services=[descriptor("ujitabel", package)])
    assert app.extensions["satupintu.tables"]["ujitabel_things"] == "ujitabel"
    assert app.extensions["satupintu.migrations"]["ujitabel"].endswith(f"{package}/migrations")


def test_table_outside_the_module_name_is_refused(app_config, packages):
    package = packages("ujiluar", "lain_things_from_ujiluar", with_migrations=True)
    with pytest.raises(ModuleError) as refused:
        create_app(app_config, services=[descriptor("ujiluar", package)])
    assert str(refused.value) == (
        "service module 'ujiluar': table 'lain_things_from_ujiluar' must be named 'ujiluar_*'")


def test_tables_without_migrations_are_refused(app_config, packages):
    package = packages("ujitanpa", "ujitanpa_things", with_migrations=False)
    with pytest.raises(ModuleError) as refused:
        create_app(app_config, services=[descriptor("ujitanpa", package, migrations=None)])
    assert str(refused.value) == "service module 'ujitanpa': has tables but no migrations folder"


def test_a_declared_migrations_folder_must_exist(app_config, packages):
    package = packages("ujihilang", "ujihilang_things", with_migrations=False)
    with pytest.raises(ModuleError, match=r"service module 'ujihilang': migrations folder .* is missing"):
        create_app(app_config, services=[descriptor("ujihilang", package)])


def test_models_that_cannot_be_imported_stop_the_start(app_config):
    broken = descriptor("ujirusak", "tablepkg_missing_entirely")
    with pytest.raises(ModuleError) as refused:
        create_app(app_config, services=[broken])
    assert str(refused.value).startswith(
        "service module 'ujirusak': cannot import models 'tablepkg_missing_entirely.models': No module")
