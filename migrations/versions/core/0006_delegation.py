"""core tables: delegation (acting for another citizen)

Revision ID: 0006_delegation
Revises: 0005_documents
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_delegation"
down_revision = "0005_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delegation_delegation",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("grantor_id", sa.Uuid(), nullable=False),
        sa.Column("representative_id", sa.Uuid(), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_delegation")),
    )
    op.create_index("ix_delegation_delegation_grantor_id", "delegation_delegation", ["grantor_id"])
    op.create_index("ix_delegation_delegation_representative_id", "delegation_delegation",
                    ["representative_id"])


def downgrade() -> None:
    op.drop_index("ix_delegation_delegation_representative_id", table_name="delegation_delegation")
    op.drop_index("ix_delegation_delegation_grantor_id", table_name="delegation_delegation")
    op.drop_table("delegation_delegation")
