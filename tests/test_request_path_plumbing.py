"""The work every request pays for stays small without changing what it does: request ids, the
database session, Flask's sync checks, the cookie session, the limiter's hooks, the issuer."""

from __future__ import annotations

import contextlib
import re
from types import FunctionType

from app.db import reads_outside_transaction, session
from app.web import new_request_id


def test_generated_request_ids_are_unique_32_hex_digits():
    ids = {new_request_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)


def test_asking_whether_reads_skip_the_transaction_creates_no_session(app):
    postgresql = app.extensions["satupintu.engine"].dialect.name == "postgresql"
    with app.app_context():
        session.remove()
        assert reads_outside_transaction() is postgresql
        assert not session.registry.has()


def test_a_session_bound_to_a_connection_keeps_reads_in_its_transaction(app):
    engine = app.extensions["satupintu.engine"]
    with app.app_context(), engine.connect() as connection:
        session.remove()
        session.configure(bind=connection)
        try:
            assert reads_outside_transaction() is False
            assert not session.registry.has()
        finally:
            session.configure(bind=None)


def test_a_request_leaves_no_session_behind(app):
    """Whether or not it used one: teardown removes (and so rolls back) the session it created."""
    client = app.test_client()
    for path in ("/healthz", "/api/v1/catalog"):
        assert client.get(path).status_code == 200
        assert not session.registry.has()


def test_plain_functions_are_answered_from_their_code_others_asked(app, monkeypatch):
    import flask.app

    asked = []
    check = flask.app.iscoroutinefunction
    monkeypatch.setattr(flask.app, "iscoroutinefunction", lambda func: asked.append(func) or check(func))

    def view():
        return "ok"

    class Resource:
        def get(self):
            return "ok"

    assert [app.ensure_sync(view)() for _ in range(3)] == ["ok"] * 3
    assert not asked  # a plain function's code says it is no coroutine function
    resource = Resource()
    assert [app.ensure_sync(resource.get)() for _ in range(3)] == ["ok"] * 3
    assert len(asked) == 3  # bound methods are asked every time

    async def coroutine_view():
        return "ok"

    marked = lambda: "ok"  # noqa: E731
    marked._is_coroutine_marker = object()  # as inspect.markcoroutinefunction (Python 3.12+) marks
    for func in (coroutine_view, marked):
        with contextlib.suppress(RuntimeError):  # Flask's async support needs asgiref
            app.ensure_sync(func)
    assert asked[3:] == [coroutine_view, marked]


def test_callables_made_per_request_are_not_kept(app):
    import gc
    import weakref
    from functools import partial

    def add_headers(response, count):
        return response

    made = [partial(add_headers, count=n) for n in range(100)]  # as after_this_request gets them
    for func in made:
        assert app.ensure_sync(func) is func
    alive = [weakref.ref(func) for func in made]
    del made, func
    gc.collect()
    assert not any(ref() for ref in alive)


def test_api_calls_leave_the_cookie_session_alone(client):
    response = client.get("/api/v1/catalog")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


def test_a_page_using_the_session_still_sets_its_cookie_and_varies(client):
    response = client.get("/oauth/login")
    assert any(cookie.startswith(("__Host-satupintu_csrf=", "satupintu_csrf="))
               for cookie in response.headers.getlist("Set-Cookie"))
    assert "Cookie" in response.vary


def test_the_derived_issuer_follows_each_requests_host(client):
    for base_url in ("http://a.example", "https://b.example:8443"):
        oidc = client.get("/.well-known/openid-configuration", base_url=base_url).get_json()
        assert oidc["issuer"] == base_url


def test_the_limiters_before_request_pass_is_a_plain_function(app):
    """So Flask's coroutine check on it is remembered (a bound method is asked on every request)."""
    from app.limits import limiter

    hooks = [hook for hook in app.before_request_funcs[None]
             if getattr(getattr(hook, "__wrapped__", None), "__self__", None) is limiter]
    assert len(hooks) == 1
    assert isinstance(hooks[0], FunctionType)


def test_a_chunked_body_over_the_limit_is_a_413_like_a_declared_one(client, app):
    """werkzeug stops reading a stream at MAX_CONTENT_LENGTH; the cut JSON used to answer 400."""
    import io

    limit = app.config["MAX_CONTENT_LENGTH"]
    for size, status in ((limit + 10, 413), (limit - 100, 422)):  # read whole, the schema answers
        body = b'{"full_name": "' + b"a" * size + b'"}'
        response = client.post("/api/v1/accounts/register", input_stream=io.BytesIO(body),
                               content_type="application/json", headers={"Transfer-Encoding": "chunked"},
                               environ_overrides={"wsgi.input_terminated": True})
        assert response.status_code == status, size
