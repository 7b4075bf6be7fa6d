"""Page-number pagination with a hard cap on page size; bodies are {items, page, per_page, total}."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1))

    @ma.post_load
    def _cap(self, data, **_kw):
        limit = current_app.config["PAGE_SIZE_MAX"]
        if data["per_page"] is None:
            data["per_page"] = current_app.config["PAGE_SIZE_DEFAULT"]
        elif data["per_page"] > limit:
            raise ma.ValidationError(
                f"Must be less than or equal to {limit}.", field_name="per_page"
            )
        return data


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema)),
            "page": ma.fields.Integer(),
            "per_page": ma.fields.Integer(),
            "total": ma.fields.Integer(),
        },
        name=name,
    )
