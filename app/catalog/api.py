from __future__ import annotations

import uuid

from flask import Response, current_app, json

from app import i18n
from app.access import public
from app.api import API_PREFIX, Blueprint
from app.catalog import service
from app.catalog.schemas import CatalogQuery, CategorySchema, EntryPage, EntrySchema
from app.http_cache import LruCache, etag_for, not_modified
from app.problems import Problem
from app.state import platform_state

blp = Blueprint("catalog", __name__, url_prefix=f"{API_PREFIX}/catalog",
                description="Services citizens can use, across all agencies.")


def _listing_cache() -> LruCache:
    """Listings without a text query are few and hot (the home screen): keep their bodies.
    Searches are not kept: each one is answered from the database."""
    return current_app.extensions.setdefault("satupintu.catalog_cache", LruCache(256))


def _version_etag(*parts) -> str:
    snapshot = platform_state().snapshot()
    return etag_for(snapshot.revision(service.REVISION), sorted(snapshot.disabled),
                    i18n.current_locale(), *parts)


def _cacheable_json(body: bytes, etag: str) -> Response:
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@blp.route("")
@public
@blp.arguments(CatalogQuery, location="query", as_kwargs=True)
@blp.response(200, EntryPage)
def list_catalog(page, per_page, **filters):
    """List catalog entries, filtered and paginated, in the caller's language."""
    flt = service.CatalogFilter(**filters)
    etag = _version_etag("list", page, per_page, sorted(filters.items()))
    if (cached := not_modified(etag)) is not None:
        return cached
    if not flt.q and (body := _listing_cache().get(etag)) is not None:
        return _cacheable_json(body, etag)
    items, total = service.list_entries(flt, page=page, per_page=per_page)
    # The service returns plain, documented values (EntryPage), so they are encoded as they are.
    body = json.dumps({"items": items, "page": page, "per_page": per_page, "total": total}).encode()
    if not flt.q:
        _listing_cache().put(etag, body)
    return _cacheable_json(body, etag)


@blp.route("/categories")
@public
@blp.response(200, CategorySchema(many=True))
def list_categories():
    """Catalog categories in display order."""
    etag = _version_etag("categories")
    if (cached := not_modified(etag)) is not None:
        return cached
    body = json.dumps(CategorySchema(many=True).dump(service.list_categories())).encode()
    return _cacheable_json(body, etag)


@blp.route("/<uuid:entry_id>")
@public
@blp.response(200, EntrySchema)
def get_catalog_entry(entry_id: uuid.UUID):
    """One catalog entry."""
    etag = _version_etag("entry", str(entry_id))
    if (cached := not_modified(etag)) is not None:
        return cached
    entry = service.get_entry(entry_id)
    if entry is None:
        raise Problem(404)
    return _cacheable_json(json.dumps(entry).encode(), etag)
