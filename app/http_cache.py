"""Conditional GETs: ETags computed from cheap state (revisions), not from the response body,
so a matching `If-None-Match` is answered with 304 before any database work."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Any

from flask import Response, request


def etag_for(*parts: object) -> str:
    """A strong ETag value (unquoted) for a response determined by `parts`."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def not_modified(etag: str) -> Response | None:
    """A 304 response when the client already holds this version, else None."""
    if request.if_none_match.contains_weak(etag):
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

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
