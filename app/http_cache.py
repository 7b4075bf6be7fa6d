"""Conditional GETs: ETags computed from cheap state (revisions, the raw query string), not from
the response body, so a matching `If-None-Match` is answered with 304 before any database work
(and before the query string is even parsed)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from threading import Lock
from typing import Any

from flask import Response, current_app, request

CACHE_CONTROL = "public, max-age=0, must-revalidate"


def etag_for(*parts: object) -> str:
    """A strong ETag value (unquoted) for a response determined by `parts`."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def not_modified(etag: str) -> Response | None:
    """A 304 response when the client already holds this version, else None."""
    if "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return None


class LruCache:
    """A small per-process LRU for values derived from versioned data, e.g. rendered bodies
    keyed by ETag. Keys include every revision the value depends on, so entries never need
    invalidating, only evicting."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def get_many(self, keys: list[Hashable]) -> list[Any]:
        with self._lock:
            values = [self._items.get(key) for key in keys]
            for key, value in zip(keys, values, strict=True):
                if value is not None:
                    self._items.move_to_end(key)
            return values

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def versioned(etag_of: Callable[..., str], *, keep: Callable[[], bool] = lambda: False,
              size: int = 256):
    """Conditional GET for a view whose response is determined by `etag_of(**view_kwargs)`.

    Placed above the view's argument parsing, it answers first: 304 when the client holds the
    ETag, or a body kept earlier for it (only requests `keep()` selects are kept: the few hot
    ones, such as a home screen). Otherwise the view runs, and a 200 it returns gets the ETag.
    Errors (e.g. 422 for a bad query string) never get an ETag, so no client can hold one.
    """

    def decorate(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def answer(*args, **kwargs):
            etag = etag_of(**kwargs)
            if (response := not_modified(etag)) is not None:
                response.headers["Cache-Control"] = CACHE_CONTROL  # as the 200 said (RFC 9111)
                return response
            kept = _kept_bodies(name, size) if keep() else None
            if kept is not None and (body := kept.get(etag)) is not None:
                response = Response(body[0], mimetype=body[1])
            else:
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                if kept is not None:
                    kept.put(etag, (response.get_data(), response.mimetype))
            response.set_etag(etag)
            response.headers["Cache-Control"] = CACHE_CONTROL
            return response

        return answer

    return decorate


def _kept_bodies(view_name: str, size: int) -> LruCache:
    """This app's kept bodies for one view (per app: tests build several apps in one process)."""
    caches = current_app.extensions.setdefault("satupintu.kept_bodies", {})
    kept = caches.get(view_name)
    if kept is None:
        kept = caches.setdefault(view_name, LruCache(size))
    return kept
