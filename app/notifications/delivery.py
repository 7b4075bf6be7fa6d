"""Outbox consumers that carry a notification beyond the inbox: one per channel, so a failing
channel is retried on its own (each has its own receipt) without repeating the others."""

from __future__ import annotations

import uuid

from flask import current_app

from app import i18n
from app.db import session, utcnow
from app.notifications import templates
from app.notifications.channels import Outgoing, email_channel, push_channel
from app.notifications.models import EMAIL, PUSH, Notification
from app.notifications.preferences import active_devices, allowed


def _notification_and_account(payload: dict, channel: str):
    """The notification and its citizen, or None when this channel has nothing to do."""
    from auth.accounts.models import Account

    db = session()
    notification = db.get(Notification, uuid.UUID(payload["notification"]))
    if notification is None or not allowed(notification.subject_id, channel, notification.category):
        return None
    account = db.get(Account, notification.subject_id)
    if account is None or not account.is_active:
        return None
    return notification, account


def _locale(account) -> str:
    return account.locale if account.locale in i18n.LOCALES else i18n.DEFAULT_LOCALE


def absolute(link: str) -> str:
    base = current_app.config["NOTIFICATIONS_LINK_BASE"].rstrip("/")
    return base + link if link.startswith("/") and base else link


def deliver_email(_message_id: uuid.UUID, payload: dict) -> None:
    channel = email_channel()
    found = _notification_and_account(payload, EMAIL) if channel else None
    if found is None:
        return
    notification, account = found
    if not account.email or account.email_verified_at is None:
        return  # only to an address the citizen proved is theirs
    locale = _locale(account)
    title, body = templates.render(notification.template, notification.params, locale)
    channel.send(Outgoing(notification.id, account.email, locale, title, body, absolute(notification.link)))


def deliver_push(_message_id: uuid.UUID, payload: dict) -> None:
    channel = push_channel()
    found = _notification_and_account(payload, PUSH) if channel else None
    if found is None:
        return
    notification, account = found
    devices = active_devices(account.id)
    if not devices:
        return
    locale = _locale(account)
    title, body = templates.render(notification.template, notification.params, locale)
    data = {"notification_id": str(notification.id), "category": notification.category,
            "module": notification.module}
    for key in ("case_id", "document_id"):
        if getattr(notification, key) is not None:
            data[key] = str(getattr(notification, key))
    for device in devices:
        delivered = channel.send(Outgoing(notification.id, device.token, locale, title, body,
                                          absolute(notification.link), data))
        if not delivered:
            device.active, device.deactivated_at = False, utcnow()
