"""Who may call a route. Every view is decorated with exactly one of these (a test checks it);
the decorator both enforces the rule and documents it in OpenAPI.

Callers are identified by authenticators registered on the app (each returns a Principal
or None); until single sign-on lands the only one is the operator token.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Flask, current_app, request

from app.api import documented
from app.problems import Problem

PLATFORM_ADMIN = "platform_admin"
_PRINCIPAL = "satupintu.principal"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    agency: str | None = None
    # Acting under a delegation (app.delegation): `subject` is whom the request is for, `actor`
    # the citizen acting, `delegated_modules` the module slugs the delegation covers.
    actor: str | None = None
    delegated_modules: frozenset[str] | None = None


Authenticator = Callable[[str], "Principal | None"]


def bearer_token() -> str | None:
    # The real request's environ (as request.headers reads it): a proxy access costs more than this.
    header = request._get_current_object().environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_principal() -> Principal | None:
    # Cached in the WSGI environ, which belongs to this request alone: `g` belongs to the app
    # context, which tests (and scripts) keep open across many requests.
    environ = request._get_current_object().environ
    if _PRINCIPAL not in environ:
        token = bearer_token()
        environ[_PRINCIPAL] = None
        if token:
            for authenticate in current_app.extensions["satupintu.authenticators"]:
                principal = authenticate(token)
                if principal is not None:
                    environ[_PRINCIPAL] = principal
                    break
    return environ[_PRINCIPAL]


def citizen_id() -> uuid.UUID:
    """The account behind the caller's token (whom the request is for, under a delegation).
    403 "not-a-citizen" for a token without a person behind it (a back-end's client_credentials
    token, the operator token): the /me routes serve people, whatever scopes a client holds."""
    principal = _signed_in()
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        raise Problem(403, "not-a-citizen") from None


def acting_for() -> str | None:
    """The subject the caller acts for under a delegation, or None when acting for themselves."""
    principal = current_principal()
    return principal.subject if principal is not None and principal.actor else None


def _challenge(error: str | None = None) -> dict[str, str]:
    value = 'Bearer realm="satupintu"'
    if error:
        value += f', error="{error}"'
    return {"WWW-Authenticate": value}


def _signed_in() -> Principal:
    """The caller, or 401 with a bearer challenge (naming a bad token when one was sent)."""
    principal = current_principal()
    if principal is None:
        raise Problem(401, headers=_challenge("invalid_token" if bearer_token() else None))
    return principal


def public(view):
    """Anyone may call this route."""
    view.access = "public"
    return view


def require_role(*roles: str):
    """A signed-in caller holding at least one of `roles`."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            principal = _signed_in()
            if not principal.roles.intersection(roles):
                raise Problem(403)
            return view(*args, **kwargs)

        guarded.access = f"roles:{','.join(roles)}"
        return _document_security(guarded, [{"bearer": []}])

    return decorate


platform_admin = require_role(PLATFORM_ADMIN)


def require_scope(*scopes: str):
    """A caller whose token carries every one of `scopes` (OAuth 2.0 bearer, RFC 6750)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            principal = _signed_in()
            if not principal.scopes.issuperset(scopes):
                challenge = _challenge("insufficient_scope")
                challenge["WWW-Authenticate"] += ', scope="' + " ".join(scopes) + '"'
                raise Problem(403, headers=challenge)
            return view(*args, **kwargs)

        guarded.access = f"scopes:{','.join(scopes)}"
        guarded.required_scopes = scopes
        return _document_security(guarded, [{"bearer": list(scopes)}])

    return decorate


def _document_security(view, security: list[dict]):
    """Record the view's OpenAPI `security` (app.api.documented: no wrapper around the view)."""
    return documented(security=security)(view)


def operator_token_authenticator(app: Flask) -> Authenticator:
    """SATUPINTU_ADMIN_TOKEN (at least 32 characters) acts as a platform admin."""
    expected = app.config["ADMIN_TOKEN"]

    def authenticate(token: str) -> Principal | None:
        if len(expected) >= 32 and hmac.compare_digest(token.encode(), expected.encode()):
            return Principal(subject="operator", roles=frozenset({PLATFORM_ADMIN}))
        return None

    return authenticate


def init_app(app: Flask) -> None:
    app.extensions["satupintu.authenticators"] = [operator_token_authenticator(app)]
