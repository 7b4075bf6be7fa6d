"""Per channel and per category preferences, and the push devices of a citizen.

Preferences are stored as what the citizen switched off (notifications_muted), so everything
is on until they say otherwise; the inbox cannot be switched off.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app import i18n
from app.contracts.notifications import CATEGORIES
from app.db import session, utcnow
from app.notifications.models import ALL_CATEGORIES, INBOX, OPTIONAL_CHANNELS, Device, MutedChannel
from app.problems import Problem


def get_preferences(subject: uuid.UUID) -> dict:
    muted = {(row.channel, row.category) for row in session().execute(
        select(MutedChannel.channel, MutedChannel.category).where(MutedChannel.subject_id == subject))}
    return {
        "channels": {INBOX: True, **{ch: (ch, ALL_CATEGORIES) not in muted for ch in OPTIONAL_CHANNELS}},
        "categories": {cat: {ch: (ch, cat) not in muted for ch in OPTIONAL_CHANNELS} for cat in CATEGORIES},
        "labels": {cat: i18n.t(f"notifications.category.{cat}") for cat in CATEGORIES},
    }


def put_preferences(subject: uuid.UUID, channels: Mapping[str, bool],
                    categories: Mapping[str, Mapping[str, bool]]) -> dict:
    """Replace the preferences: what is not given is on."""
    if channels.get(INBOX) is False:
        raise Problem(422, errors={"channels": {INBOX: [i18n.t("notifications.error.inbox_always_on")]}})
    off = {(ch, ALL_CATEGORIES) for ch in OPTIONAL_CHANNELS if channels.get(ch) is False}
    off |= {(ch, cat) for cat, switches in categories.items() for ch in OPTIONAL_CHANNELS
            if switches.get(ch) is False}
    db = session()
    db.execute(delete(MutedChannel).where(MutedChannel.subject_id == subject))
    db.add_all(MutedChannel(subject_id=subject, channel=ch, category=cat) for ch, cat in sorted(off))
    _commit_or_conflict()
    return get_preferences(subject)


def _commit_or_conflict() -> None:
    """Two concurrent writes of the same citizen's rows: the later one answers 409 (try again)."""
    db = session()
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Problem(409) from None


def allowed(subject: uuid.UUID, channel: str, category: str) -> bool:
    """May `channel` carry a notification of `category` to this citizen?"""
    muted = session().scalar(select(MutedChannel.category).where(
        MutedChannel.subject_id == subject, MutedChannel.channel == channel,
        MutedChannel.category.in_((category, ALL_CATEGORIES))).limit(1))
    return muted is None


# -- push devices ----------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(subject: uuid.UUID, token: str, platform: str, label: str) -> tuple[Device, bool]:
    """Register (or refresh) a device's push token; (device, created). A token registered by
    another account moves to this one (the phone changed hands or accounts)."""
    db = session()
    device = db.scalars(select(Device).where(Device.token_hash == token_hash(token))
                        .with_for_update()).first()
    created = device is None or device.subject_id != subject
    if device is not None and device.subject_id != subject:
        db.delete(device)
        db.flush()
    if created:
        device = Device(subject_id=subject, token=token, token_hash=token_hash(token), platform=platform,
                        label=label, active=True, created_at=utcnow())
        db.add(device)
    else:
        device.platform, device.label, device.active, device.deactivated_at = platform, label, True, None
    try:
        db.flush()
    except IntegrityError:  # registered concurrently by another request
        db.rollback()
        raise Problem(409) from None
    _keep_newest(subject, current_app.config["NOTIFICATIONS_MAX_DEVICES"])
    _commit_or_conflict()
    return device, created


def _keep_newest(subject: uuid.UUID, limit: int) -> None:
    db = session()
    stale = db.scalars(select(Device.id).where(Device.subject_id == subject)
                       .order_by(Device.created_at.desc(), Device.id).offset(limit)).all()
    if stale:
        db.execute(delete(Device).where(Device.id.in_(stale)))


def list_devices(subject: uuid.UUID) -> list[Device]:
    return list(session().scalars(select(Device).where(Device.subject_id == subject)
                                  .order_by(Device.created_at.desc())))


def unregister_device(subject: uuid.UUID, device_id: uuid.UUID) -> None:
    db = session()
    deleted = db.execute(delete(Device).where(Device.id == device_id, Device.subject_id == subject)).rowcount
    if not deleted:
        raise Problem(404)
    db.commit()


def active_devices(subject: uuid.UUID) -> list[Device]:
    return list(session().scalars(select(Device).where(Device.subject_id == subject, Device.active)
                                  .order_by(Device.created_at)))
