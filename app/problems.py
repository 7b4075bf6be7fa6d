"""Errors as RFC 9457 `application/problem+json`, localised, always with a request id."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Response, g, json
from werkzeug.exceptions import HTTPException

from app import i18n
from app import messages as _texts  # noqa: F401 - registers the problem texts
from app.field_messages import localise_errors

log = logging.getLogger("satupintu.problems")

PROBLEM_JSON = "application/problem+json"

_CODE_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    408: "request-timeout",
    409: "conflict",
    410: "gone",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    416: "range-not-satisfiable",
    422: "invalid-fields",
    428: "precondition-required",
    429: "too-many-requests",
    500: "internal-error",
    501: "not-implemented",
    503: "unavailable",
}


class Problem(Exception):
    """Raise from anywhere to answer with a problem document.

    `code` names the texts `problem.<code>.title` / `.detail`; `params` fill the detail.
    """

    def __init__(
        self,
        status: int,
        code: str | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ):
        super().__init__(code or _CODE_BY_STATUS.get(status, "bad-request"))
        self.status = status
        self.code = code or _CODE_BY_STATUS.get(status, "bad-request")
        self.params = dict(params or {})
        self.errors = errors
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def problem_response(problem: Problem) -> Response:
    locale = i18n.current_locale()
    body: dict[str, Any] = {
        "type": f"urn:satupintu:problem:{problem.code}",
        "title": i18n.t(f"problem.{problem.code}.title", locale),
        "status": problem.status,
        "detail": i18n.t(f"problem.{problem.code}.detail", locale, **problem.params),
        "request_id": g.get("request_id"),
    }
    if problem.errors is not None:
        body["errors"] = localise_errors(problem.errors, locale)
    body.update(problem.extra)
    response = Response(json.dumps(body), status=problem.status, mimetype=PROBLEM_JSON)
    response.headers.update(problem.headers)
    response.headers["Content-Language"] = locale
    response.headers["Cache-Control"] = "no-store"
    return response


def _flatten_webargs(messages: Mapping[str, Any]) -> dict[str, Any]:
    """webargs nests errors by location ({"json": {...}, "query": {...}}); clients want fields."""
    flat: dict[str, Any] = {}
    for location_errors in messages.values():
        if isinstance(location_errors, Mapping):
            flat.update(location_errors)
        else:
            flat.setdefault("_body", []).extend(location_errors)
    return flat


def from_http_exception(error: HTTPException) -> Problem:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(error.get_headers()) if hasattr(error, "get_headers") else {}
    headers.pop("Content-Type", None)
    if status == 400 and "json" in data.get("messages", {}) and not isinstance(
        data["messages"]["json"], Mapping
    ):
        return Problem(400, "malformed-json")
    if status == 422:
        return Problem(422, errors=_flatten_webargs(data.get("messages", {})), headers=headers)
    if status == 413:
        from flask import current_app

        return Problem(413, params={"limit": current_app.config["MAX_CONTENT_LENGTH"]})
    if status == 405:
        return Problem(405, headers={"Allow": headers.get("Allow", "")})
    if status not in _CODE_BY_STATUS:
        status = 500 if status >= 500 else 400
    return Problem(status, headers=headers)
