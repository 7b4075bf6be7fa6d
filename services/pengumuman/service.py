from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select

from app.sdk import current_locale, session
from services.pengumuman.models import Announcement


def _view(row: Announcement) -> dict:
    en = current_locale() == "en"
    return {
        "id": row.id, "agency": row.agency_code, "region": row.region_code,
        "title": row.title_en if en else row.title_id,
        "body": row.body_en if en else row.body_id,
        "published_at": row.published_at,
    }


def list_announcements(*, agency=None, region=None, page: int, per_page: int):
    stmt = select(Announcement)
    if agency:
        stmt = stmt.where(Announcement.agency_code == agency)
    if region:
        province = region.split(".")[0]
        stmt = stmt.where(or_(Announcement.region_code.is_(None),
                              Announcement.region_code.in_({region, province})))
    db = session()
    total = db.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.scalars(stmt.order_by(Announcement.published_at.desc(), Announcement.id)
                      .limit(per_page).offset((page - 1) * per_page))
    return [_view(row) for row in rows], total


def get_announcement(announcement_id: uuid.UUID) -> dict | None:
    row = session().get(Announcement, announcement_id)
    return None if row is None else _view(row)
