"""Request rate limits (Flask-Limiter): no default limit, stricter named limits where needed.

    from app.limits import rate_limit
    @rate_limit("RATELIMIT_OTP")          # a config key holding e.g. "10/minute;60/hour"
    def view(): ...

Limits count per client IP in RATELIMIT_STORAGE_URI (memory:// by default, redis://... when
several processes serve the app). A breach answers 429 problem+json with Retry-After.
One Limiter serves the process (Flask-Limiter's usual pattern): decorators register on it at
import time and each create_app() binds it to that app's settings and storage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from functools import partial, wraps

from flask import Flask, Response, after_this_request, current_app, request
from flask.globals import request_ctx
from flask_limiter import Limiter
from flask_limiter._extension import LimiterContext
from flask_limiter.constants import ConfigVars
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import STRATEGIES
from werkzeug.http import parse_date

from app.problems import Problem

_SWEEP_SECONDS = 1.0


class _MemoryStorage(MemoryStorage):
    """limits' in-process storage (memory://), its expired entries swept once a second instead of
    every 10 ms. Sweeping only frees memory (counts and windows are judged from timestamps on
    every check), but each sweep is a new timer thread: under steady traffic one every 10 ms,
    about 0.5 ms of CPU each, i.e. 0.05-0.1 ms per limited request."""

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides MemoryStorage.__schedule_expiry
        if not self.timer.is_alive():
            self.timer = threading.Timer(_SWEEP_SECONDS, self._MemoryStorage__expire_events)
            self.timer.daemon = True  # only frees memory: never keeps the process from exiting
            self.timer.start()


class _Limiter(Limiter):
    """Flask-Limiter, minus its before-request pass when that pass cannot find anything to check.

    Flask-Limiter checks a decorated limit (`rate_limit` below) inside the decorated view, with
    `in_middleware=False`. Its before-request pass (`in_middleware=True`) can only ever apply
    application-wide, default, blueprint or meta limits; this app configures none of them, yet
    that pass resolved the view, its exemptions and its hints on every request (about 1 ms).
    So it is skipped while none are configured; decorated limits still count on every call.
    Its per-request state (`context`) is also found with one context lookup instead of three,
    and its memory:// storage sweeps expired entries less often (`_MemoryStorage`)."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        if type(self._storage) is MemoryStorage:
            self._storage = _MemoryStorage(wrap_exceptions=self._storage.wrap_exceptions)
            self._limiter = STRATEGIES[self._strategy](self._storage)

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and not self._has_request_wide_limits():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    @property
    def context(self) -> LimiterContext:
        """As Flask-Limiter's, with the request context resolved once: its own goes through the
        `request_ctx` proxy up to three times per access, and a limited request asks seven times."""
        ctx = request_ctx._get_current_object()
        contexts = getattr(ctx, "_limiter_request_context", None)
        if contexts is None:
            contexts = ctx._limiter_request_context = defaultdict(LimiterContext)
        return contexts[self]

    def _has_request_wide_limits(self) -> bool:
        manager = self.limit_manager
        return bool(self._meta_limits or manager._application_limits or manager._default_limits
                    or manager._blueprint_limits or self._in_memory_fallback)


def _client_address() -> str:
    return request._get_current_object().remote_addr or "unknown"  # the real request: no proxy lookup


limiter = _Limiter(key_func=_client_address, default_limits=[], headers_enabled=True,
                   strategy="moving-window")
log = logging.getLogger("flask-limiter")  # breaches are logged where Flask-Limiter logs them
_DIRECT = "satupintu.limits.direct"  # app.extensions: whether rate_limit may count by itself
_PARSED: dict[str, list] = {}


def rate_limit(config_key: str):
    """Limit a view to the rate in `config_key` (read on each request, so tests can change it).

    It counts as Flask-Limiter's `limiter.limit` does, with the same strategy, storage and keys
    (per client IP and endpoint; the limits smallest window first, stopping at a breach), and
    answers the same headers, but without that decorator's general resolution on every call
    (exemptions, default, blueprint and meta limits: none apply to these views), which cost
    about 0.1 ms per call. Where settings ask for more of Flask-Limiter (error handling, key
    prefixes, other header names...: see `_counts_directly`) the call goes through it."""

    def decorate(view):
        through_flask_limiter = limiter.limit(lambda: current_app.config[config_key])(view)

        @wraps(view)
        def limited(*args, **kwargs):
            app = current_app._get_current_object()
            if not app.extensions[_DIRECT]:
                return through_flask_limiter(*args, **kwargs)
            if limiter.enabled:
                _count(app.config[config_key], app.config["RATELIMIT_HEADERS_ENABLED"])
            return view(*args, **kwargs)

        return limited

    return decorate


