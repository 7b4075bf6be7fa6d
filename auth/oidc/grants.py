"""The grants the token endpoint accepts, on authlib, with the provider's rules:
PKCE S256 for every client, redirect_uri always required, codes and refresh tokens claimed
atomically, refresh tokens rotated (replay revokes the grant), ID tokens with `kid`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc7636 import CodeChallenge

from auth.oidc import store
from auth.oidc.models import AuthorizationCode
from auth.oidc.tokens import UserContext, mint_id_token

USER_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]
CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
USER_ONLY_SCOPES = frozenset({"openid", "profile", "email", "phone", "address", "offline_access", "nik"})


class S256Challenge(CodeChallenge):
    """PKCE for every client, public or confidential, and only the S256 method."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


@dataclass
class Authorized:
    """The signed-in citizen approving an authorization request (authlib's grant_user)."""

    account: object
    sso_session: object  # auth.oidc.models.SsoSession


def _active_account(account_id):
    from auth.accounts.service import get_active_account

    return get_active_account(account_id)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = USER_AUTH_METHODS

    @staticmethod
    def validate_authorization_redirect_uri(request, client):
        uri = request.payload.redirect_uri
        if not uri:
            raise InvalidRequestError("Missing 'redirect_uri' in request.")
        if not client.check_redirect_uri(uri):
            raise InvalidRequestError("The redirect_uri is not registered for this client.")
        return uri

    def save_authorization_code(self, code, request):
        authorized: Authorized = request.user
        session = authorized.sso_session
        data = request.payload.data
        store.save_code(
            code, client_id=request.client.client_id, account_id=authorized.account.id,
            sso_session_id=session.id, redirect_uri=request.payload.redirect_uri, scope=request.scope,
            nonce=data.get("nonce"), code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"], auth_time=session.auth_time,
            acr=session.acr, amr=list(session.amr),
        )

    def query_authorization_code(self, code, client):
        return store.find_code(code, client.client_id)

    def delete_authorization_code(self, authorization_code):
        """Codes are kept, marked used, until they expire: a second use must be recognised."""

    def authenticate_user(self, authorization_code: AuthorizationCode):
        grant_id = uuid.uuid4()
        if not store.claim_code(authorization_code, grant_id):
            raise InvalidGrantError("The code has already been used.")
        account = _active_account(authorization_code.account_id)
        if account is None:
            raise InvalidGrantError("The account is not active.")
        if not store.session_live(authorization_code.sso_session_id):
            raise InvalidGrantError("The sign-in session has ended.")  # signed out since the code
        code = authorization_code
        return UserContext(account=account, grant_id=grant_id, auth_time=code.auth_time, acr=code.acr,
                           amr=tuple(code.amr), sso_session_id=code.sso_session_id, nonce=code.nonce,
                           scope=code.scope, new_grant=True)


@dataclass
class PresentedRefreshToken:
    token: object  # the row store.find_refresh_token read: the token's and its grant's columns

    def check_client(self, client) -> bool:
        return self.token.client_id == client.client_id

    def get_scope(self) -> str:
        return self.token.scope


@dataclass(frozen=True)
class GrantAccount:
    """The account a refresh acts for, as far as minting its tokens needs (the id): the
    refresh read already said whether it is active, so no account object is loaded."""

    id: uuid.UUID


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = USER_AUTH_METHODS  # public clients may refresh
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: each refresh token is good for one use

    def authenticate_refresh_token(self, refresh_token):
        found = store.find_refresh_token(refresh_token)
        return PresentedRefreshToken(found) if found else None

    def authenticate_user(self, presented: PresentedRefreshToken):
        token = presented.token
        # read with the token; a suspension landing after that read is still caught where it
        # counts: every API call checks the account behind the access token minted here
        if not token.account_active:
            raise InvalidGrantError("The account is not active.")
        return UserContext(account=GrantAccount(token.account_id), grant_id=token.grant_id,
                           auth_time=token.auth_time, acr=token.acr, amr=tuple(token.amr),
                           sso_session_id=token.sso_session_id, scope=token.scope)

    def save_token(self, token):
        """The presented token is claimed and its successor stored at once, so of two uses of one
        token exactly one gets its tokens out; the other is a replay (the grant is revoked)."""
        if not store.rotate_refresh_token(self.request.refresh_token.token, token["refresh_token"]):
            raise InvalidGrantError("The refresh token has already been used.")

    def revoke_old_credential(self, refresh_token):
        """Already marked used by the atomic claim in save_token."""


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def create_token_response(self):
        client = self.request.client
        requested = self.request.payload.scope
        allowed = client.scopes - USER_ONLY_SCOPES
        if requested:
            scopes = requested.split()
            if not set(scopes) <= allowed:
                raise InvalidScopeError("The client may not request these scopes.")
        else:
            scopes = sorted(allowed)
        token = self.generate_token(scope=" ".join(scopes), include_refresh_token=False)
        return 200, token, self.TOKEN_RESPONSE_HEADER


class IdTokenExtension:
    """Adds the ID token to code-grant responses that include the `openid` scope."""

    def __call__(self, grant):
        grant.register_hook("after_create_token_response", self.add_id_token)

    @staticmethod
    def add_id_token(grant, response):
        from auth.accounts.service import account_claims

        _status, token, _headers = response
        scopes = token.get("scope", "").split()
        if "openid" not in scopes:
            return
        user: UserContext = grant.request.user
        claims = account_claims(user.account, scopes)
        token["id_token"] = mint_id_token(client=grant.request.client, user=user, claims=claims,
                                          access_token=token["access_token"])
