"""Rate limits after the before-request shortcut (app.limits): a limited route still counts every
call and says so in its headers; an unlimited one pays for nothing and shows no limit."""

from __future__ import annotations


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
