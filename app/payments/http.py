"""Outbound HTTP for gateway adapters (standard library only): a timeout on every call, redirects
never followed (a gateway that redirects is answering something else), JSON in and out."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # the 3xx reaches the caller as it is


_opener = urllib.request.build_opener(_NoRedirects)


def call(method: str, url: str, *, timeout: float, json_body: Any = None, data: bytes | None = None,
         headers: Mapping[str, str] | None = None,
         basic_auth: tuple[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body). OSError (URLError, timeouts, refused connections) when there is no answer."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise OSError(f"refusing a non-HTTP URL for a gateway call: {url[:40]!r}")
    sent = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body).encode()
        sent["Content-Type"] = "application/json"
    if basic_auth is not None:
        sent["Authorization"] = "Basic " + base64.b64encode(":".join(basic_auth).encode()).decode()
    request = urllib.request.Request(url, data=data, headers=sent, method=method)  # noqa: S310 - http(s) only
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # an answer, just not a 2xx
        with error:
            return error.code, error.read()
