"""The provider's compact JWS: interoperable with joserfc both ways, and strict."""

from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from auth.oidc import jws

KEYS = {"ES256": ECKey.generate_key("P-256"), "RS256": RSAKey.generate_key(2048)}


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_signs_what_joserfc_verifies_and_verifies_what_it_signs(alg):
    key = KEYS[alg]
    token = jws.sign({"alg": alg, "kid": "k1", "typ": "at+jwt"}, {"sub": "a"}, alg, key.private_key)
    assert jwt.decode(token, key, algorithms=[alg]).claims == {"sub": "a"}
    theirs = jwt.encode({"alg": alg, "kid": "k1"}, {"sub": "b"}, key, algorithms=[alg])
    assert jws.verify(theirs, alg, key.public_key) == {"sub": "b"}


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_refuses_tampering_and_confusion(alg):
    key = KEYS[alg]
    token = jws.sign({"alg": alg, "kid": "k1"}, {"sub": "a"}, alg, key.private_key)
    header, payload, signature = token.split(".")
    forged_payload = jws.b64url_encode(b'{"sub":"admin"}')
    none_header = jws.b64url_encode(b'{"alg":"none","kid":"k1"}')
    bad = [
        f"{header}.{forged_payload}.{signature}",
        f"{none_header}.{payload}.{signature}",
        f"{header}.{payload}.",
        f"{header}.{payload}.{signature[:-4]}",
        f"{header}.{payload}",
        f"{header}.{payload}.{signature}.x",
        f"{header}.{payload}.{signature}=",
        f"{header}.{payload}.{signature}é",
    ]
    for candidate in bad:
        with pytest.raises(jws.JWSError):
            jws.verify(candidate, alg, key.public_key)


def test_a_signature_is_checked_with_the_algorithm_the_caller_chose():
    token = jws.sign({"alg": "ES256", "kid": "k1"}, {"sub": "a"}, "ES256", KEYS["ES256"].private_key)
    with pytest.raises(jws.JWSError):
        jws.verify(token, "HS256", KEYS["ES256"].public_key)
    other = ECKey.generate_key("P-256")
    with pytest.raises(jws.JWSError):
        jws.verify(token, "ES256", other.public_key)
