"""Protocol endpoints: authorization, token, revocation, introspection, UserInfo, JWKS and
discovery. They authenticate their callers by the protocol itself (client credentials,
PKCE, bearer tokens), hence `@public`."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from app.access import bearer_token, public
from app.problems import Problem, problem_response
from auth.oidc import flow
from auth.oidc.authn import authenticate, current_account
from auth.oidc.discovery import metadata
from auth.oidc.errors import OAuthError
from auth.oidc.keys import keyring
from auth.oidc.rendering import refused_page
from auth.oidc.server import authorization_server

bp = Blueprint("oidc", __name__)


@bp.route("/oauth/authorize", methods=["GET", "POST"])
@public
def authorize():
    return flow.start(request.values)


@bp.route("/oauth/authorize/resume")
@public
def resume_authorization():
    return flow.resume(request.args.get("ticket"))


# The authorization endpoints are pages too: a refused request is shown (never redirected, as for
# an untrusted client); the protocol endpoints answer problem JSON as the API does.
_PAGES = frozenset(f"{bp.name}.{view.__name__}" for view in (authorize, resume_authorization))


@bp.errorhandler(Problem)
def _refused(problem: Problem):
    return refused_page(problem) if request.endpoint in _PAGES else problem_response(problem)


@bp.route("/oauth/token", methods=["POST"])
@public
def token():
    return authorization_server().create_token_response()


@bp.route("/oauth/revoke", methods=["POST"])
@public
def revoke():
    return authorization_server().create_endpoint_response("revocation")


@bp.route("/oauth/introspect", methods=["POST"])
@public
def introspect():
    return authorization_server().create_endpoint_response("introspection")


@bp.route("/oauth/userinfo", methods=["GET", "POST"])
@public
def userinfo():
    """Claims of the signed-in citizen, by the token's scopes (RFC 6750 bearer errors)."""
    from auth.accounts.service import account_claims

    value = _userinfo_token()
    if not value:
        raise OAuthError("invalid_request", "Send the access token as a bearer token.",
                         status=401, bearer=True)
    principal = authenticate(value)
    account = current_account() if principal is not None else None
    if account is None:
        raise OAuthError("invalid_token", "The access token is not valid.", status=401, bearer=True)
    if "openid" not in principal.scopes:
        raise OAuthError("insufficient_scope", "The access token lacks the openid scope.", status=403,
                         bearer=True)
    response = jsonify(account_claims(account, principal.scopes))
    response.headers["Cache-Control"] = "no-store"
    return response


def _userinfo_token() -> str | None:
    """The Authorization header, or (POST only) the form-encoded body parameter of RFC 6750
    section 2.2; sending both is an error."""
    in_header = bearer_token()
    in_body = None
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        in_body = request.form.get("access_token") or None
    if in_header and in_body:
        raise OAuthError("invalid_request", "Send the access token one way only.", status=400, bearer=True)
    return in_header or in_body


@bp.route("/oauth/jwks")
@public
def jwks():
    published = keyring().jwks()
    known = {key["kid"] for key in published["keys"]}
    for more in current_app.extensions.get("satupintu.jwks.extra", ()):  # e.g. document-signing keys
        published["keys"].extend(key for key in more() if key["kid"] not in known)
    response = jsonify(published)
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.route("/.well-known/openid-configuration")
@public
def openid_configuration():
    response = jsonify(metadata())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/.well-known/oauth-authorization-server")
@public
def authorization_server_metadata():
    return openid_configuration()
