"""Page-number pagination with a hard cap on page size; bodies are {items, page, per_page, total}."""

from __future__ import annotations

import marshmallow as ma
from flask import Response

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100  # a constant, not a setting, so the OpenAPI document states the real limit


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(
        load_default=PAGE_SIZE_DEFAULT, validate=ma.validate.Range(min=1, max=PAGE_SIZE_MAX)
    )


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


def encoded_page(items: str, *, page: int, per_page: int, total: int) -> Response:
    """A page body around items already encoded as a JSON array (hot lists encode their rows
    directly, not through the page schema, which documents the same shape)."""
    body = f'{{"items":{items},"page":{page:d},"per_page":{per_page:d},"total":{total:d}}}'
    return Response(body, mimetype="application/json")