def _count(limits: str, headers: bool) -> None:
    endpoint = request._get_current_object().endpoint
    key = _client_address()
    strategy = limiter.limiter
    shown = None
    for item in _parsed(limits):
        if not strategy.hit(item, key, endpoint):
            log.info("ratelimit %s (%s) exceeded at endpoint: %s", item, key, endpoint)
            if headers:
                after_this_request(partial(_add_headers, strategy, item, key, endpoint))
            raise Problem(429)
        shown = shown or item
    if headers and shown is not None:
        after_this_request(partial(_add_headers, strategy, shown, key, endpoint))


def _parsed(limits: str) -> list:
    """The limits of a setting such as "10/minute;60/hour", smallest window first (parsed once
    per distinct text). An empty or malformed setting limits nothing, as in Flask-Limiter (which
    logs the malformed one on each call)."""
    items = _PARSED.get(limits)
    if items is None:
        try:
            items = sorted(parse_many(limits)) if limits else []
        except ValueError as error:
            log.error("failed to load ratelimit %r: %s", limits, error)
            return []
        if len(_PARSED) > 64:  # settings are few; this only bounds misuse
            _PARSED.clear()
        _PARSED[limits] = items
    return items


def _add_headers(strategy, item, key: str, endpoint: str, response: Response) -> Response:
    """Flask-Limiter's headers for the limit shown: its amount, what remains of it, when it
    resets, and Retry-After (the later of that reset and a Retry-After the response has)."""
    window_reset, remaining = strategy.get_window_stats(item, key, endpoint)
    reset_at = int(window_reset + 1)
    headers = response.headers
    headers.add("X-RateLimit-Limit", str(item.amount))
    headers.add("X-RateLimit-Remaining", str(remaining))
    headers.add("X-RateLimit-Reset", str(reset_at))
    existing = headers.get("Retry-After")
    if existing is not None:
        retry_at = parse_date(existing)  # a date, or else seconds
        retry_at = time.mktime(retry_at.timetuple()) if retry_at else time.time() + int(existing)
        reset_at = max(int(retry_at), reset_at)
    headers.set("Retry-After", str(int(reset_at - time.time())))
    return response


# Flask-Limiter settings `rate_limit` does not reproduce: with any of them set, it defers.
_DEFERRING_SETTINGS = frozenset(
    value for name, value in vars(ConfigVars).items() if name.isupper()
) - {ConfigVars.ENABLED, ConfigVars.HEADERS_ENABLED, ConfigVars.STORAGE_URI,
     ConfigVars.STORAGE_OPTIONS, ConfigVars.STRATEGY}


def _counts_directly(app: Flask) -> bool:
    return not _DEFERRING_SETTINGS.intersection(app.config)


def init_app(app: Flask) -> None:
    from app.config import apply_defaults

    apply_defaults(app.config, {"RATELIMIT_ENABLED": True, "RATELIMIT_HEADERS_ENABLED": True})
    limiter.init_app(app)
    app.extensions[_DIRECT] = _counts_directly(app)
    _lighten_hooks(app)


def _lighten_hooks(app: Flask) -> None:
    """Flask-Limiter's after-request hook (rate-limit headers, deductions) and teardown (forget
    the request's limit state) only act on what a limit check recorded on the request context;
    on every other request they merely create that state to find it empty (about a tenth of a
    cheap request). So they run when a check ran: every limited route still gets its headers.
    Its before-request pass, a bound method, is called through a plain function: Flask then
    remembers that it is not a coroutine (app.web) instead of asking `inspect` on every request."""

    def when_checked(hook):
        @wraps(hook)
        def guarded(*args):
            if hasattr(request_ctx._get_current_object(), "_limiter_request_context"):
                return hook(*args)
            return args[0] if args and isinstance(args[0], Response) else None

        return guarded

    def as_function(hook):
        @wraps(hook)
        def call():
            return hook()

        return call

    wrappers = ((app.before_request_funcs, as_function), (app.after_request_funcs, when_checked),
                (app.teardown_request_funcs, when_checked))
    for funcs, wrap in wrappers:
        hooks = funcs.get(None, [])
        for index, hook in enumerate(hooks):
            if getattr(hook, "args", None) == (limiter,) or getattr(hook, "__self__", None) is limiter:
                hooks[index] = wrap(hook)


def reset() -> None:
    """Forget every counter (tests start each case with a clean slate)."""
    limiter.reset()
