"""consent: requests, consents given, and the citizen-visible data-access log

Revision ID: 0003_consent
Revises: 0002_audit
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_consent"
down_revision = "0002_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_request",
        sa.Column("subject", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("consent_seconds", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_request")),
    )
    op.create_index("ix_consent_request_subject_created", "consent_request", ["subject", "created_at"])
    op.create_table(
        "consent_grant",
        sa.Column("subject", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["consent_request.id"],
                                name=op.f("fk_consent_grant_request_id_consent_request")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_grant")),
    )
    op.create_index("ix_consent_grant_subject_module_purpose", "consent_grant",
                    ["subject", "module", "purpose"])
    op.create_index("ix_consent_grant_subject_granted", "consent_grant", ["subject", "granted_at"])
    op.create_index(op.f("ix_consent_grant_request_id"), "consent_grant", ["request_id"])
    op.create_table(
        "consent_access_log",
        sa.Column("subject", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("allowed", sa.JSON(), nullable=False),
        sa.Column("refused", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(20), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_access_log")),
    )
    op.create_index("ix_consent_access_log_subject_time", "consent_access_log",
                    ["subject", "occurred_at", "id"])
    op.create_index("ix_consent_access_log_subject_module_time", "consent_access_log",
                    ["subject", "module", "occurred_at", "id"])


def downgrade() -> None:
    op.drop_table("consent_access_log")
    op.drop_table("consent_grant")
    op.drop_table("consent_request")
