"""core: the catalog is searched in memory (app/catalog/index.py), so the database's full-text
objects go: SQLite's FTS5 table and its triggers, PostgreSQL's search vectors, their indexes and
the search spans with their trigger (each kept in step on every catalog write, for nothing)

Revision ID: 0014_catalog_search_index
Revises: 0013_catalog_search_speed
Create Date: 2026-11-28
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0014_catalog_search_index"
down_revision = "0013_catalog_search_speed"
branch_labels = None
depends_on = None


def _earlier(name: str):
    """An earlier migration of this folder, whose statements the downgrade runs again."""
    spec = importlib.util.spec_from_file_location(f"catalog_search_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS catalog_entry_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS catalog_fts")
    elif dialect == "postgresql":
        statements = [*_earlier("0013_catalog_search_speed").POSTGRES_DOWN,
                      *_earlier("0010_catalog_search").POSTGRES_DOWN,
                      "DROP INDEX IF EXISTS ix_catalog_entry_search_vector",
                      "ALTER TABLE catalog_entry DROP COLUMN IF EXISTS search_vector"]
        for statement in statements:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    first = _earlier("0001_core_tables")
    if dialect == "sqlite":
        statements = [*first.SQLITE_SEARCH, "INSERT INTO catalog_fts(catalog_fts) VALUES ('rebuild')"]
    elif dialect == "postgresql":
        statements = [*first.POSTGRES_SEARCH, *_earlier("0010_catalog_search").POSTGRES_UP,
                      *_earlier("0013_catalog_search_speed").POSTGRES_UP]
    else:
        statements = []
    for statement in statements:
        op.execute(statement)
