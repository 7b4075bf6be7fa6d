"""Per-request plumbing: request id, locale, body content type, response headers, CORS."""

from __future__ import annotations

import json
import os
import re
from inspect import CO_COROUTINE
from types import FunctionType
from urllib.parse import parse_qsl

from flask import Flask, Request, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_cors import CORS
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from app import i18n
from app.api import API_PREFIX
from app.problems import Problem

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPES = frozenset({"application/json", "application/merge-patch+json"})
_COROUTINE_MARK = "_is_coroutine_marker"  # the attribute inspect.markcoroutinefunction sets (3.12+)


def accepts(*mimetypes: str):
    """Let a view take request bodies other than JSON (e.g. multipart uploads)."""

    def mark(view):
        view.accepted_mimetypes = frozenset(mimetypes)
        return view

    return mark


def _start_request() -> None:
    req = request._get_current_object()  # each proxy access resolves the context again
    state = g._get_current_object()
    environ = req.environ
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    # fullmatch: `match` with `$` would let a trailing newline through into headers and logs.
    state.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else new_request_id()
    # Most API calls send no Accept-Language; an absent header needs no parsing.
    has_languages = environ.get("HTTP_ACCEPT_LANGUAGE")
    state.locale = i18n.negotiate(req.accept_languages) if has_languages else i18n.DEFAULT_LOCALE
    if "HTTP_TRANSFER_ENCODING" in environ and req.method in _BODY_METHODS:
        _refuse_oversized_stream(req, environ)
    _refuse_unstorable_text(req, environ)
    if req.method in _BODY_METHODS and req.path.startswith(API_PREFIX):
        _check_body_type(req)


def new_request_id() -> str:
    """128 random bits as 32 hex digits (uuid4().hex's form, without building a UUID)."""
    return os.urandom(16).hex()


def _refuse_oversized_stream(req, environ) -> None:
    """413 for a chunked body over MAX_CONTENT_LENGTH, as for a declared Content-Length: werkzeug
    stops reading such a stream at the limit without a word, and the cut body then failed as
    malformed JSON (400)."""
    limit = req.max_content_length
    if limit is not None and len(req.get_data()) >= limit and environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()


def _refuse_unstorable_text(req, environ) -> None:
    """Text no database can store is refused at the door (a 404 in the path, a 422 in parameters
    or bodies) rather than failing deep in the database, or in a password hasher: NUL (which
    PostgreSQL refuses), in the path, the query, JSON and form bodies; and in JSON a lone UTF-16
    surrogate (`"\\ud800"`), which decodes to a Python string that has no UTF-8 form."""
    if "\x00" in req.path:
        raise Problem(404)
    if "%00" in environ.get("QUERY_STRING", ""):
        names = sorted({name for name, value in req.args.items(multi=True)
                        if "\x00" in name or "\x00" in value})
        message = [i18n.t("field.nul_character")]
        raise Problem(422, errors={name.replace("\x00", "") or "_query": message for name in names})
    if req.method not in _BODY_METHODS:
        return
    if req.is_json:
        body = req.get_data()
        if b"\\u0000" in body:
            raise Problem(422, errors={"_body": [i18n.t("field.nul_character")]})
        if (b"\\ud" in body or b"\\uD" in body) and _has_lone_surrogate(body):
            raise Problem(422, errors={"_body": [i18n.t("field.lone_surrogate")]})
    elif req.mimetype == _URLENCODED:  # the sign-in pages and the OAuth endpoints
        body = req.get_data()  # kept by werkzeug for the form parser (and read_urlencoded_form)
        if b"%00" in body or b"\x00" in body:
            raise Problem(422, errors={"_body": [i18n.t("field.nul_character")]})


def _has_lone_surrogate(body: bytes) -> bool:
    """Whether the JSON `body` holds a string with a lone surrogate (not JSON: the parser says so
    later). Only asked when the body has a `\\uD...` escape at all."""
    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode()  # no UTF-8 form: raises
    except UnicodeEncodeError:
        return True
    except (ValueError, RecursionError):
        pass
    return False


def _check_body_type(req) -> None:
    has_body = req.content_length or req.headers.get("Transfer-Encoding")
    if not has_body or req.routing_exception is not None:
        return  # an unknown URL or method answers 404/405, whatever the body
    allowed = getattr(_view_function(req), "accepted_mimetypes", JSON_TYPES)
    if req.mimetype not in allowed:
        raise Problem(415, params={"expected": ", ".join(sorted(allowed))})


