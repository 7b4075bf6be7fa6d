"""The REST API: flask-smorest under /api/v1, problem+json errors, OpenAPI security schemes."""

from __future__ import annotations

import http
import logging
from copy import deepcopy

import flask
import flask_smorest
import marshmallow as ma
from flask import Flask
from flask_smorest.utils import deepupdate
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from webargs.core import _UNKNOWN_DEFAULT_PARAM
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, InternalServerError

from app.problems import PROBLEM_JSON, Problem, from_http_exception, problem_response

log = logging.getLogger("satupintu.api")

API_PREFIX = "/api/v1"


_QUERY_LOCATIONS = frozenset({"query", "querystring"})
_PARSED_MAX = 2048  # remembered query strings per process (oldest dropped first)


def _pure(argmap) -> bool:
    """A schema (class or instance) without pre/post-load or schema-validation hooks."""
    schema = argmap if isinstance(argmap, ma.Schema) else None
    if schema is None and not (isinstance(argmap, type) and issubclass(argmap, ma.Schema)):
        return False  # a dict or a callable: built per call
    return not any((schema or argmap)._hooks.values())  # a defaultdict: loading adds empty lists


class StrictParser(FlaskParser):
    """Unknown query parameters are errors too, not silently dropped.

    A schema given as a class is instantiated once, not on every request (webargs' default):
    building a schema deep-copies its fields, which cost more than parsing a query string.
    Loading keeps no state on the schema, so one instance serves every request and thread.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE,
                                   "querystring": ma.RAISE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[type[ma.Schema], ma.Schema] = {}
        self._parsed: dict = {}  # (schema, location, options, query string) -> parsed arguments

    def _get_schema(self, argmap, req) -> ma.Schema:
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            schema = self._schemas.get(argmap)
            if schema is None:
                schema = self._schemas.setdefault(argmap, argmap())
            return schema
        return super()._get_schema(argmap, req)

    def parse(self, argmap, req=None, *, location=None, unknown=_UNKNOWN_DEFAULT_PARAM, validate=None,
              error_status_code=None, error_headers=None):
        """Query arguments are parsed once per schema and query string, then remembered: an app
        asks for the same few pages over and over, and loading them through marshmallow costs
        more than the page's query. A query schema is a pure function of the query string (the
        module contract, docs/modules.md); schemas with load hooks, and every other location,
        are parsed each time. Failures are not remembered (they raise). A copy is returned."""
        options = {"location": location, "unknown": unknown, "validate": validate,
                   "error_status_code": error_status_code, "error_headers": error_headers}
        if location not in _QUERY_LOCATIONS or validate is not None or not _pure(argmap):
            return super().parse(argmap, req, **options)
        key = (argmap, location, unknown, error_status_code, (req or flask.request).query_string)
        parsed = self._parsed.get(key)
        if parsed is None:
            parsed = super().parse(argmap, req, **options)
            if len(self._parsed) >= _PARSED_MAX:
                self._parsed.pop(next(iter(self._parsed)))
            self._parsed[key] = parsed
        return {name: list(value) if isinstance(value, list) else value for name, value in parsed.items()}

    def load_json(self, req, schema):
        try:
            return super().load_json(req, schema)
        except RecursionError as error:  # nesting deeper than the decoder's stack: not usable JSON
            return self._handle_invalid_json_error(error, req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def documented(**doc):
    """flask-smorest's `Blueprint.doc(**doc)` for the OpenAPI document, without the wrapper it
    puts around the view (one more call, app lookup and sync check on every request)."""

    def decorate(view):
        apidoc = deepcopy(getattr(view, "_apidoc", {}))  # @wraps may share the wrapped view's dict
        apidoc["manual_doc"] = deepupdate(deepcopy(apidoc.get("manual_doc", {})), doc)
        view._apidoc = apidoc
        return view

    return decorate


def documented_response(blp: flask_smorest.Blueprint, status_code: int, schema=None, **options):
    """`blp.response(...)` for a view that returns its own Response: the same OpenAPI record, and
    no wrapper (flask-smorest's would only hand that Response back, with a call, an app lookup
    and a sync check on every request)."""

    def decorate(view):
        view._apidoc = blp.response(status_code, schema, **options)(view)._apidoc
        return view

    return decorate


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details (documentation only)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.Dict(metadata={"description": "Per-field messages (422)."})


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """The responses views refer to by status name; errors are documented as problem+json
        (flask-smorest would say application/json, which is not what clients receive)."""
        problem = {"content": {PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}}}
        for status in http.HTTPStatus:
            extra = problem if status >= 400 else {}
            self.spec.components.response(status.name, {"description": status.phrase, **extra}, lazy=True)
        self.spec.components.response(
            "DEFAULT_ERROR", {"description": "Error (problem details)", **problem}, lazy=True)

    def _register_error_handlers(self):
        app = self._app
        app.register_error_handler(Problem, problem_response)
        app.register_error_handler(HTTPException, self.handle_http_exception)
        app.register_error_handler(OperationalError, _database_unavailable)
        app.register_error_handler(PoolTimeout, _database_unavailable)
        app.register_error_handler(Exception, _unexpected)

    def handle_http_exception(self, error):
        if isinstance(error, InternalServerError) and error.original_exception is not None:
            return _unexpected(error.original_exception)
        return problem_response(from_http_exception(error))


def _database_unavailable(error: Exception):
    log.error("database unavailable: %s", type(error).__name__)
    return problem_response(Problem(503, headers={"Retry-After": "5"}))


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return problem_response(from_http_exception(error))
    log.exception("unhandled error")
    return problem_response(Problem(500))


def init_app(app: Flask) -> Api:
    app.config.update(
        API_TITLE="SatuPintu",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
    )
    api = Api(
        app,
        spec_kwargs={
            "info": {
                "description": "One door to government services. Errors are "
                "application/problem+json; texts follow Accept-Language (id, en).",
            },
        },
    )
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    app.extensions["satupintu.api"] = api
    return api
