from __future__ import annotations

import marshmallow as ma

from app.sdk import PageArgs, page_schema


class AnnouncementQuery(PageArgs):
    agency = ma.fields.String(validate=ma.validate.Length(max=40))
    region = ma.fields.String(validate=ma.validate.Regexp(r"^\d{2}(\.\d{2})*$"))


class AnnouncementSchema(ma.Schema):
    id = ma.fields.UUID()
    agency = ma.fields.String()
    region = ma.fields.String(allow_none=True)
    title = ma.fields.String()
    body = ma.fields.String()
    published_at = ma.fields.AwareDateTime()


AnnouncementPage = page_schema(AnnouncementSchema, "AnnouncementPage")
