"""Compact JWS for the provider's own tokens: RS256 and ES256 only, straight on `cryptography`.

Every API request verifies one of these and every token response signs one, so this path
skips the generality (and the cost) of a full JOSE library; keys are still created, imported
and published with joserfc. Anything unexpected is refused with JWSError.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

ALGORITHMS = ("RS256", "ES256")
_P256_BYTES = 32
_compact_json = json.JSONEncoder(separators=(",", ":")).encode  # json.dumps with options builds one per call


class JWSError(ValueError):
    pass


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not text.isascii() or "=" in text:
        raise JWSError("not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise JWSError("not base64url") from error
    if b64url_encode(data) != text:  # spare bits set in the last character: one token, one spelling
        raise JWSError("not canonical base64url")
    return data


def _json_segment(text: str) -> dict:
    try:
        value = json.loads(b64url_decode(text))
    except (UnicodeDecodeError, ValueError) as error:
        raise JWSError("not JSON") from error
    if not isinstance(value, dict):
        raise JWSError("not a JSON object")
    return value


def sign(header: dict, claims: dict, alg: str, private_key) -> str:
    """`private_key`: a cryptography RSA or EC (P-256) private key matching `alg`; `header`: text
    members only."""
    segments = (_header_segment(tuple(header.items())), b64url_encode(_compact_json(claims).encode()))
    signing_input = ".".join(segments).encode("ascii")
    if alg == "RS256":
        signature = private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256":
        r, s = decode_dss_signature(private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(_P256_BYTES, "big") + s.to_bytes(_P256_BYTES, "big")
    else:
        raise JWSError("algorithm not allowed")
    return f"{segments[0]}.{segments[1]}.{b64url_encode(signature)}"


@functools.lru_cache(maxsize=64)
def _header_segment(members: tuple) -> str:
    """A token type's header is the same for every token a key signs: encoded once."""
    return b64url_encode(_compact_json(dict(members)).encode())


def unverified_header(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise JWSError("not a compact JWS")
    return _json_segment(parts[0])


def verify(token: str, alg: str, public_key) -> dict:
    """The claims, if `token` is signed with `alg` by `public_key` (the caller chose both from its
    allow-list and the token's `kid`, never from the token's own say-so alone)."""
    parts = token.split(".")
    if len(parts) != 3 or alg not in ALGORITHMS:
        raise JWSError("not a compact JWS")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii") if token.isascii() else None
    if signing_input is None:
        raise JWSError("not ASCII")
    signature = b64url_decode(parts[2])
    try:
        if alg == "RS256":
            public_key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        else:
            if len(signature) != 2 * _P256_BYTES:
                raise JWSError("bad signature length")
            der = encode_dss_signature(int.from_bytes(signature[:_P256_BYTES], "big"),
                                       int.from_bytes(signature[_P256_BYTES:], "big"))
            public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise JWSError("bad signature") from error
    if _json_segment(parts[0]).get("alg") != alg:
        raise JWSError("algorithm mismatch")
    return _json_segment(parts[1])
