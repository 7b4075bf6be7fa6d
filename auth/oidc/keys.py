"""Signing keys: generated and rotated by `flask keys rotate`, stored wrapped in the database,
cached per process, published as JWKS while any token they signed may still be valid.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from flask import Flask, current_app
from joserfc.jwk import ECKey, KeySet, RSAKey
from sqlalchemy import delete, or_, select

from app import db
from app.db import utcnow
from auth.oidc import crypto
from auth.oidc.config import SIGNING_ALGORITHMS
from auth.oidc.models import SigningKey

log = logging.getLogger("satupintu.oidc.keys")

RELOAD_AFTER = 60.0  # seconds a process trusts its key cache (rotation elsewhere shows within this)
UNKNOWN_KID_RELOAD_GAP = 5.0  # an unknown kid reloads at most this often (garbage kids are cheap)


def publish_window() -> timedelta:
    config = current_app.config
    longest = max(config["OIDC_ACCESS_TOKEN_TTL"], config["OIDC_ID_TOKEN_TTL"])
    return timedelta(seconds=longest + config["OIDC_LEEWAY"])


def _generate(alg: str):
    kid = f"{alg.lower()}-{utcnow():%Y%m%d}-{secrets.token_hex(4)}"
    params = {"kid": kid, "alg": alg, "use": "sig"}
    if alg == "RS256":
        return RSAKey.generate_key(2048, parameters=params)
    return ECKey.generate_key("P-256", parameters=params)


def _store(key, alg: str) -> SigningKey:
    kid = key.kid
    row = SigningKey(
        kid=kid, alg=alg, public_jwk=key.as_dict(private=False),
        private_key=crypto.encrypt_private_key(key.as_pem(private=True), kid),
        wrapping_key_id=crypto.wrapping_key_id(),
    )
    db.session.add(row)
    return row


def rotate(algorithms: tuple[str, ...] = SIGNING_ALGORITHMS) -> list[str]:
    """New active key per algorithm; the previous ones retire (still published for a while)
    and keys retired longer than the publish window are deleted. Returns the new kids."""
    now = utcnow()
    for row in db.session.scalars(select(SigningKey).where(
            SigningKey.retired_at.is_(None), SigningKey.alg.in_(algorithms))):
        row.retired_at = now
    db.session.execute(delete(SigningKey).where(SigningKey.retired_at < now - publish_window()))
    kids = [_store(_generate(alg), alg).kid for alg in algorithms]
    db.session.commit()
    keyring().invalidate()
    return kids


def ensure_keys() -> list[str]:
    """Create the first keys of an empty installation (idempotent)."""
    active = set(db.session.scalars(select(SigningKey.alg).where(SigningKey.retired_at.is_(None))))
    missing = tuple(alg for alg in SIGNING_ALGORITHMS if alg not in active)
    return rotate(missing) if missing else []


@dataclass(frozen=True)
class LoadedKey:
    kid: str
    alg: str
    public: object  # joserfc key (public part)
    private: object | None  # joserfc key, only for active keys
    retired_at: datetime | None


class KeyRing:
    """Per-process cache of published keys; thread-safe, reloaded from the database lazily."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._keys: dict[str, LoadedKey] = {}
        self._active: dict[str, LoadedKey] = {}
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._loaded_at = 0.0

    def _load(self) -> None:
        cutoff = utcnow() - publish_window()
        rows = db.session.scalars(select(SigningKey).where(
            or_(SigningKey.retired_at.is_(None), SigningKey.retired_at >= cutoff))).all()
        keys, active = {}, {}
        for row in sorted(rows, key=lambda r: r.created_at):
            private = self._private_key(row) if row.retired_at is None else None
            loaded = LoadedKey(row.kid, row.alg, _import_public(row), private, row.retired_at)
            keys[row.kid] = loaded
            if private is not None:
                active[row.alg] = loaded  # newest wins if two processes bootstrapped at once
        missing = tuple(alg for alg in SIGNING_ALGORITHMS if alg not in active)
        if missing:  # a new installation, or keys the configured secret cannot open
            rotate(missing)
            return self._load()
        self._keys, self._active, self._loaded_at = keys, active, time.monotonic()
        return None

    def _private_key(self, row: SigningKey):
        known = self._keys.get(row.kid)
        if known is not None and known.private is not None:
            return known.private
        try:
            return _import_private(crypto.decrypt_private_key(row.private_key, row.kid), row)
        except InvalidTag:
            log.error("signing key %s cannot be decrypted with the configured secret "
                      "(SATUPINTU_OIDC_KEY_SECRET or SECRET_KEY changed?); a new key replaces it", row.kid)
            return None

    def _fresh(self) -> None:
        if time.monotonic() - self._loaded_at > RELOAD_AFTER:
            with self._lock:
                if time.monotonic() - self._loaded_at > RELOAD_AFTER:
                    self._load()

    def signing_key(self, alg: str) -> LoadedKey:
        self._fresh()
        return self._active[alg]

    def public_key(self, kid: str) -> LoadedKey | None:
        self._fresh()
        found = self._keys.get(kid)
        if found is None and time.monotonic() - self._loaded_at > UNKNOWN_KID_RELOAD_GAP:
            with self._lock:
                self._load()
            found = self._keys.get(kid)
        return found

    def jwks(self) -> dict:
        self._fresh()
        return {"keys": [key.public.as_dict(private=False) for key in self._keys.values()]}


def _import_public(row: SigningKey):
    cls = RSAKey if row.alg == "RS256" else ECKey
    return cls.import_key(row.public_jwk, parameters={"kid": row.kid, "alg": row.alg, "use": "sig"})


def _import_private(pem: bytes, row: SigningKey):
    cls = RSAKey if row.alg == "RS256" else ECKey
    return cls.import_key(pem, parameters={"kid": row.kid, "alg": row.alg, "use": "sig"})


def keyring(app: Flask | None = None) -> KeyRing:
    return (app or current_app).extensions["satupintu.oidc.keyring"]


def key_set(kid: str) -> KeySet | None:
    found = keyring().public_key(kid)
    return KeySet([found.public]) if found else None
