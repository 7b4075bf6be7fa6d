"""Signing documents with the platform's keys (auth.oidc.keys), and checking their signatures.

A document token is a compact JWS with header {"alg", "kid", "typ": "sp-document+jwt"}, made
with the provider's active key for DOCUMENTS_SIGNING_ALG (keys from the published JWKS). Token
keys are dropped from the JWKS soon after they retire, but documents live for years: the public
half of every key that signed a document is kept in `document_signing_key`, published beside
the provider's keys (/oauth/jwks) and used for checking, so rotation never orphans a document.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, current_app
from joserfc.jwk import ECKey, RSAKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import session
from app.documents.models import DocumentSigningKey
from app.http_cache import LruCache

TOKEN_TYPE = "sp-document+jwt"  # noqa: S105 - a media type, not a secret
ALGORITHMS = ("ES256", "RS256")
MAX_TOKEN_LENGTH = 4096
PUBLISHED_RELOAD_AFTER = 60.0  # seconds a process trusts its list of published document keys


class InvalidToken(ValueError):
    """Not a document token this platform signed (malformed, unknown key, bad signature)."""


def sign(claims: dict[str, Any]) -> tuple[str, str]:
    """(compact JWS of `claims`, kid) signed with the provider's current key."""
    from auth.oidc import jws
    from auth.oidc.keys import keyring

    alg = current_app.config["DOCUMENTS_SIGNING_ALG"]
    key = keyring().signing_key(alg)
    _retain(key.kid, alg, key.public.as_dict(private=False))
    header = {"alg": alg, "kid": key.kid, "typ": TOKEN_TYPE}
    return jws.sign(header, claims, alg, key.private.raw_value), key.kid


def _retain(kid: str, alg: str, public_jwk: dict) -> None:
    db = session()
    if db.get(DocumentSigningKey, kid) is not None:
        return
    try:
        with db.begin_nested():  # another process may record the same key at the same moment
            db.add(DocumentSigningKey(kid=kid, alg=alg, public_jwk=public_jwk))
    except IntegrityError:
        pass


def verify(token: str) -> dict[str, Any]:
    """The claims of a document token signed by a platform key, or InvalidToken.

    A token's signature checks out the same way every time (a kid's key never changes), so
    good tokens are remembered per process: a document scanned again skips the ECDSA work."""
    claims = _VERIFIED.get(token)
    if claims is None:
        claims = _verify_signature(token)
        _VERIFIED.put(token, claims)
    return claims


_VERIFIED = LruCache(4096)


def _verify_signature(token: str) -> dict[str, Any]:
    from auth.oidc import jws

    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("malformed")
    try:
        header = jws.unverified_header(token)
        alg, kid = header.get("alg"), header.get("kid")
        if header.get("typ") != TOKEN_TYPE or alg not in ALGORITHMS or not isinstance(kid, str):
            raise InvalidToken("header")
        found = document_keys().get(kid)
        if found is None or found[0] != alg:  # the key decides the algorithm, not the token
            raise InvalidToken("key")
        return jws.verify(token, alg, found[1])
    except jws.JWSError as error:
        raise InvalidToken(str(error)) from error


class DocumentKeys:
    """Per-process cache of document-signing public keys (`cryptography` objects). A kid's key
    never changes, so found keys are kept for good; the published list is reloaded every minute."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[str, Any]] = {}
        self._published: list[dict] = []
        self._published_at = 0.0

    def get(self, kid: str) -> tuple[str, Any] | None:
        found = self._keys.get(kid)
        if found is None:
            row = session().get(DocumentSigningKey, kid) if len(kid) <= 64 else None
            if row is None:
                return None
            cls = RSAKey if row.alg == "RS256" else ECKey
            found = (row.alg, cls.import_key(row.public_jwk).raw_value)
            with self._lock:
                self._keys[kid] = found
        return found

    def published(self) -> list[dict]:
        if time.monotonic() - self._published_at > PUBLISHED_RELOAD_AFTER:
            rows = session().scalars(select(DocumentSigningKey).order_by(DocumentSigningKey.first_used_at))
            keys = [{**row.public_jwk, "kid": row.kid, "alg": row.alg, "use": "sig"} for row in rows]
            with self._lock:
                self._published, self._published_at = keys, time.monotonic()
        return self._published

    def invalidate(self) -> None:
        with self._lock:
            self._published_at = 0.0


def document_keys(app: Flask | None = None) -> DocumentKeys:
    return (app or current_app).extensions["satupintu.documents.keys"]
