"""core tables: citizen profile (sealed field values with source and verification), change history

Revision ID: 0004_profile
Revises: 0003_consent
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa

revision = "0004_profile"
down_revision = "0003_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_profile",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_profile")),
        sa.UniqueConstraint("account_id", name=op.f("uq_profile_profile_account_id")),
    )
    op.create_table(
        "profile_field",
        sa.Column("profile_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("sealed_value", sa.LargeBinary(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profile_profile.id"], ondelete="CASCADE",
                                name=op.f("fk_profile_field_profile_id_profile_profile")),
        sa.PrimaryKeyConstraint("profile_id", "name", name=op.f("pk_profile_field")),
    )
    op.create_table(
        "profile_change",
        sa.Column("profile_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("sealed_old", sa.LargeBinary(), nullable=True),
        sa.Column("sealed_new", sa.LargeBinary(), nullable=True),
        sa.Column("old_source", sa.String(length=80), nullable=True),
        sa.Column("new_source", sa.String(length=80), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profile_profile.id"], ondelete="CASCADE",
                                name=op.f("fk_profile_change_profile_id_profile_profile")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_change")),
    )
    op.create_index("ix_profile_change_profile_id_version", "profile_change",
                    ["profile_id", "version"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_profile_change_profile_id_version", table_name="profile_change")
    op.drop_table("profile_change")
    op.drop_table("profile_field")
    op.drop_table("profile_profile")
