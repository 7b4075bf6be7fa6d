"""core: the change feed's trigger function, and notices when a citizen's inbox changes

PostgreSQL only (elsewhere nothing listens; see app/changes.py). `satupintu_notify_change(tag,
column)` sends `NOTIFY satupintu_changes, '<tag>:<value of column>'` for the changed row; the
notice goes out when the changing transaction commits. Here: `inbox:<subject>` whenever a
notification is added, read or removed (the unread count). Auth's triggers use it too (auth 0003).

Revision ID: 0011_change_feed
Revises: 0010_catalog_search
Create Date: 2026-11-28
"""

from alembic import op

revision = "0011_change_feed"
down_revision = "0010_catalog_search"
branch_labels = None
depends_on = None

# TG_ARGV[0] is the tag, TG_ARGV[1] the column naming the row: the old row's value, the new
# row's for an insert, and both when an update changes it (both rows' readers must hear of it).
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION satupintu_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_key text := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) ->> TG_ARGV[1] END;
    new_key text := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) ->> TG_ARGV[1] END;
BEGIN
    IF old_key IS NOT NULL THEN
        PERFORM pg_notify('satupintu_changes', TG_ARGV[0] || ':' || old_key);
    END IF;
    IF new_key IS DISTINCT FROM old_key AND new_key IS NOT NULL THEN
        PERFORM pg_notify('satupintu_changes', TG_ARGV[0] || ':' || new_key);
    END IF;
    RETURN NULL;
END $$
"""

INBOX_TRIGGER = (
    "CREATE TRIGGER notifications_inbox_changed "
    "AFTER INSERT OR DELETE OR UPDATE OF read_at, subject_id ON notifications_notification "
    "FOR EACH ROW EXECUTE FUNCTION satupintu_notify_change('inbox', 'subject_id')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(NOTIFY_FUNCTION)
    op.execute(INBOX_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS notifications_inbox_changed ON notifications_notification")
    op.execute("DROP FUNCTION IF EXISTS satupintu_notify_change()")
