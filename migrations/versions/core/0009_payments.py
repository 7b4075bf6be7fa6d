"""core tables: payments

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
    pass


def downgrade() -> None:
    pass
