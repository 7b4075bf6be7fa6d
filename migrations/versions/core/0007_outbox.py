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
UNREAD = sa.text("read_at IS NULL")


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
    op.create_table(
        "notifications_notification",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("template", sa.String(length=80), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications_notification")),
    )
    op.create_index("ix_notifications_notification_subject_id_created_at", "notifications_notification",
                    ["subject_id", "created_at"])
    op.create_index("ix_notifications_notification_unread", "notifications_notification", ["subject_id"],
                    postgresql_where=UNREAD, sqlite_where=UNREAD)
    op.create_table(
        "notifications_muted",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("subject_id", "channel", "category", name=op.f("pk_notifications_muted")),
    )
    op.create_table(
        "notifications_device",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_notifications_device_token_hash")),
    )
    op.create_index("ix_notifications_device_subject_id", "notifications_device", ["subject_id"])
    op.create_table(
        "notifications_dev_delivery",
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications_dev_delivery")),
    )
    op.create_index("ix_notifications_dev_delivery_notification_id", "notifications_dev_delivery",
                    ["notification_id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_dev_delivery_notification_id", table_name="notifications_dev_delivery")
    op.drop_table("notifications_dev_delivery")
    op.drop_index("ix_notifications_device_subject_id", table_name="notifications_device")
    op.drop_table("notifications_device")
    op.drop_table("notifications_muted")
    op.drop_index("ix_notifications_notification_unread", table_name="notifications_notification")
    op.drop_index("ix_notifications_notification_subject_id_created_at",
                  table_name="notifications_notification")
    op.drop_table("notifications_notification")
    op.drop_table("outbox_receipt")
    op.drop_index("ix_outbox_message_status_created_at", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_table("outbox_message")
