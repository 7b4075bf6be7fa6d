"""Alembic environment: runs inside the Flask app given in config.attributes["app"]."""

from __future__ import annotations

from alembic import context

from app.db import Base, UTCDateTime
from app.migrate import owned_tables

config = context.config
app = config.attributes["app"]
branch = config.attributes.get("branch")
tables = owned_tables(app, branch)
# Objects the migrations own but the ORM does not map (FTS tables, search columns).
UNMAPPED = {"catalog_fts", "search_vector", "ix_catalog_entry_search_vector"}


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table":
        return name in tables and name not in UNMAPPED
    if name in UNMAPPED:
        return False
    table = getattr(obj, "table", None)
    return table is None or table.name in tables


def include_name(name, type_, parent_names):
    if type_ == "table":
        return name in tables and not name.startswith("catalog_fts")
    return name not in UNMAPPED


def render_item(type_, obj, autogen_context):
    """Write platform column types as plain SQLAlchemy types so migrations stand alone."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    engine = app.extensions["satupintu.engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            include_name=include_name,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
