"""app.web.read_urlencoded_form (the token endpoint's form reader) gives what werkzeug's own
form parser gives, and leaves to werkzeug what it does not handle."""

import io
from urllib.parse import urlencode

import pytest
from flask import Flask, request
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from app.web import read_urlencoded_form

_app = Flask(__name__)
_app.config["MAX_CONTENT_LENGTH"] = 1024
_FORM = "application/x-www-form-urlencoded"


def _environ(body: bytes, content_type: str = _FORM, **headers) -> dict:
    environ = EnvironBuilder(path="/oauth/token", method="POST", data=body, content_type=content_type,
                             headers=headers).get_environ()
    environ["wsgi.input"] = io.BytesIO(body)
    return environ


def _werkzeug_form(environ: dict) -> list:
    with _app.request_context(dict(environ, **{"wsgi.input": io.BytesIO(environ["wsgi.input"].getvalue())})):
        return list(request.form.items(multi=True))


def _fast_form(environ: dict) -> tuple[list, bool]:
    """The form read_urlencoded_form leaves, and whether it read it (not werkzeug)."""
    with _app.request_context(environ):
        read_urlencoded_form(request)
        read_here = "form" in request.__dict__
        return list(request.form.items(multi=True)), read_here


@given(st.binary(max_size=200))
def test_any_body_parses_as_werkzeug_parses_it(body):
    environ = _environ(body)
    form, read_here = _fast_form(environ)
    assert read_here
    assert form == _werkzeug_form(_environ(body))


@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), max_size=6))
def test_encoded_pairs_parse_as_werkzeug_parses_them(pairs):
    body = urlencode(pairs).encode()
    assert _fast_form(_environ(body))[0] == _werkzeug_form(_environ(body))


def test_repeated_names_keep_every_value_in_order():
    form, _read_here = _fast_form(_environ(b"scope=a&scope=b+c&empty=&x=%2B"))
    assert form == [("scope", "a"), ("scope", "b c"), ("empty", ""), ("x", "+")]


def test_invalid_utf8_is_an_empty_form_as_in_werkzeug():
    body = b"grant_type=\xff\xfe"
    assert _fast_form(_environ(body)) == ([], True)
    assert _werkzeug_form(_environ(body)) == []


def test_what_it_does_not_handle_is_left_to_werkzeug():
    json_body = _environ(b'{"a": 1}', content_type="application/json")
    chunked = _environ(b"a=1", **{"Transfer-Encoding": "chunked"})
    for environ in (json_body, chunked):
        with _app.request_context(environ):
            read_urlencoded_form(request)
            assert "form" not in request.__dict__


def test_a_body_over_the_limit_is_werkzeugs_413_here_too():
    from werkzeug.exceptions import RequestEntityTooLarge

    with _app.request_context(_environ(b"a=" + b"x" * 2000)), pytest.raises(RequestEntityTooLarge):
        read_urlencoded_form(request)


def test_a_too_large_form_still_gets_werkzeugs_413(client):
    response = client.post("/oauth/token", data=b"grant_type=x&pad=" + b"x" * 3_000_000,
                           content_type=_FORM)
    assert response.status_code == 413


def test_the_token_endpoint_reads_its_parameters_through_it(client, monkeypatch):
    import flask.wrappers

    def werkzeug_parser(_request):
        raise AssertionError("the token endpoint went through werkzeug's form parser")

    monkeypatch.setattr(flask.wrappers.Request, "_load_form_data", werkzeug_parser)
    response = client.post("/oauth/token", data="grant_type=client_credentials&client_id=nobody",
                           content_type=_FORM + "; charset=utf-8")
    assert response.status_code == 401  # the parameters were read: the unknown client is refused
    assert response.get_json()["error"] == "invalid_client"
