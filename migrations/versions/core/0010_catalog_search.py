"""core: catalog search ranking (title matches first, then the shorter entries) that a page can
follow without sorting every match

Revision ID: 0010_catalog_search
Revises: 0009_payments
Create Date: 2026-11-28
"""

from alembic import op

revision = "0010_catalog_search"
down_revision = "0009_payments"
branch_labels = None
depends_on = None

POSTGRES_UP = [
    # Which entries' titles match a query (GIN, for tiers with few matches), and a short rank key.
    "ALTER TABLE catalog_entry ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', title_id || ' ' || title_en)) STORED",
    "ALTER TABLE catalog_entry ADD COLUMN title_length integer "
    "GENERATED ALWAYS AS (char_length(title_id) + char_length(title_en)) STORED",
    "CREATE INDEX ix_catalog_entry_title_vector ON catalog_entry USING gin (title_vector)",
    # A page of a broad search walks this index in rank order, reading both vectors from the index
    # itself (an index-only scan): no visit to the wide catalog rows it passes over.
    "CREATE INDEX ix_catalog_entry_search_rank ON catalog_entry (title_length, id) "
    "INCLUDE (search_vector, title_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_catalog_entry_search_rank",
    "DROP INDEX IF EXISTS ix_catalog_entry_title_vector",
    "ALTER TABLE catalog_entry DROP COLUMN IF EXISTS title_length",
    "ALTER TABLE catalog_entry DROP COLUMN IF EXISTS title_vector",
]


def upgrade() -> None:
    # SQLite ranks with FTS5's bm25 and compares titles directly (app/catalog/search.py).
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
