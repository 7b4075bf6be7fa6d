"""core tables: cases (applications, their timeline, attachments, numbering)

Revision ID: 0008_cases
Revises: 0007_outbox
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa

revision = "0008_cases"
down_revision = "0007_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases_case",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("service", sa.String(length=80), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("fee", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_attempts", sa.Integer(), nullable=False),
        sa.Column("external_next_try", sa.DateTime(timezone=True), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases_case")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_case_number")),
    )
    op.create_index("ix_cases_case_subject_id_created_at", "cases_case", ["subject_id", "created_at"])
    op.create_index("ix_cases_case_agency_state_due_at", "cases_case", ["agency", "state", "due_at"])
    op.create_table(
        "cases_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_cases_counter")),
    )
    op.create_table(
        "cases_event",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("on_behalf_of", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases_case.id"], name=op.f("fk_cases_event_case_id_cases_case"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases_event")),
    )
    op.create_index("ix_cases_event_case_id_seq", "cases_event", ["case_id", "seq"], unique=True)
    op.create_table(
        "cases_attachment",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=120), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases_case.id"],
                                name=op.f("fk_cases_attachment_case_id_cases_case"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases_attachment")),
    )
    op.create_index("ix_cases_attachment_case_id", "cases_attachment", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_cases_attachment_case_id", table_name="cases_attachment")
    op.drop_table("cases_attachment")
    op.drop_index("ix_cases_event_case_id_seq", table_name="cases_event")
    op.drop_table("cases_event")
    op.drop_table("cases_counter")
    op.drop_index("ix_cases_case_agency_state_due_at", table_name="cases_case")
    op.drop_index("ix_cases_case_subject_id_created_at", table_name="cases_case")
    op.drop_table("cases_case")
