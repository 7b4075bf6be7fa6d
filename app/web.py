"""Per-request plumbing: request id, locale, body content type, response headers, CORS."""

from __future__ import annotations

import re
import uuid
from functools import partial
from types import FunctionType

from flask import Flask, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_cors import CORS

from app import i18n
from app.api import API_PREFIX
from app.problems import Problem

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPES = frozenset({"application/json", "application/merge-patch+json"})


def accepts(*mimetypes: str):
    """Let a view take request bodies other than JSON (e.g. multipart uploads)."""

    def mark(view):
        view.accepted_mimetypes = frozenset(mimetypes)
        return view

    return mark


def _start_request() -> None:
    environ = request.environ
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    # fullmatch: `match` with `$` would let a trailing newline through into headers and logs.
    g.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    # Most API calls send no Accept-Language; an absent header needs no parsing.
    has_languages = environ.get("HTTP_ACCEPT_LANGUAGE")
    g.locale = i18n.negotiate(request.accept_languages) if has_languages else i18n.DEFAULT_LOCALE
    _refuse_nul_characters(environ)
    if request.method in _BODY_METHODS and request.path.startswith(API_PREFIX):
        _check_body_type()


def _refuse_nul_characters(environ) -> None:
    """NUL never belongs in text, and PostgreSQL cannot store it: refuse it at the door
    (a 404 in the path, a 422 in parameters or JSON) rather than fail deep in the database."""
    if "\x00" in request.path:
        raise Problem(404)
    message = [i18n.t("field.nul_character")]
    if "%00" in environ.get("QUERY_STRING", ""):
        names = sorted({name for name, value in request.args.items(multi=True)
                        if "\x00" in name or "\x00" in value})
        raise Problem(422, errors={name.replace("\x00", "") or "_query": message for name in names})
    if request.method in _BODY_METHODS and request.is_json and b"\\u0000" in request.get_data():
        raise Problem(422, errors={"_body": message})


def _check_body_type() -> None:
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if not has_body or request.routing_exception is not None:
        return  # an unknown URL or method answers 404/405, whatever the body
    allowed = getattr(_view_function(), "accepted_mimetypes", JSON_TYPES)
    if request.mimetype not in allowed:
        raise Problem(415, params={"expected": ", ".join(sorted(allowed))})


def _view_function():
    """The function that will handle this request (a MethodView's method included)."""
    view = current_app.view_functions.get(request.endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return getattr(view_class, request.method.lower(), None)
    return view


def _finish_request(response):
    headers = response.headers
    headers["X-Request-ID"] = g.get("request_id", "")
    # Names already set, looked up once (werkzeug's setdefault scans the headers each time).
    present = {name.lower() for name, _value in headers.items()}
    defaults = [("Content-Language", g.get("locale", i18n.DEFAULT_LOCALE)),
                ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")]
    api = request.path.startswith(API_PREFIX)
    defaults.append(("Cache-Control", "no-store") if api else ("X-Frame-Options", "DENY"))
    for name, value in defaults:
        if name.lower() not in present:
            headers.add(name, value)
    if api:
        varies = ["Accept-Language"]
        if current_app.config["CORS_ORIGINS"]:
            # CORS headers depend on the caller's Origin; flask-cors only says so for some
            # configurations and never when the request had no Origin, which shared caches keep.
            varies.append("Origin")
        if "vary" not in present:
            headers.add("Vary", ", ".join(varies))
        else:
            for name in varies:
                if name not in response.vary:
                    response.vary.add(name)
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus building a signer on requests that carry no session
    cookie (API calls never do): an empty session is all such a request can get anyway."""

    def open_session(self, app, request):
        if app.secret_key and (not request.environ.get("HTTP_COOKIE")
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)


def _remember_sync_callables(app: Flask) -> None:
    """Flask asks `inspect.iscoroutinefunction` about every hook and view on every request
    (`ensure_sync`, a dozen times per call); functions never change their nature, so each
    function's answer is remembered. Bound methods (a new object per access) are asked as before."""
    ask = app.ensure_sync
    known: dict = {}

    def ensure_sync(func):
        answer = known.get(func) if isinstance(func, (FunctionType, partial)) else None
        if answer is None:
            answer = ask(func)
            if isinstance(func, (FunctionType, partial)):
                known[func] = answer
        return answer

    app.ensure_sync = ensure_sync


def init_app(app: Flask) -> None:
    _remember_sync_callables(app)
    app.session_interface = CookieSessions()
    app.before_request(_start_request)
    app.after_request(_finish_request)
    origins = list(app.config["CORS_ORIGINS"])
    if origins:
        CORS(
            app,
            resources={f"{API_PREFIX}/*": {"origins": origins}},
            expose_headers=["ETag", "X-Request-ID", "Link"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match",
                           "Idempotency-Key", "Accept-Language", "X-Request-ID"],
            max_age=600,
        )
