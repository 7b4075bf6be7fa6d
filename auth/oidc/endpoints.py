"""Token revocation (RFC 7009) and introspection (RFC 7662) on authlib's endpoints."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from authlib.oauth2.rfc7009 import RevocationEndpoint as BaseRevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint as BaseIntrospectionEndpoint

from app import db
from auth.oidc import store
from auth.oidc.config import issuer
from auth.oidc.models import Grant
from auth.oidc.tokens import AccessToken, InvalidToken, validate_access_token


@dataclass
class IssuedRefreshToken:
    token: object  # the row store.find_refresh_token read: the token's and its grant's columns

    def check_client(self, client) -> bool:
        return self.token.client_id == client.client_id

    def is_expired(self) -> bool:
        return False  # find_refresh_token returns live tokens only

    def is_revoked(self) -> bool:
        return False

    def describe(self) -> dict:
        return {"token_type": "refresh_token", "client_id": self.token.client_id, "scope": self.token.scope,
                "sub": str(self.token.account_id), "exp": int(self.token.expires_at.timestamp()),
                "iat": int(self.token.created_at.timestamp()), "iss": issuer()}


@dataclass
class IssuedAccessToken:
    access: AccessToken

    def check_client(self, client) -> bool:
        return self.access.client_id == client.client_id

    def is_expired(self) -> bool:
        return self.access.claims["exp"] <= time.time()

    def is_revoked(self) -> bool:
        if self.access.grant_id is None:
            return store.access_token_revoked(self.access.claims["jti"])
        from auth.accounts.service import get_active_account

        grant = db.session.get(Grant, _uuid(self.access.grant_id))
        return grant is None or grant.revoked_at is not None or get_active_account(grant.account_id) is None

    def describe(self) -> dict:
        claims = self.access.claims
        described = {name: claims[name] for name in ("client_id", "scope", "sub", "exp", "iat", "iss", "aud",
                                                     "jti", "auth_time", "acr") if name in claims}
        return {"token_type": "access_token", **described}


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def find_token(value: str, hint: str | None):
    """A live refresh token or a valid access token this provider issued, else None."""
    lookups = (_refresh, _access) if hint != "access_token" else (_access, _refresh)
    for lookup in lookups:
        found = lookup(value)
        if found is not None:
            return found
    return None


def _refresh(value: str):
    if "." in value:
        return None
    found = store.find_refresh_token(value)
    return IssuedRefreshToken(found) if found else None


def _access(value: str):
    try:
        return IssuedAccessToken(validate_access_token(value))
    except InvalidToken:
        return None


class RevocationEndpoint(BaseRevocationEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]

    def query_token(self, token_string, token_type_hint):
        return find_token(token_string, token_type_hint)

    def revoke_token(self, token, request):
        """A refresh token takes its whole grant with it (RFC 7009 section 2.1); so does a user's
        access token. A client-credentials token is listed as revoked until it expires."""
        if isinstance(token, IssuedRefreshToken):
            store.revoke_grant(token.token.grant_id)
        elif token.access.grant_id is not None:
            store.revoke_grant(token.access.grant_id)
        else:
            expires = datetime.fromtimestamp(token.access.claims["exp"], UTC)
            store.revoke_access_token(token.access.claims["jti"], expires)


class IntrospectionEndpoint(BaseIntrospectionEndpoint):
    """Confidential clients only: a client may introspect its own tokens; resource servers
    registered with may_introspect may introspect any."""

    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]

    def query_token(self, token_string, token_type_hint):
        return find_token(token_string, token_type_hint)

    def check_permission(self, token, client, request):
        return client.may_introspect or token.check_client(client)

    def introspect_token(self, token):
        return {"active": True, **token.describe()}
