"""The storage interface every backend implements."""

from __future__ import annotations

from typing import Protocol


class StorageError(Exception):
    """The backend failed (unreachable, refused); callers answer 503."""


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` (replacing what was there)."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under `key`; KeyError when there are none."""
        ...

    def delete(self, key: str) -> None:
        """Remove `key`; no error when it is already gone."""
        ...

    def configured_by(self, config) -> bool:
        """Whether this instance matches `config` (tests switch backends with override_config)."""
        ...
