"""core tables: outbox and notifications

Revision ID: 0007_outbox
Revises: 0006_delegation
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa

revision = "0007_outbox"
down_revision = "0006_delegation"
branch_labels = None
depends_on = None


PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["next_attempt_at"],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index("ix_outbox_message_status_created_at", "outbox_message", ["status", "created_at"])
    op.create_table(
        "outbox_receipt",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["outbox_message.id"], ondelete="CASCADE",
                                name=op.f("fk_outbox_receipt_message_id_outbox_message")),
        sa.PrimaryKeyConstraint("message_id", "consumer", name=op.f("pk_outbox_receipt")),
    )


def downgrade() -> None:
    op.drop_table("outbox_receipt")
    op.drop_index("ix_outbox_message_status_created_at", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_table("outbox_message")
