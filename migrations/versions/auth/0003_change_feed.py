"""change feed: notices on the channel app.changes listens to when an account or a grant changes

PostgreSQL only (elsewhere nothing listens), with the trigger function of core 0011. The notice
is sent when the changing transaction commits, and names the row: `account:<id>` for any change
or removal of an account (status, roles, MFA, profile fields), `grant:<id>` when a grant is
revoked or removed.

Revision ID: auth_0003
Revises: auth_0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "auth_0003"
down_revision = "auth_0002"
branch_labels = None
depends_on = "0011_change_feed"  # its trigger function

TRIGGERS = {
    "auth_account_changed": "AFTER UPDATE OR DELETE ON auth_account FOR EACH ROW "
                            "EXECUTE FUNCTION satupintu_notify_change('account', 'id')",
    "auth_grant_changed": "AFTER UPDATE OF revoked_at, account_id OR DELETE ON auth_grant FOR EACH ROW "
                          "EXECUTE FUNCTION satupintu_notify_change('grant', 'id')",
}
TABLES = {"auth_account_changed": "auth_account", "auth_grant_changed": "auth_grant"}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, definition in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table in TABLES.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
