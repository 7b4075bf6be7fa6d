"""Field encryption (AES-256-GCM with key ids, for rotation), blind indexes and keyed hashes.

Keys come from configuration:
  ENCRYPTION_KEYS    {"key-id": "<base64 of 32 random bytes>", ...}  (old ids kept to decrypt)
  ENCRYPTION_KEY_ID  the id new values are encrypted with
  BLIND_INDEX_KEY    base64 of 32 random bytes, for the NIK look-up hash (never rotated in place)
Outside production, missing keys are derived from SECRET_KEY so development needs no setup;
in production they must be configured (install refuses to start otherwise).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app

from app.config import ConfigError

NONCE_BYTES = 12
DEV_KEY_ID = "dev"


def _derive(secret: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"satupintu {purpose}".encode()).derive(secret.encode())


def _decode_key(value: str, what: str) -> bytes:
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ConfigError(f"{what} must be base64 of exactly 32 bytes")
    return key


@dataclass(frozen=True)
class Keyring:
    encryption_keys: dict[str, bytes]
    current_key_id: str
    blind_index_key: bytes
    hash_key: bytes  # one-time and recovery codes

    @classmethod
    def from_config(cls, config) -> Keyring:
        configured = config.get("ENCRYPTION_KEYS") or {}
        if config["ENV"] == "production" and not (configured and config.get("BLIND_INDEX_KEY")):
            raise ConfigError("SATUPINTU_ENCRYPTION_KEYS, SATUPINTU_ENCRYPTION_KEY_ID and "
                              "SATUPINTU_BLIND_INDEX_KEY must be set in production")
        secret = config["SECRET_KEY"]
        if configured:
            keys = {key_id: _decode_key(value, f"ENCRYPTION_KEYS[{key_id!r}]")
                    for key_id, value in configured.items()}
            current = config.get("ENCRYPTION_KEY_ID") or ""
            if current not in keys:
                raise ConfigError("ENCRYPTION_KEY_ID must name one of ENCRYPTION_KEYS")
        else:
            keys, current = {DEV_KEY_ID: _derive(secret, "field encryption")}, DEV_KEY_ID
        index_key = (_decode_key(config["BLIND_INDEX_KEY"], "BLIND_INDEX_KEY")
                     if config.get("BLIND_INDEX_KEY") else _derive(secret, "blind index"))
        return cls(keys, current, index_key, _derive(secret, "code hash"))


def install(app: Flask) -> None:
    app.extensions["satupintu.keyring"] = Keyring.from_config(app.config)


def keyring() -> Keyring:
    return current_app.extensions["satupintu.keyring"]


def encrypt(plaintext: str, *, context: str) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext). `context` (e.g. "nik:<account id>") binds it to its row."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.encryption_keys[ring.current_key_id]).encrypt(
        nonce, plaintext.encode(), context.encode())
    return ring.current_key_id, nonce + sealed


def decrypt(key_id: str, blob: bytes, *, context: str) -> str:
    key = keyring().encryption_keys[key_id]
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode()).decode()


def blind_index(value: str, *, kind: str = "nik") -> str:
    """Deterministic keyed hash for equality look-ups without storing the value."""
    return hmac.new(keyring().blind_index_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def code_hash(code: str, *, context: str) -> str:
    """Keyed hash of a one-time or recovery code; without the key a stolen table is useless."""
    return hmac.new(keyring().hash_key, f"{context}:{code}".encode(), hashlib.sha256).hexdigest()
