"""Notification tables (branch "core", prefix notifications_).

The inbox stores the template and its parameters, not rendered text: each reader sees it in
their own language, and a text fixed later shows fixed everywhere.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

INBOX, EMAIL, PUSH = "inbox", "email", "push"
CHANNELS = (INBOX, EMAIL, PUSH)
OPTIONAL_CHANNELS = (EMAIL, PUSH)  # the inbox is always on
ALL_CATEGORIES = "*"  # a channel switched off for every category


class Notification(IdMixin, Base):
    __tablename__ = "notifications_notification"
    __table_args__ = (
        Index("ix_notifications_notification_subject_id_created_at", "subject_id", "created_at"),
        # The unread count is an index-only count over this partial index.
        Index("ix_notifications_notification_unread", "subject_id",
              postgresql_where=text("read_at IS NULL"), sqlite_where=text("read_at IS NULL")),
    )

    subject_id: Mapped[uuid.UUID]  # the citizen's account id
    template: Mapped[str] = mapped_column(String(80))  # texts <template>.title / <template>.body
    params: Mapped[dict] = mapped_column(JSON)
    category: Mapped[str] = mapped_column(String(20))
    module: Mapped[str] = mapped_column(String(32))  # module slug or core capability that sent it
    link: Mapped[str] = mapped_column(String(500), default="")
    case_id: Mapped[uuid.UUID | None]
    document_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class MutedChannel(Base):
    """The citizen switched `channel` off for `category` ("*": for every category).
    Everything not listed is on, so a new category reaches citizens until they say otherwise."""

    __tablename__ = "notifications_muted"

    subject_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)


class Device(IdMixin, Base):
    """A device's push registration token (FCM). Deactivated when FCM says it is unregistered."""

    __tablename__ = "notifications_device"

    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256: one owner per token
    platform: Mapped[str] = mapped_column(String(10))  # android | ios | web
    label: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]


class DevelopmentDelivery(IdMixin, Base):
    """What the development channel "sent" (embedded default and tests): one row per delivery."""

    __tablename__ = "notifications_dev_delivery"

    notification_id: Mapped[uuid.UUID] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(Text)  # an address or a push token
    locale: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
