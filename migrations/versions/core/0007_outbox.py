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


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
