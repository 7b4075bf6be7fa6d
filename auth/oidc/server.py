"""The authorization server, built per app (authlib's grants and hooks must never be shared
between apps): grants, client authentication, the token generator and the endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.integrations.flask_oauth2.requests import FlaskOAuth2Payload
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from flask import Flask, current_app
from flask import request as flask_request
from joserfc.jwk import KeySet
from sqlalchemy.exc import IntegrityError

from app import db
from app.db import utcnow
from app.web import read_urlencoded_form
from auth.oidc import crypto, store
from auth.oidc.clients import query_client
from auth.oidc.config import CORE_SCOPES, issuer
from auth.oidc.endpoints import IntrospectionEndpoint, RevocationEndpoint
from auth.oidc.grants import (
    AuthorizationCodeGrant,
    ClientCredentialsGrant,
    IdTokenExtension,
    RefreshTokenGrant,
    S256Challenge,
)
from auth.oidc.models import UsedAssertion
from auth.oidc.tokens import mint_access_token


class ProviderRequest(OAuth2Request):
    """The current HTTP request, or a resumed authorization request's saved parameters.

    Its URI is built on the configured issuer, so the transport check holds behind a proxy."""

    def __init__(self, saved: Mapping[str, str] | None = None):
        # the request object itself, not Flask's proxy: authlib reads its values a dozen times
        request = flask_request._get_current_object()
        super().__init__(request.method, issuer() + request.full_path)
        self.headers = request.headers  # set after: authlib's `headers or {}` would count them all
        self._request = request
        if saved is None and request.method == "POST":
            read_urlencoded_form(request)
        self.payload = BasicOAuth2Payload(dict(saved)) if saved is not None else FlaskOAuth2Payload(request)

    @property
    def args(self):
        return self._request.args

    @property
    def form(self):
        return self._request.form


class ProviderServer(AuthorizationServer):
    def create_oauth2_request(self, request):
        if isinstance(request, OAuth2Request):
            return request
        return ProviderRequest(request if isinstance(request, Mapping) else None)

    def send_signal(self, name, *args, **kwargs):
        """No listeners: audit events are written by the service layer."""


class PrivateKeyJwt(JWTBearerClientAssertion):
    """private_key_jwt (RFC 7523): a JWT signed with a key the client registered."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def get_audiences(self):
        base = issuer()
        return [base, f"{base}/oauth/token", f"{base}/oauth/revoke", f"{base}/oauth/introspect"]

    def resolve_client_public_key(self, client):
        return KeySet.import_key_set(client.jwks or {"keys": []})

    def validate_jti(self, claims, jti):
        key = crypto.token_hash(f"{claims['sub']}\n{jti}")
        expires = utcnow() + timedelta(seconds=max(0, int(claims["exp"]) - int(utcnow().timestamp())) + 60)
        try:
            with db.session.begin_nested():
                db.session.add(UsedAssertion(key=key, expires_at=expires))
        except IntegrityError:
            return False
        db.session.commit()
        return True


def generate_token(grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
    token = {
        "token_type": "Bearer",
        "access_token": mint_access_token(client=client, scope=scope or "", user=user, ttl=expires_in),
        "expires_in": expires_in or current_app.config["OIDC_ACCESS_TOKEN_TTL"],
        "scope": scope or "",
    }
    if include_refresh_token and user is not None and client.check_grant_type("refresh_token"):
        token["refresh_token"] = crypto.new_token()
    return token


def save_token(token, request):
    """Client-credentials tokens leave no trace; user grants store the grant and refresh token."""
    user = request.user
    if user is None:
        return
    if user.new_grant:
        session = user.sso_session_id
        store.create_grant(grant_id=user.grant_id, client_id=request.client.client_id,
                           account_id=user.account.id, scope=user.scope, auth_time=user.auth_time,
                           acr=user.acr, amr=list(user.amr), sso_session_id=session)
    if "refresh_token" in token:
        store.add_refresh_token(token["refresh_token"], grant_id=user.grant_id,
                                client_id=request.client.client_id, scope=user.scope)
    db.session.commit()


def supported_scopes(app: Flask) -> list[str]:
    module_scopes = [scope.name for scope in app.extensions["satupintu.scopes"].all()]
    return list(dict.fromkeys([*CORE_SCOPES, *module_scopes]))


def build_server(app: Flask) -> ProviderServer:
    # scopes first: authlib reads them when the server is initialised
    app.config["OAUTH2_SCOPES_SUPPORTED"] = supported_scopes(app)
    server = ProviderServer()
    server.init_app(app, query_client=query_client, save_token=save_token)
    server.register_token_generator("default", generate_token)
    server.register_client_auth_method(PrivateKeyJwt.CLIENT_AUTH_METHOD, PrivateKeyJwt())
    server.register_grant(AuthorizationCodeGrant, [S256Challenge(required=True), IdTokenExtension()])
    server.register_grant(RefreshTokenGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_endpoint(RevocationEndpoint)
    server.register_endpoint(IntrospectionEndpoint)
    return server


def authorization_server(app: Flask | None = None) -> ProviderServer:
    return (app or current_app).extensions["satupintu.oidc.server"]
