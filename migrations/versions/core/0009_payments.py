"""core tables: payments (invoices, attempts, gateway events, flags, ledger, idempotency keys)

Revision ID: 0009_payments
Revises: 0008_cases
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa

revision = "0009_payments"
down_revision = "0008_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments_flag",
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("gateway", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("order_id", sa.String(length=50), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("agency", sa.String(length=40), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_flag")),
    )
    op.create_index("ix_payments_flag_agency_created_at", "payments_flag", ["agency", "created_at"], unique=False)
    op.create_table(
        "payments_gateway_event",
        sa.Column("gateway", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("order_id", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_gateway_event")),
        sa.UniqueConstraint("gateway", "event_id", name="uq_payments_gateway_event_gateway_event_id"),
    )
    op.create_table(
        "payments_idempotency_key",
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_idempotency_key")),
        sa.UniqueConstraint("scope", "key", name="uq_payments_idempotency_key_scope_key"),
    )
    op.create_index(op.f("ix_payments_idempotency_key_expires_at"), "payments_idempotency_key", ["expires_at"], unique=False)
    op.create_table(
        "payments_invoice",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_document_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_invoice")),
        sa.UniqueConstraint("module", "reference", name="uq_payments_invoice_module_reference"),
        sa.UniqueConstraint("number", name=op.f("uq_payments_invoice_number")),
    )
    op.create_index("ix_payments_invoice_agency_created_at", "payments_invoice", ["agency", "created_at"], unique=False)
    op.create_index(op.f("ix_payments_invoice_case_id"), "payments_invoice", ["case_id"], unique=False)
    op.create_index("ix_payments_invoice_status_due_at", "payments_invoice", ["status", "due_at"], unique=False)
    op.create_index("ix_payments_invoice_subject_id_created_at", "payments_invoice", ["subject_id", "created_at"], unique=False)
    op.create_table(
        "payments_sim_charge",
        sa.Column("order_id", sa.String(length=50), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_payments_sim_charge")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_payments_sim_charge_token_hash")),
    )
    op.create_table(
        "payments_attempt",
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("active_for", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.String(length=50), nullable=False),
        sa.Column("gateway", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("gateway_ref", sa.String(length=100), nullable=True),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["payments_invoice.id"], name=op.f("fk_payments_attempt_invoice_id_payments_invoice")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_attempt")),
        sa.UniqueConstraint("active_for", name=op.f("uq_payments_attempt_active_for")),
        sa.UniqueConstraint("order_id", name=op.f("uq_payments_attempt_order_id")),
    )
    op.create_index(op.f("ix_payments_attempt_invoice_id"), "payments_attempt", ["invoice_id"], unique=False)
    op.create_table(
        "payments_journal",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("gateway", sa.String(length=20), nullable=True),
        sa.Column("order_id", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["payments_invoice.id"], name=op.f("fk_payments_journal_invoice_id_payments_invoice")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_journal")),
        sa.UniqueConstraint("key", name=op.f("uq_payments_journal_key")),
    )
    op.create_index(op.f("ix_payments_journal_invoice_id"), "payments_journal", ["invoice_id"], unique=False)
    op.create_index(op.f("ix_payments_journal_order_id"), "payments_journal", ["order_id"], unique=False)
    op.create_table(
        "payments_ledger_entry",
        sa.Column("journal_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(length=80), nullable=False),
        sa.Column("debit", sa.BigInteger(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["journal_id"], ["payments_journal.id"], name=op.f("fk_payments_ledger_entry_journal_id_payments_journal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_ledger_entry")),
    )
    op.create_index(op.f("ix_payments_ledger_entry_account"), "payments_ledger_entry", ["account"], unique=False)
    op.create_index(op.f("ix_payments_ledger_entry_journal_id"), "payments_ledger_entry", ["journal_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_payments_ledger_entry_journal_id"), table_name="payments_ledger_entry")
    op.drop_index(op.f("ix_payments_ledger_entry_account"), table_name="payments_ledger_entry")
    op.drop_table("payments_ledger_entry")
    op.drop_index(op.f("ix_payments_journal_order_id"), table_name="payments_journal")
    op.drop_index(op.f("ix_payments_journal_invoice_id"), table_name="payments_journal")
    op.drop_table("payments_journal")
    op.drop_index(op.f("ix_payments_attempt_invoice_id"), table_name="payments_attempt")
    op.drop_table("payments_attempt")
    op.drop_table("payments_sim_charge")
    op.drop_index("ix_payments_invoice_subject_id_created_at", table_name="payments_invoice")
    op.drop_index("ix_payments_invoice_status_due_at", table_name="payments_invoice")
    op.drop_index(op.f("ix_payments_invoice_case_id"), table_name="payments_invoice")
    op.drop_index("ix_payments_invoice_agency_created_at", table_name="payments_invoice")
    op.drop_table("payments_invoice")
    op.drop_index(op.f("ix_payments_idempotency_key_expires_at"), table_name="payments_idempotency_key")
    op.drop_table("payments_idempotency_key")
    op.drop_table("payments_gateway_event")
    op.drop_index("ix_payments_flag_agency_created_at", table_name="payments_flag")
    op.drop_table("payments_flag")
