"""app.api.StrictParser remembers parsed query arguments per schema and query string."""

from __future__ import annotations

import marshmallow as ma
import pytest
from werkzeug.exceptions import UnprocessableEntity

from app.api import StrictParser


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1)
    state = ma.fields.List(ma.fields.String(), load_default=list)


class HookedArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1)

    @ma.post_load
    def stamp(self, data, **_kwargs):
        data["calls"] = data.get("calls", 0) + 1
        return data


@pytest.fixture
def loads(monkeypatch):
    """Counts marshmallow loads of every schema."""
    counted = []
    real = ma.Schema.load

    def load(self, *args, **kwargs):
        counted.append(type(self).__name__)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ma.Schema, "load", load)
    return counted


def _parse(app, parser, schema, query: str):
    with app.test_request_context(f"/api/v1/x?{query}"):
        return parser.parse(schema, location="query")


def test_the_same_query_string_is_parsed_once_and_each_caller_gets_its_own_copy(app, loads):
    parser = StrictParser()
    first = _parse(app, parser, PageArgs, "page=2&state=a&state=b")
    first["state"].append("mutated by a view")
    second = _parse(app, parser, PageArgs, "page=2&state=a&state=b")
    assert second == {"page": 2, "state": ["a", "b"]}
    assert loads == ["PageArgs"]
    assert _parse(app, parser, PageArgs, "page=3") == {"page": 3, "state": []}
    assert loads == ["PageArgs", "PageArgs"]


def test_a_schema_with_load_hooks_is_parsed_every_time(app, loads):
    parser = StrictParser()
    for _ in range(2):
        assert _parse(app, parser, HookedArgs, "page=2") == {"page": 2, "calls": 1}
    assert loads == ["HookedArgs", "HookedArgs"]


def test_refused_arguments_are_refused_every_time(app):
    parser = StrictParser()
    for _ in range(2):
        with pytest.raises(UnprocessableEntity):
            _parse(app, parser, PageArgs, "page=x")
        with pytest.raises(UnprocessableEntity):
            _parse(app, parser, PageArgs, "unknown=1")
