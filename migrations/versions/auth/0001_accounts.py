"""auth tables: accounts, recovery codes, one-time codes, login throttles, development outbox

Revision ID: auth_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "auth_0001"
down_revision = None
branch_labels = ("auth",)
depends_on = "core"


def upgrade() -> None:
    op.create_table(
        "auth_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(1), nullable=True),
        sa.Column("nik_hash", sa.String(64), nullable=True),
        sa.Column("nik_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("nik_key_id", sa.String(40), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("phone_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ial", sa.String(4), nullable=False),
        sa.Column("identity_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mfa_enabled", sa.Boolean(), nullable=False),
        sa.Column("mfa_secret_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("mfa_key_id", sa.String(40), nullable=True),
        sa.Column("mfa_last_step", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("agency_code", sa.String(40), nullable=True),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_out", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_code"], ["agency.code"],
                                name=op.f("fk_auth_account_agency_code_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_account")),
        sa.UniqueConstraint("nik_hash", name=op.f("uq_auth_account_nik_hash")),
        sa.UniqueConstraint("phone", name=op.f("uq_auth_account_phone")),
        sa.UniqueConstraint("email", name=op.f("uq_auth_account_email")),
    )
    op.create_index(op.f("ix_auth_account_agency_code"), "auth_account", ["agency_code"])
    op.create_table(
        "auth_recovery_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["auth_account.id"], ondelete="CASCADE",
                                name=op.f("fk_auth_recovery_code_account_id_auth_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_recovery_code")),
    )
    op.create_index(op.f("ix_auth_recovery_code_account_id"), "auth_recovery_code", ["account_id"])
    op.create_table(
        "auth_one_time_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("destination", sa.String(254), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["auth_account.id"], ondelete="CASCADE",
                                name=op.f("fk_auth_one_time_code_account_id_auth_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_one_time_code")),
        sa.UniqueConstraint("account_id", "purpose", name=op.f("uq_auth_one_time_code_account_id")),
    )
    op.create_table(
        "auth_login_throttle",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_out", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_login_throttle")),
    )
    op.create_table(
        "auth_outbox_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_outbox_message")),
    )
    op.create_index(op.f("ix_auth_outbox_message_recipient"), "auth_outbox_message", ["recipient"])


def downgrade() -> None:
    for table in ("auth_outbox_message", "auth_login_throttle", "auth_one_time_code",
                  "auth_recovery_code", "auth_account"):
        op.drop_table(table)
