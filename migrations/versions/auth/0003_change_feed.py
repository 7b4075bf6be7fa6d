"""change feed: notices on the channel app.changes listens to when an account or a grant changes

PostgreSQL only (elsewhere nothing listens). The notice is sent when the changing transaction
commits, and names the row: `account:<id>` for any change or removal of an account (status,
roles, MFA, profile fields), `grant:<id>` when a grant is revoked or removed.

Revision ID: auth_0003
Revises: auth_0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "auth_0003"
down_revision = "auth_0002"
branch_labels = None
depends_on = None

# TG_ARGV[0] is the tag, TG_ARGV[1] the column naming the row (the old row's, but for inserts).
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION satupintu_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('satupintu_changes', TG_ARGV[0] || ':' ||
        (CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END ->> TG_ARGV[1]));
    RETURN NULL;
END $$
"""

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
    op.execute(NOTIFY_FUNCTION)
    for name, definition in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table in TABLES.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS satupintu_notify_change()")
