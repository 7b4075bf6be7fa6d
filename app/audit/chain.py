"""The hash chain: canonical serialisation of an entry, its hash, and the payload rules.

The hash covers every stored field except the hash itself, serialised as JSON with sorted
keys, no spaces and UTF-8 text, so any reader (this code, a script, another language) can
recompute it from the row alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

FORMAT = 1  # bump when the serialisation changes; part of every hash
CHAIN_NAME = re.compile(r"^[a-z][a-z-]{1,39}(\.[a-z][a-z0-9_]{1,30})?$")  # also in OpenAPI: no \Z
ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+\Z")
MAX_PAYLOAD_BYTES = 2048

# Minimal payloads: no identifiers or secrets, however a caller names or writes them.
_FORBIDDEN_KEY_PARTS = frozenset({"nik", "kk", "password", "passphrase", "secret", "token", "otp", "pin",
                                  "phone", "email"})
_KEY_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")  # snake_case, camelCase, kebab-case alike
# NIK and KK numbers are 16 digits, also written in groups of four; a phone or an email address
# as a whole value
_NIK_LIKE = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])"
                       r"|(?<![0-9A-Za-z])[0-9]{4}([-. ])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?![0-9A-Za-z])")
_CONTACT_LIKE = re.compile(r"(\+?62[ -]?|0)8[0-9 -]{7,14}|[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def canonical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _identifier_like(item) -> bool:
    if isinstance(item, str):
        return bool(_NIK_LIKE.search(item) or _CONTACT_LIKE.fullmatch(item.strip()))
    return isinstance(item, int) and not isinstance(item, bool) and bool(_NIK_LIKE.fullmatch(str(item)))


def canonical_payload(payload: Mapping[str, Any] | None) -> str:
    """The payload as stored: canonical JSON of plain values. ValueError when not minimal."""
    payload = dict(payload or {})
    for key, value in payload.items():
        if not isinstance(key, str) or _FORBIDDEN_KEY_PARTS.intersection(
                part.lower() for part in _KEY_PARTS.findall(key)):
            raise ValueError(f"audit payload key {key!r} is not allowed (identifiers and secrets stay out)")
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not (item is None or isinstance(item, str | int | bool)):
                raise ValueError(f"audit payload {key!r} holds a {type(item).__name__}; use plain values")
            if _identifier_like(item):
                raise ValueError(f"audit payload {key!r} looks like a NIK, KK number, phone or email")
    text = _dumps(payload)
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"audit payload is larger than {MAX_PAYLOAD_BYTES} bytes")
    return text


def entry_hash(*, chain: str, sequence: int, occurred_at: datetime, action: str, actor: str,
               subject: str | None, payload: str, previous_hash: str) -> str:
    """SHA-256 over the canonical serialisation; `payload` is the stored canonical JSON text."""
    document = {
        "format": FORMAT, "chain": chain, "sequence": sequence, "time": canonical_time(occurred_at),
        "action": action, "actor": actor, "subject": subject, "payload": payload,
        "previous": previous_hash,
    }
    return hashlib.sha256(_dumps(document).encode()).hexdigest()


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
