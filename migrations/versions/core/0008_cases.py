"""core tables: cases

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
    pass


def downgrade() -> None:
    pass
