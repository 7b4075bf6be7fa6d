"""Notification fixtures: a template registered the way a module registers its texts, and
`send(account, ...)` sending through the "notifications" service and committing."""

import pytest

from app.i18n import register
from app.registry import services

TEMPLATE = "pengumuman.permit_approved"
register({
    f"{TEMPLATE}.title": {"id": "Izin {number} disetujui", "en": "Permit {number} approved"},
    f"{TEMPLATE}.body": {"id": "Izin keramaian Anda untuk {event} telah disetujui.",
                         "en": "Your crowd permit for {event} has been approved."},
})
PARAMS = {"number": "IK/2026/0042", "event": "Festival Braga"}


@pytest.fixture
def send(app, db_session):
    """`send(account, **overrides)` -> notification id (committed)."""

    def make(account, *, template=TEMPLATE, params=PARAMS, category="cases", module="pengumuman", **extra):
        notification_id = services().get("notifications").notify(
            account.id, template, params, category=category, module=module, **extra)
        db_session.commit()
        return notification_id

    return make


@pytest.fixture
def inbox(citizen, account_headers):
    return account_headers(citizen, "notifications")
