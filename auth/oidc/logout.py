"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the SSO session and
revokes every grant issued under it. Without a valid id_token_hint the citizen confirms first,
so a stray link cannot sign anyone out; redirects go only to registered logout URIs."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from flask import g, redirect, request

from app import i18n
from app.access import public
from auth.oidc import sessions
from auth.oidc.clients import query_client
from auth.oidc.config import cookies_secure, issuer
from auth.oidc.forms import LogoutForm
from auth.oidc.models import SsoSession
from auth.oidc.pages import bp
from auth.oidc.rendering import render_error, render_page
from auth.oidc.tokens import ID_TOKEN_TYPES, InvalidToken, verify_signed

FIELDS = ("id_token_hint", "post_logout_redirect_uri", "state", "client_id")


def _hint_claims(value: str | None) -> dict | None:
    """Claims of an ID token we issued (it may have expired: logout comes later). Only an ID
    token: an access token, which the app may have handed to others, signs nobody out."""
    if not value:
        return None
    try:
        claims = verify_signed(value, typ=ID_TOKEN_TYPES)
    except InvalidToken:
        return None
    return claims if claims.get("iss") == issuer() else None


def _set_locale(values) -> None:
    for tag in values.get("ui_locales", "").split():
        if tag.split("-")[0].lower() in i18n.LOCALES:
            g.locale = tag.split("-")[0].lower()
            return


def _target(values, claims: dict | None) -> tuple[str | None, str | None]:
    """(redirect URI, error): a post-logout redirect only to a URI the client registered."""
    uri = values.get("post_logout_redirect_uri")
    if not uri:
        return None, None
    audience = (claims or {}).get("aud")
    client_id = values.get("client_id") or (audience[0] if isinstance(audience, list) else audience)
    client = query_client(client_id) if client_id else None
    if client is None or not client.check_post_logout_redirect_uri(uri):
        return None, "The post_logout_redirect_uri is not registered for this client."
    audiences = audience if isinstance(audience, list) else [audience]
    if claims is not None and client.client_id not in audiences:
        return None, "The id_token_hint was not issued to this client."
    state = values.get("state")
    return (f"{uri}{'&' if '?' in uri else '?'}{urlencode({'state': state})}" if state else uri), None


def _end_sessions(claims: dict | None) -> None:
    current = sessions.current_session()
    if current is not None:
        sessions.end(current)
    sid = (claims or {}).get("sid")
    if sid:
        from app import db

        try:
            hinted = db.session.get(SsoSession, uuid.UUID(str(sid)))
        except ValueError:
            hinted = None
        if hinted is not None and hinted.ended_at is None and str(hinted.account_id) == claims.get("sub"):
            sessions.end(hinted)


def _finish(target: str | None):
    response = redirect(target) if target else render_page("oidc/logged_out.html")
    response.delete_cookie(sessions.cookie_name(), path="/", secure=cookies_secure(), httponly=True,
                           samesite="Lax")
    return response


@bp.route("/oauth/logout", methods=["GET", "POST"])
@public
def logout():
    values = request.values
    _set_locale(values)
    if request.method == "POST" and "csrf_token" in request.form:
        form = LogoutForm()
        if not form.validate():
            return render_error("invalid_request", "The form has expired.", status=400, expired=True)
        claims = _hint_claims(form.id_token_hint.data)
        target, error = _target(values, claims)
        if error:
            return render_error("invalid_request", error, status=400)
        _end_sessions(claims)
        return _finish(target)

    claims = _hint_claims(values.get("id_token_hint"))
    target, error = _target(values, claims)
    if error:
        return render_error("invalid_request", error, status=400)
    current = sessions.current_session()
    if claims is not None and (current is None or str(current.account_id) == claims.get("sub")):
        _end_sessions(claims)
        return _finish(target)
    if current is None and claims is None:
        return _finish(target)
    form = LogoutForm(formdata=None, **{name: values.get(name, "") for name in FIELDS})
    return render_page("oidc/logout.html", form=form, redirect_uri=values.get("post_logout_redirect_uri"))
