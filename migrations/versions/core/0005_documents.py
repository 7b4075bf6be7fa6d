"""core tables: documents wallet (issued documents, keys that signed them, share links)

Revision ID: 0005_documents
Revises: 0004_profile
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa

revision = "0005_documents"
down_revision = "0004_profile"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_document",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=True),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.String(length=200), nullable=True),
        sa.Column("superseded_by", sa.Uuid(), nullable=True),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_document")),
    )
    op.create_index("ix_document_document_subject_id_issued_at", "document_document",
                    ["subject_id", "issued_at"], unique=False)
    op.create_table(
        "document_signing_key",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("alg", sa.String(length=8), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_document_signing_key")),
    )
    op.create_table(
        "document_share",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_count", sa.Integer(), nullable=False),
        sa.Column("last_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document_document.id"], ondelete="CASCADE",
                                name=op.f("fk_document_share_document_id_document_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_share")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_document_share_token_hash")),
    )
    op.create_index(op.f("ix_document_share_document_id"), "document_share", ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_share_document_id"), table_name="document_share")
    op.drop_table("document_share")
    op.drop_table("document_signing_key")
    op.drop_index("ix_document_document_subject_id_issued_at", table_name="document_document")
    op.drop_table("document_document")
