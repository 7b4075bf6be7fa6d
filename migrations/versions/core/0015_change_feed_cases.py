"""core: change-feed notices when a citizen's cases change ("my cases" is remembered per process)

PostgreSQL only (elsewhere nothing listens), with the trigger function of core 0011:
`cases:<subject>` whenever one of a citizen's cases is added, changed or removed. The app
remembers the pages of their "my cases" list per process until such a notice names them
(app/cases/service.py, app/changes.py).

A transaction that sends a notice commits in turn with the others that do (docs/notifications.md).
Nearly every case write already does: a transition writes the citizen's notification, whose
inbox trigger (core 0011) notifies in the same transaction.

Revision ID: 0015_change_feed_cases
Revises: 0014_catalog_search_index
Create Date: 2026-11-28
"""

from alembic import op

revision = "0015_change_feed_cases"
down_revision = "0014_catalog_search_index"
branch_labels = None
depends_on = None

CASES_TRIGGER = ("CREATE TRIGGER cases_case_changed AFTER INSERT OR UPDATE OR DELETE ON cases_case "
                 "FOR EACH ROW EXECUTE FUNCTION satupintu_notify_change('cases', 'subject_id')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CASES_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS cases_case_changed ON cases_case")
