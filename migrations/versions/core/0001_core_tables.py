"""core tables: module state, revisions, reference data, catalog with full-text search

Revision ID: 0001_core
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = ("core",)
depends_on = None

SQLITE_SEARCH = [
    # External-content FTS5 over catalog_entry.search_text, kept in step by triggers.
    "CREATE VIRTUAL TABLE catalog_fts USING fts5(search_text, content='catalog_entry', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER catalog_entry_fts_insert AFTER INSERT ON catalog_entry BEGIN "
    "INSERT INTO catalog_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER catalog_entry_fts_delete AFTER DELETE ON catalog_entry BEGIN "
    "INSERT INTO catalog_fts(catalog_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER catalog_entry_fts_update AFTER UPDATE OF search_text ON catalog_entry BEGIN "
    "INSERT INTO catalog_fts(catalog_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO catalog_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
]
POSTGRES_SEARCH = [
    "ALTER TABLE catalog_entry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX ix_catalog_entry_search_vector ON catalog_entry USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "module_state",
        sa.Column("slug", sa.String(32), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_module_state")),
    )
    op.create_table(
        "revision",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_revision")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.String(13), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("parent_code", sa.String(13), nullable=True),
        sa.Column("timezone", sa.String(4), nullable=False),
        sa.ForeignKeyConstraint(["parent_code"], ["region.code"],
                                name=op.f("fk_region_parent_code_region")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    op.create_index(op.f("ix_region_parent_code"), "region", ["parent_code"])
    op.create_table(
        "agency",
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=True),
        sa.Column("name_id", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"],
                                name=op.f("fk_agency_region_code_region")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_agency")),
    )
    op.create_index(op.f("ix_agency_region_code"), "agency", ["region_code"])
    op.create_table(
        "catalog_category",
        sa.Column("slug", sa.String(40), nullable=False),
        sa.Column("icon", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.String(120), nullable=False),
        sa.Column("title_en", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_catalog_category")),
    )
    op.create_table(
        "catalog_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("module_slug", sa.String(32), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("category_slug", sa.String(40), nullable=False),
        sa.Column("agency_code", sa.String(40), nullable=False),
        sa.Column("title_id", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("summary_id", sa.Text(), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("keywords_id", sa.Text(), nullable=False),
        sa.Column("keywords_en", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("assurance", sa.String(8), nullable=False),
        sa.Column("deep_link", sa.String(300), nullable=False),
        sa.Column("icon", sa.String(40), nullable=False),
        sa.Column("nationwide", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_code"], ["agency.code"],
                                name=op.f("fk_catalog_entry_agency_code_agency")),
        sa.ForeignKeyConstraint(["category_slug"], ["catalog_category.slug"],
                                name=op.f("fk_catalog_entry_category_slug_catalog_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_entry")),
        sa.UniqueConstraint("module_slug", "code", name=op.f("uq_catalog_entry_module_slug")),
    )
    op.create_index(op.f("ix_catalog_entry_agency_code"), "catalog_entry", ["agency_code"])
    op.create_index(op.f("ix_catalog_entry_category_slug"), "catalog_entry", ["category_slug"])
    op.create_index(op.f("ix_catalog_entry_module_slug"), "catalog_entry", ["module_slug"])
    op.create_index("ix_catalog_entry_title_en", "catalog_entry", ["title_en"])
    op.create_index("ix_catalog_entry_title_id", "catalog_entry", ["title_id"])
    op.create_table(
        "catalog_entry_region",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["catalog_entry.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_entry_region_entry_id_catalog_entry")),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"],
                                name=op.f("fk_catalog_entry_region_region_code_region")),
        sa.PrimaryKeyConstraint("entry_id", "region_code", name=op.f("pk_catalog_entry_region")),
    )
    op.create_index(op.f("ix_catalog_entry_region_region_code"), "catalog_entry_region",
                    ["region_code"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_SEARCH, "postgresql": POSTGRES_SEARCH}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS catalog_entry_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS catalog_fts")
    for table in ("catalog_entry_region", "catalog_entry", "catalog_category", "agency", "region",
                  "revision", "module_state"):
        op.drop_table(table)
