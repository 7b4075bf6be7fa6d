"""Rate limits after the before-request shortcut (app.limits): a limited route still counts every
call and says so in its headers; an unlimited one pays for nothing and shows no limit."""

from __future__ import annotations

import time


def test_a_limited_route_counts_every_call_and_shows_its_limit(client, override_config):
    override_config(RATELIMIT_DOCUMENT_VERIFY="3/minute")
    answers = [client.get("/api/v1/documents/verify", query_string={"token": "x"}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    assert "Retry-After" in answers[3].headers


def test_an_unlimited_route_shows_no_limit(client):
    answer = client.get("/api/v1/catalog")
    assert answer.status_code == 200
    assert not [name for name, _value in answer.headers.items() if name.lower().startswith("x-ratelimit")]


def test_the_shortcuts_still_reach_into_flask_limiter(app):
    """They lean on Flask-Limiter's private parts: after an upgrade that moved them, this fails
    instead of every request silently paying again (or failing on a missing attribute)."""
    from app.limits import limiter

    hooks = app.after_request_funcs[None] + app.teardown_request_funcs[None]
    limiters = [hook for hook in hooks
                if getattr(hook, "args", None) == (limiter,) or getattr(hook, "__self__", None) is limiter]
    assert not limiters  # none left unguarded
    guarded = [getattr(hook, "__wrapped__", None) for hook in hooks]
    guarded = [hook for hook in guarded
               if getattr(hook, "args", None) == (limiter,) or getattr(hook, "__self__", None) is limiter]
    assert len(guarded) == 2  # the header injection and the context release
    assert limiter._has_request_wide_limits() is False  # so the before-request pass is skipped


def _verify(client):
    return client.get("/api/v1/documents/verify", query_string={"token": "x"})


def _limit_headers(response):
    return {name: response.headers.get(name) for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining")}


def test_several_limits_show_the_smallest_window_until_one_is_breached(client, override_config):
    override_config(RATELIMIT_DOCUMENT_VERIFY="5/hour;2/minute")
    answers = [_verify(client) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert [_limit_headers(answer) for answer in answers] == [
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "1"},
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0"},
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0"},
    ]
    assert answers[2].mimetype == "application/problem+json"
    assert all(0 < int(answer.headers["Retry-After"]) <= 60 for answer in answers)
    assert all(int(answer.headers["X-RateLimit-Reset"]) > 0 for answer in answers)


def test_counting_directly_matches_flask_limiter_and_shares_its_counts(app, client, override_config,
                                                                      monkeypatch):
    """rate_limit counts by itself what `limiter.limit` would (same storage keys): calls through
    either path use up the same allowance and answer the same headers."""
    from app.limits import _DIRECT

    override_config(RATELIMIT_DOCUMENT_VERIFY="3/minute")
    answers = []
    for direct in (True, False, True, False):
        monkeypatch.setitem(app.extensions, _DIRECT, direct)
        answers.append(_verify(client))
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [_limit_headers(answer)["X-RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    assert [answer.headers["X-RateLimit-Limit"] for answer in answers] == ["3"] * 4
    names = [sorted(answer.headers.keys()) for answer in answers]
    assert names[1:] == names[:1] * 3


def test_flask_limiter_settings_rate_limit_does_not_reproduce_make_it_defer():
    from types import SimpleNamespace

    from app.limits import _counts_directly

    plain = {"RATELIMIT_ENABLED": True, "RATELIMIT_HEADERS_ENABLED": True,
             "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_DOCUMENT_VERIFY": "120/minute"}
    assert _counts_directly(SimpleNamespace(config=plain))
    for setting in ("RATELIMIT_SWALLOW_ERRORS", "RATELIMIT_KEY_PREFIX", "RATELIMIT_HEADER_LIMIT",
                    "RATELIMIT_IN_MEMORY_FALLBACK", "RATELIMIT_DEFAULT", "RATELIMIT_ON_BREACH_CALLBACK"):
        assert not _counts_directly(SimpleNamespace(config={**plain, setting: "x"}))


def test_in_memory_counts_are_swept_once_a_second_on_a_daemon_thread(app, client, override_config):
    """memory:// sweeps expired entries every second, not with a new thread every 10 ms; the
    sweep only frees memory, so windows still end on time."""
    from app.limits import _SWEEP_SECONDS, _MemoryStorage, limiter

    if app.config["RATELIMIT_STORAGE_URI"] != "memory://":
        return
    assert type(limiter.storage) is _MemoryStorage
    override_config(RATELIMIT_DOCUMENT_VERIFY="2/second")
    assert [_verify(client).status_code for _ in range(3)] == [200, 200, 429]
    timer = limiter.storage.timer
    assert timer.interval == _SWEEP_SECONDS and timer.daemon and timer.is_alive()
    time.sleep(1.05)  # the window has passed, whether or not the sweep ran yet
    assert _verify(client).status_code == 200
