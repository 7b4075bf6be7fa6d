from __future__ import annotations

import uuid

from app.sdk import API_PREFIX, Blueprint, Problem, public
from services.pengumuman import service
from services.pengumuman.schemas import AnnouncementPage, AnnouncementQuery, AnnouncementSchema

blp = Blueprint("pengumuman", __name__, url_prefix=f"{API_PREFIX}/pengumuman",
                description="Agency announcements.")


@blp.route("/announcements")
@public
@blp.arguments(AnnouncementQuery, location="query", as_kwargs=True)
@blp.response(200, AnnouncementPage)
def list_announcements(page, per_page, **filters):
    """Announcements, newest first; `region` includes nationwide ones."""
    items, total = service.list_announcements(page=page, per_page=per_page, **filters)
    return {"items": items, "page": page, "per_page": per_page, "total": total}


@blp.route("/announcements/<uuid:announcement_id>")
@public
@blp.response(200, AnnouncementSchema)
def get_announcement(announcement_id: uuid.UUID):
    """One announcement."""
    found = service.get_announcement(announcement_id)
    if found is None:
        raise Problem(404)
    return found
