"""JWTs the provider signs: RFC 9068 access tokens and OpenID Connect ID tokens, and the strict
validation of access tokens that every API request goes through.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from app.http_cache import LruCache
from auth.oidc import jws
from auth.oidc.config import SIGNING_ALGORITHMS, api_audience, issuer
from auth.oidc.keys import keyring

ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})
ID_TOKEN_TYPE = "JWT"  # noqa: S105 - the `typ` of ID tokens (access tokens and documents say otherwise)
ID_TOKEN_TYPES = frozenset({ID_TOKEN_TYPE.lower()})
CARRIED_CLAIMS = ("client_id", "scope", "gid", "auth_time", "acr", "amr")  # actor's token -> delegated one


@dataclass(frozen=True)
class UserContext:
    """The signed-in citizen behind a grant, and how and when they authenticated."""

    account: object  # auth.accounts.models.Account
    grant_id: uuid.UUID
    auth_time: datetime
    acr: str
    amr: tuple[str, ...] = ()
    sso_session_id: uuid.UUID | None = None
    nonce: str | None = None
    scope: str = ""  # everything the grant allows (a refresh may ask for less)
    new_grant: bool = False  # a code redemption: the grant is stored with its first tokens

    def get_user_id(self) -> str:
        return str(self.account.id)


def _sign(header: dict, claims: dict, alg: str) -> str:
    key = keyring().signing_key(alg)
    return jws.sign({**header, "alg": alg, "kid": key.kid}, claims, alg, key.private.private_key)


def mint_access_token(*, client, scope: str, user: UserContext | None, ttl: int | None = None) -> str:
    config = current_app.config
    now = int(time.time())
    claims = {
        "iss": issuer(), "aud": api_audience(), "iat": now,
        "exp": now + (ttl or config["OIDC_ACCESS_TOKEN_TTL"]),
        "jti": uuid.uuid4().hex, "client_id": client.client_id, "scope": scope,
    }
    if user is not None:
        claims.update(sub=user.get_user_id(), auth_time=int(user.auth_time.timestamp()),
                      acr=user.acr, gid=str(user.grant_id))
        if user.amr:
            claims["amr"] = list(user.amr)
    else:
        claims["sub"] = client.client_id
        if client.agency:
            claims["agency"] = client.agency
    return _sign({"typ": "at+jwt"}, claims, config["OIDC_ACCESS_TOKEN_ALG"])


def mint_delegated_access_token(actor_token: AccessToken, *, subject: str,
                                delegation_id: str) -> tuple[str, int]:
    """An access token for acting under a delegation (RFC 8693 `act`): `sub` is the subject,
    `act.sub` the actor; `gid` stays the actor's grant, so their logout ends it too. It lives
    DELEGATION_TOKEN_TTL seconds at most, never past the actor's token. The delegation's own
    end is checked on every request (403), not folded into `exp`. Returns (token, expires_in)."""
    config = current_app.config
    now = int(time.time())
    exp = min(now + config["DELEGATION_TOKEN_TTL"], actor_token.claims["exp"])
    carried = {name: actor_token.claims[name] for name in CARRIED_CLAIMS if name in actor_token.claims}
    claims = {**carried, "iss": issuer(), "aud": api_audience(), "iat": now, "exp": exp,
              "jti": uuid.uuid4().hex, "sub": subject, "act": {"sub": actor_token.subject},
              "did": delegation_id}
    return _sign({"typ": "at+jwt"}, claims, config["OIDC_ACCESS_TOKEN_ALG"]), exp - now


def half_hash(value: str, alg: str) -> str:
    """`at_hash` / `c_hash`: left half of the SHA-256 of the value (both algorithms use SHA-256)."""
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


def mint_id_token(*, client, user: UserContext, claims: dict, access_token: str | None) -> str:
    alg = client.id_token_alg
    now = int(time.time())
    body = {
        **claims,
        "iss": issuer(), "sub": user.get_user_id(), "aud": client.client_id, "azp": client.client_id,
        "iat": now, "exp": now + current_app.config["OIDC_ID_TOKEN_TTL"],
        "auth_time": int(user.auth_time.timestamp()), "acr": user.acr,
    }
    if user.amr:
        body["amr"] = list(user.amr)
    if user.nonce:
        body["nonce"] = user.nonce
    if user.sso_session_id:
        body["sid"] = str(user.sso_session_id)
    if access_token:
        body["at_hash"] = half_hash(access_token, alg)
    return _sign({"typ": ID_TOKEN_TYPE}, body, alg)


class InvalidToken(Exception):
    """The token is not one this provider issued for this API, or it is no longer valid."""


@dataclass(frozen=True)
class AccessToken:
    claims: dict = field(repr=False)

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(str(self.claims.get("scope", "")).split())

    @property
    def grant_id(self) -> str | None:
        return self.claims.get("gid")

    @property
    def client_id(self) -> str:
        return self.claims["client_id"]

    @property
    def subject(self) -> str:
        return self.claims["sub"]

    @property
    def actor(self) -> str | None:
        """`act.sub` of a delegated token (RFC 8693), else None."""
        act = self.claims.get("act")
        return act.get("sub") if isinstance(act, dict) and isinstance(act.get("sub"), str) else None


def verify_signed(token: str, *, typ: frozenset[str] | None = None) -> dict:
    """Signature check with an algorithm allow-list and a required, known `kid`."""
    try:
        header = jws.unverified_header(token)
    except jws.JWSError as error:
        raise InvalidToken("malformed") from error
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in SIGNING_ALGORITHMS:
        raise InvalidToken("algorithm not allowed")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("kid missing")
    if typ is not None and str(header.get("typ", "")).lower() not in typ:
        raise InvalidToken("wrong token type")
    key = keyring().public_key(kid)
    if key is None or key.alg != alg:
        raise InvalidToken("unknown key")
    try:
        return jws.verify(token, alg, key.public.public_key)
    except jws.JWSError as error:
        raise InvalidToken("bad signature") from error


def _access_token_claims(token: str) -> dict:
    """The token's claims once its signature and their shape check out, remembered per process: a
    client presents the same access token on every call until it expires, and checking an ES256
    signature costs more than the rest of the validation together. A remembered entry counts
    only while the key that verified it is still the keyring's key for its `kid` (a withdrawn or
    reloaded key drops it); what depends on the request and the time (iss, aud, exp, iat) is
    checked afresh on every request (validate_access_token)."""
    entry = _VERIFIED.get(token)
    if entry is not None:
        kid, key, claims = entry
        if keyring().public_key(kid) is key:
            return claims
    claims = verify_signed(token, typ=ACCESS_TOKEN_TYPES)
    if not _well_formed(claims):
        raise InvalidToken("claims rejected")
    kid = jws.unverified_header(token)["kid"]
    _VERIFIED.put(token, (kid, keyring().public_key(kid), claims))
    return claims


_VERIFIED = LruCache(4096)
_REQUIRED_TEXT = ("sub", "client_id", "jti", "scope")


def _well_formed(claims: dict) -> bool:
    """The required claims are there with their types (signed, so true for good once true)."""
    return (isinstance(claims.get("exp"), int) and isinstance(claims.get("iat"), int)
            and all(isinstance(claims.get(name), str) for name in _REQUIRED_TEXT))


def validate_access_token(token: str) -> AccessToken:
    """Checks signature, typ, iss, aud, exp, iat and the required claims (no database)."""
    claims = _access_token_claims(token)
    now = time.time()
    leeway = current_app.config["OIDC_LEEWAY"]
    if not (claims.get("iss") == issuer() and _names_this_api(claims.get("aud"))
            and claims["exp"] > now - leeway and claims["iat"] <= now + leeway):
        raise InvalidToken("claims rejected")
    return AccessToken(claims)


def _names_this_api(audience) -> bool:
    """`aud` is one audience or a list of them (RFC 7519)."""
    expected = api_audience()
    return expected in audience if isinstance(audience, list) else audience == expected
