"""Server-side secrets for the provider, all derived from one configured secret.

- AES-GCM wraps signing keys at rest (the key id is stored with each row for rotation).
- HMAC-SHA256 hashes client secrets: they are 256-bit random values, so a fast keyed hash
  is as strong as a slow one and keeps every token call cheap.
- SHA-256 hashes codes, refresh tokens and session ids: high-entropy values need no key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

TOKEN_BYTES = 32  # 256 bits for codes, refresh tokens, session ids and client secrets


def _master_secret() -> bytes:
    config = current_app.config
    return (config["OIDC_KEY_SECRET"] or config["SECRET_KEY"]).encode()


def derive(purpose: str, length: int = 32) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None,
                info=f"satupintu/oidc/{purpose}".encode())
    return hkdf.derive(_master_secret())


def wrapping_key_id() -> str:
    """Names the wrapping key so a row can tell which secret encrypted it."""
    return hashlib.sha256(derive("key-wrapping-id")).hexdigest()[:16]


def encrypt_private_key(pem: bytes, kid: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(derive("key-wrapping")).encrypt(nonce, pem, kid.encode())


def decrypt_private_key(blob: bytes, kid: str) -> bytes:
    return AESGCM(derive("key-wrapping")).decrypt(blob[:12], blob[12:], kid.encode())


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def secret_hash(secret: str) -> str:
    """Keyed hash of a client secret (the key never leaves the server)."""
    key = current_app.extensions.get("satupintu.oidc.secret_key")
    if key is None:
        key = current_app.extensions["satupintu.oidc.secret_key"] = derive("client-secret")
    return hmac.digest(key, secret.encode(), "sha256").hex()  # one-shot: no HMAC object per call


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and hmac.compare_digest(secret_hash(secret), stored_hash)
