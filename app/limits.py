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

from collections import defaultdict
from functools import wraps

from flask import Flask, Response, current_app, request
from flask.globals import request_ctx
from flask_limiter import Limiter
from flask_limiter._extension import LimiterContext


class _Limiter(Limiter):
    """Flask-Limiter, minus its before-request pass when that pass cannot find anything to check.

    Flask-Limiter checks a decorated limit (`rate_limit` below) inside the decorated view, with
    `in_middleware=False`. Its before-request pass (`in_middleware=True`) can only ever apply
    application-wide, default, blueprint or meta limits; this app configures none of them, yet
    that pass resolved the view, its exemptions and its hints on every request (about 1 ms).
    So it is skipped while none are configured; decorated limits still count on every call.
    Its per-request state (`context`) is also found with one context lookup instead of three."""

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


limiter = _Limiter(key_func=lambda: request.remote_addr or "unknown", default_limits=[],
                   headers_enabled=True, strategy="moving-window")


def rate_limit(config_key: str):
    """Limit a view to the rate in `config_key` (read on each request, so tests can change it)."""
    return limiter.limit(lambda: current_app.config[config_key])


def init_app(app: Flask) -> None:
    from app.config import apply_defaults

    apply_defaults(app.config, {"RATELIMIT_ENABLED": True, "RATELIMIT_HEADERS_ENABLED": True})
    limiter.init_app(app)
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
            if hasattr(request_ctx, "_limiter_request_context"):
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
