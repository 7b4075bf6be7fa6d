"""Delivery channels other than the inbox, chosen by configuration:
NOTIFICATIONS_EMAIL = development | smtp | off, NOTIFICATIONS_PUSH = development | fcm | off.

A channel raises on a failure it may recover from (the outbox retries with back-off); a push
channel answers False for a registration token that is no longer valid.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app

from app import i18n
from app.db import session
from app.notifications.models import EMAIL, PUSH, DevelopmentDelivery

log = logging.getLogger("satupintu.notifications")


class DeliveryFailed(RuntimeError):
    """The channel did not take the message this time (the outbox retries with back-off)."""


@dataclass(frozen=True)
class Outgoing:
    notification_id: uuid.UUID
    recipient: str  # an email address or a push registration token
    locale: str
    title: str
    body: str
    link: str = ""  # absolute when NOTIFICATIONS_LINK_BASE is set
    data: dict[str, str] = field(default_factory=dict)  # push data payload (ids, category)


class EmailChannel(Protocol):
    def send(self, message: Outgoing) -> None: ...


class PushChannel(Protocol):
    def send(self, message: Outgoing) -> bool: ...


class DevelopmentChannel:
    """Records each delivery in notifications_dev_delivery (in the delivery's transaction)."""

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message: Outgoing) -> bool:
        session().add(DevelopmentDelivery(
            notification_id=message.notification_id, channel=self.channel, recipient=message.recipient,
            locale=message.locale, title=message.title, body=message.body))
        log.info("development %s delivery of notification %s", self.channel, message.notification_id)
        return True


class SmtpEmail:
    """Email over SMTP with the platform's SMTP settings (the sender one-time codes use)."""

    def __init__(self, config):
        from auth.accounts.senders import SmtpSender

        self.sender = SmtpSender(host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]),
                                 security=config["SMTP_SECURITY"], username=config["SMTP_USERNAME"],
                                 password=config["SMTP_PASSWORD"], sender=config["SMTP_FROM"],
                                 timeout=float(config["SMTP_TIMEOUT"]))

    def send(self, message: Outgoing) -> None:
        from auth.accounts.senders import Message

        parts = [message.body]
        if message.link:
            parts.append(i18n.t("notifications.email.open", message.locale, link=message.link))
        parts.append("-- \n" + i18n.t("notifications.email.footer", message.locale))
        self.sender.send(Message(channel="email", recipient=message.recipient, subject=message.title,
                                 body="\n\n".join(parts)))


def email_channel() -> EmailChannel | None:
    choice = current_app.config["NOTIFICATIONS_EMAIL"]
    if choice == "off":
        return None
    if choice == "development":
        return DevelopmentChannel(EMAIL)
    if choice == "smtp":
        return SmtpEmail(current_app.config)
    raise ValueError(f"unknown NOTIFICATIONS_EMAIL channel {choice!r}")


def push_channel() -> PushChannel | None:
    choice = current_app.config["NOTIFICATIONS_PUSH"]
    if choice == "off":
        return None
    if choice == "development":
        return DevelopmentChannel(PUSH)
    if choice == "fcm":
        from app.notifications.fcm import fcm_client

        return fcm_client(current_app._get_current_object())
    raise ValueError(f"unknown NOTIFICATIONS_PUSH channel {choice!r}")
