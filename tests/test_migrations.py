"""The migrations and the models agree, on whichever database the suite runs on."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db import Base
from app.migrate import alembic_config, comparison_filters, owned_tables


def test_autogenerate_finds_no_difference(app):
    engine = app.extensions["satupintu.engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, **comparison_filters(owned_tables(app, None))},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_heads_applies_every_revision(app):
    scripts = ScriptDirectory.from_config(alembic_config(app))
    engine = app.extensions["satupintu.engine"]
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    applied = {r.revision for r in scripts.iterate_revisions(tuple(current), "base")}
    assert applied == {r.revision for r in scripts.walk_revisions()}


def test_each_enabled_module_has_its_own_labelled_branch(app):
    scripts = ScriptDirectory.from_config(alembic_config(app))
    labels = {label for revision in scripts.walk_revisions() for label in revision.branch_labels}
    assert {"core", *app.extensions["satupintu.migrations"]} <= labels


def test_module_tables_belong_to_their_module(app):
    for table, owner in app.extensions["satupintu.tables"].items():
        if owner not in ("core", "auth"):
            assert table.startswith(f"{owner}_")
