"""Server-rendered pages: locale, a per-response CSP nonce for the inline stylesheet,
no caching, no framing."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import make_response, render_template

from app import i18n

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,60}\Z")
_HOST = re.compile(r"^[A-Za-z0-9.:\[\]-]{1,255}\Z")


def origin_source(uri: str | None) -> str:
    """A CSP source for the client's redirect target: browsers apply form-action to the
    redirects that follow a form post, and ours end at the client."""
    if not uri:
        return ""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if not _SCHEME.match(scheme):
        return ""
    if scheme in ("http", "https"):
        host = parts.netloc.rsplit("@", 1)[-1]
        return f"{scheme}://{host}" if _HOST.match(host) else ""
    return f"{scheme}:"


def page_headers(response, nonce: str, form_target: str = ""):
    form_action = " ".join(filter(None, ("'self'", form_target)))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; "
        f"form-action {form_action}; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    # same-origin (not no-referrer) so Flask-WTF's https Referer check can see our own pages
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def render_page(template: str, *, status: int = 200, redirect_uri: str | None = None, **context):
    nonce = secrets.token_urlsafe(16)
    locale = i18n.current_locale()
    html = render_template(template, t=i18n.t, locale=locale, csp_nonce=nonce, **context)
    response = make_response(html, status)
    response.headers["Content-Language"] = locale
    return page_headers(response, nonce, origin_source(redirect_uri))


def render_error(error: str, description: str | None, *, status: int = 400, expired: bool = False,
                 too_many: bool = False):
    return render_page("oidc/error.html", status=status, error=error, description=description,
                       expired=expired, too_many=too_many)


def refused_page(problem) -> object:
    """What the app refuses before a page's view runs (text with NUL, a body too large) as the
    page's own error page: a browser shows it, where problem JSON would be raw text."""
    return render_error("invalid_request", None, status=problem.status)