def _view_function(req):
    """The function that will handle this request (a MethodView's method included)."""
    view = current_app.view_functions.get(req.endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return getattr(view_class, req.method.lower(), None)
    return view


def read_urlencoded_form(req: Request) -> None:
    """Parse a small `application/x-www-form-urlencoded` body into `req.form` straight from its
    bytes: what werkzeug's form parser would give (invalid UTF-8 an empty form, as there),
    for a tenth of its cost, which on the token endpoint was a sixth of the request. Anything
    else (another type, no Content-Length, chunked, a form already read) is left to werkzeug. The
    body is the one werkzeug keeps (the door has read it), and too large a one answers 413."""
    environ = req.environ
    if ("form" in req.__dict__ or not environ.get("CONTENT_LENGTH") or environ.get("HTTP_TRANSFER_ENCODING")
            or environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower() != _URLENCODED):
        return
    try:
        items = parse_qsl(req.get_data().decode(), keep_blank_values=True, errors="werkzeug.url_quote")
    except ValueError:  # UnicodeDecodeError included
        items = []
    req.form = MultiDict(items)  # werkzeug's cached property: what req.form and req.values read
    req.files = MultiDict()


_URLENCODED = "application/x-www-form-urlencoded"
_SECURITY_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))


def _response_headers(cors: bool):
    """The after-request hook giving every response its request id, language, security and
    caching headers. Built once per app: with CORS on, API answers also vary on Origin (flask-cors
    only says so for some configurations and never when the request had no Origin, which shared
    caches keep)."""
    api_varies = ("Accept-Language", "Origin") if cors else ("Accept-Language",)
    api_vary = ", ".join(api_varies)

    def finish_request(response):
        state = g._get_current_object()  # each proxy access resolves the context again
        path = request._get_current_object().path
        headers = response.headers
        # Names already set, looked up once (werkzeug's setdefault scans the headers each time).
        present = {name.lower() for name, _value in headers.items()}
        request_id = state.get("request_id", "")
        if "x-request-id" in present:
            headers["X-Request-ID"] = request_id  # ours replaces a view's
        else:
            headers.add("X-Request-ID", request_id)
        if "content-language" not in present:
            headers.add("Content-Language", state.get("locale", i18n.DEFAULT_LOCALE))
        for name, value in _SECURITY_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        if path.startswith(API_PREFIX):
            if "cache-control" not in present:
                headers.add("Cache-Control", "no-store")
            if "vary" not in present:
                headers.add("Vary", api_vary)
            else:
                vary = response.vary
                for name in api_varies:
                    if name not in vary:
                        vary.add(name)
        elif "x-frame-options" not in present:
            headers.add("X-Frame-Options", "DENY")
        return response

    return finish_request


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the work a request without a session needs none of:
    building a signer when the request carries no session cookie (API calls never do; an empty
    session is all such a request can get anyway), and reading seven cookie settings to then
    neither write, delete nor vary on a cookie for a session nobody touched."""

    def open_session(self, app, request):
        if app.secret_key and (not request.environ.get("HTTP_COOKIE")
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def _answer_sync_functions_directly(app: Flask) -> None:
    """Flask asks `inspect.iscoroutinefunction` about every hook and view on every request
    (`ensure_sync`, a dozen times per call). For a plain function the answer is its code's
    coroutine flag, or from Python 3.12 a mark `inspect.markcoroutinefunction` sets: read here
    directly (a third of the cost). Anything else (bound methods, partials such as
    after_this_request's, marked functions) is asked as before."""
    ask = app.ensure_sync

    def ensure_sync(func):
        if (type(func) is FunctionType and not func.__code__.co_flags & CO_COROUTINE
                and _COROUTINE_MARK not in func.__dict__):
            return func
        return ask(func)

    app.ensure_sync = ensure_sync


def init_app(app: Flask) -> None:
    _answer_sync_functions_directly(app)
    app.session_interface = CookieSessions()
    app.before_request(_start_request)
    origins = list(app.config["CORS_ORIGINS"])
    app.after_request(_response_headers(cors=bool(origins)))
    if origins:
        CORS(
            app,
            resources={f"{API_PREFIX}/*": {"origins": origins}},
            expose_headers=["ETag", "X-Request-ID", "Link"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match",
                           "Idempotency-Key", "Accept-Language", "X-Request-ID"],
            max_age=600,
        )
