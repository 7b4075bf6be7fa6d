"""The inbox: notify (for modules and capabilities), read and mark read (for the citizen).

notify() joins the caller's transaction: the inbox row and the outbox message that delivers it
to other channels commit with the change that caused them, or not at all.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, select, update

from app.changes import cache
from app.contracts.notifications import CATEGORIES
from app.db import new_id, read_rows, session, utcnow
from app.notifications import templates
from app.notifications.models import Notification
from app.problems import Problem

DELIVER_TOPIC = "notifications.deliver"
# Core capabilities that send notifications themselves (modules send as their slug).
CORE_SENDERS = frozenset({"platform", "auth", "profile", "consent", "documents", "delegation", "cases",
                          "payments", "notifications"})
LINK = re.compile(r"^(/|https://|satupintu://)[^\s\x00-\x1f\x7f]*\Z")
PARAMS_MAX_BYTES = 4096


def notify(subject: uuid.UUID, template: str, params: Mapping[str, Any], *, category: str, module: str,
           link: str = "", case_id: uuid.UUID | None = None,
           document_id: uuid.UUID | None = None) -> uuid.UUID:
    if category not in CATEGORIES:
        raise ValueError(f"unknown notification category {category!r} (one of {', '.join(CATEGORIES)})")
    if module not in CORE_SENDERS and module not in current_app.extensions["satupintu.modules"]:
        raise ValueError(f"no installed module {module!r}")
    if link and (len(link) > 500 or not LINK.match(link)):
        raise ValueError("link must be a path, an https:// or a satupintu:// URL of at most 500 characters")
    params = dict(params)
    if len(json.dumps(params, ensure_ascii=False).encode()) > PARAMS_MAX_BYTES:  # TypeError: not JSON
        raise ValueError("notification params too large")
    templates.check(template, params)
    _check_subject(subject)
    notification = Notification(id=new_id(), subject_id=subject, template=template, params=params,
                                category=category, module=module, link=link, case_id=case_id,
                                document_id=document_id, created_at=utcnow())
    session().add(notification)
    config = current_app.config
    if config["NOTIFICATIONS_EMAIL"] != "off" or config["NOTIFICATIONS_PUSH"] != "off":
        from app.outbox import publish

        publish(DELIVER_TOPIC, {"notification": str(notification.id)})
    return notification.id


def _check_subject(subject: uuid.UUID) -> None:
    from auth.accounts.models import Account

    if not isinstance(subject, uuid.UUID) or session().get(Account, subject) is None:
        raise ValueError(f"no account {subject}")


class NotificationsService:
    """Implements app.contracts.notifications.Notifications."""

    def notify(self, subject, template, params, *, category, module, link="", case_id=None,
               document_id=None):
        return notify(subject, template, params, category=category, module=module, link=link,
                      case_id=case_id, document_id=document_id)


# -- the citizen's inbox ---------------------------------------------------------------------------

def view(notification: Notification, locale: str) -> dict:
    title, body = templates.render(notification.template, notification.params, locale)
    return {"id": notification.id, "title": title, "body": body, "link": notification.link,
            "category": notification.category, "module": notification.module,
            "case_id": notification.case_id, "document_id": notification.document_id,
            "read": notification.read_at is not None, "read_at": notification.read_at,
            "created_at": notification.created_at}


def list_inbox(subject: uuid.UUID, *, unread: bool | None, category: str | None, page: int,
               per_page: int) -> tuple[list[Notification], int]:
    conditions = [Notification.subject_id == subject]
    if unread is not None:
        conditions.append(Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None))
    if category:
        conditions.append(Notification.category == category)
    db = session()
    total = db.scalar(select(func.count()).select_from(Notification).where(*conditions))
    rows = db.scalars(select(Notification).where(*conditions)
                      .order_by(Notification.created_at.desc(), Notification.id.desc())
                      .limit(per_page).offset((page - 1) * per_page)).all() if total else []
    return list(rows), total


def own(subject: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    """The citizen's notification; someone else's answers exactly like one that does not exist."""
    notification = session().scalars(select(Notification).where(
        Notification.id == notification_id, Notification.subject_id == subject)).first()
    if notification is None:
        raise Problem(404)
    return notification


def mark_read(subject: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    db = session()
    db.execute(update(Notification).where(
        Notification.id == notification_id, Notification.subject_id == subject,
        Notification.read_at.is_(None)).values(read_at=utcnow()))
    notification = own(subject, notification_id)
    db.commit()
    return notification


def mark_all_read(subject: uuid.UUID, category: str | None = None) -> int:
    conditions = [Notification.subject_id == subject, Notification.read_at.is_(None)]
    if category:
        conditions.append(Notification.category == category)
    db = session()
    marked = db.execute(update(Notification).where(*conditions).values(read_at=utcnow())).rowcount
    db.commit()
    return marked


@functools.cache
def _unread_statement():
    """Built once, on the table (Core: no ORM compile step): a count over the partial index of
    unread rows, with no table access on PostgreSQL."""
    table = Notification.__table__
    return (select(func.count().label("unread")).select_from(table)
            .where(table.c.subject_id == bindparam("subject"), table.c.read_at.is_(None)))


def unread_count(subject: uuid.UUID) -> int:
    """The badge, which apps ask for on every screen: one statement with no transaction around
    it (read_rows), and on PostgreSQL remembered per process until the inbox's trigger says a
    notification was added, read or removed (app.changes)."""
    return cache("unread").remember(subject, (f"inbox:{subject}",),
                                    lambda: read_rows(_unread_statement(), {"subject": subject})[0].unread)


def export(subject: uuid.UUID) -> dict | None:
    """What the platform holds for the citizen's notifications, for the data export (UU PDP access
    right): the inbox (rendered in Indonesian, with template and parameters), the preferences they
    changed and their push devices (without the tokens). None when there is nothing."""
    from app.notifications.models import MutedChannel
    from app.notifications.preferences import get_preferences, list_devices

    db = session()
    rows = db.scalars(select(Notification).where(Notification.subject_id == subject)
                      .order_by(Notification.created_at))
    inbox = [{**view(row, "id"), "template": row.template, "params": row.params} for row in rows]
    devices = [{"id": d.id, "platform": d.platform, "label": d.label, "active": d.active,
                "created_at": d.created_at, "deactivated_at": d.deactivated_at}
               for d in list_devices(subject)]
    changed = db.scalar(select(MutedChannel.channel).where(MutedChannel.subject_id == subject).limit(1))
    if not inbox and not devices and changed is None:
        return None
    preferences = get_preferences(subject)
    return {"inbox": inbox, "devices": devices,
            "preferences": {"channels": preferences["channels"], "categories": preferences["categories"]}}
