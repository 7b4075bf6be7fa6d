from __future__ import annotations

import json
import uuid

from flask import Response, request

from app import i18n
from app.access import public
from app.api import API_PREFIX, Blueprint
from app.catalog import service
from app.catalog.schemas import CatalogQuery, CategorySchema, EntryPage, EntrySchema
from app.http_cache import etag_for, versioned
from app.limits import limiter
from app.pagination import encoded_page
from app.problems import Problem
from app.state import platform_state

blp = Blueprint("catalog", __name__, url_prefix=f"{API_PREFIX}/catalog",
                description="Services citizens can use, across all agencies.")

# Public and cheap to answer (kept bodies, 304s, one indexed query): no rate limit, even should
# an application-wide one be configured. (No per-request cost either: app.limits skips
# Flask-Limiter's before-request pass while no request-wide limit exists.)
limiter.exempt(blp)


def _catalog_etag(**path_args) -> str:
    """Every catalog response follows from the catalog revision, the module switches, the
    language and the request's own path and query string (taken as sent: parsing it is
    the view's work, and two spellings of one query merely get two ETags)."""
    snapshot = platform_state().snapshot()
    return etag_for(snapshot.revision(service.REVISION), sorted(snapshot.disabled),
                    i18n.current_locale(), request.path, request.query_string)


def _is_listing() -> bool:
    """Listings without a text query are few and hot (the home screen): their bodies are kept.
    Searches are not: each one is answered from the database."""
    return not request.args.get("q", "").strip()


def _json_response(value) -> Response:
    # Services return plain, documented values, so they are encoded as they are.
    return Response(json.dumps(value, separators=(",", ":")), mimetype="application/json")


@blp.route("")
@public
@versioned(_catalog_etag, keep=_is_listing)
@blp.arguments(CatalogQuery, location="query", as_kwargs=True)
@blp.response(200, EntryPage)
def list_catalog(page, per_page, **filters):
    """List catalog entries, filtered and paginated, in the caller's language."""
    items, total = service.list_entries(service.CatalogFilter(**filters), page=page, per_page=per_page)
    # the entries come as JSON texts (a search keeps them so): the page is put around them
    return encoded_page(f"[{','.join(items)}]", page=page, per_page=per_page, total=total)


@blp.route("/categories")
@public
@versioned(_catalog_etag)
@blp.response(200, CategorySchema(many=True))
def list_categories():
    """Catalog categories in display order."""
    return _json_response(CategorySchema(many=True).dump(service.list_categories()))


@blp.route("/<uuid:entry_id>")
@public
@versioned(_catalog_etag)
@blp.response(200, EntrySchema)
def get_catalog_entry(entry_id: uuid.UUID):
    """One catalog entry."""
    entry = service.get_entry(entry_id)
    if entry is None:
        raise Problem(404)
    return _json_response(entry)
