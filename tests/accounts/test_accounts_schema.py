"""The account tables belong to the "auth" migration branch, which starts at auth_0001."""

from alembic.script import ScriptDirectory

from app.migrate import alembic_config

AUTH_TABLES = {"auth_account", "auth_recovery_code", "auth_one_time_code", "auth_login_throttle",
               "auth_outbox_message"}


def test_account_tables_are_owned_by_the_auth_branch(app):
    owners = app.extensions["satupintu.tables"]
    assert {table: owners.get(table) for table in AUTH_TABLES} == dict.fromkeys(AUTH_TABLES, "auth")


def test_the_auth_branch_starts_at_auth_0001_after_core(app):
    scripts = ScriptDirectory.from_config(alembic_config(app))
    first = scripts.get_revision("auth_0001")
    assert first.down_revision is None
    assert first.branch_labels == {"auth"}
    assert first.dependencies == "core"
