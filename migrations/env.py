"""Alembic environment: runs inside the Flask app given in config.attributes["app"]."""

from __future__ import annotations

from alembic import context

from app.db import Base, UTCDateTime
from app.migrate import comparison_filters, owned_tables

config = context.config
app = config.attributes["app"]
tables = owned_tables(app, config.attributes.get("branch"))


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
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
            **comparison_filters(tables),
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
