"""What `make bench` measures. Each scenario is a row of SCENARIOS: a name, the server it loads
("app" or "hello") and a function that builds its requests against the running server (so it
can fetch what it needs first, such as an ETag). Add a scenario by adding a row."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.queries import ENGLISH, INDONESIAN, PLACES

Request = tuple  # (path with query string, headers), or (path, headers, form body) for a POST


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args):  # a redirect is the answer a scenario checks, not a hop
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(base_url: str, request: Request) -> Reply:
    path, headers, *body = request
    outgoing = urllib.request.Request(base_url + path, headers=headers,  # noqa: S310 - loopback URL
                                      data=body[0].encode() if body else None)
    try:
        with _opener.open(outgoing, timeout=10) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:  # 304 and 4xx arrive as errors from urllib
        return Reply(error.code, dict(error.headers), error.read())


@dataclass(frozen=True)
class Scenario:
    name: str
    server: str  # "app" or "hello"
    requests: Callable[[str], list[Request]]  # base URL -> requests to rotate through
    status: int = 200  # what every request must answer
    min_ratio: float | None = None  # target: at least this fraction of hello-world requests/s
    max_p99_ms: float | None = None  # target: 99th percentile latency at most this
    min_rps: float | None = None  # target: at least this many requests/s
    # every request may be sent once (a rotating refresh token): the plan is rebuilt for each
    # wrk run and only its first request is sent beforehand as the check
    single_use: bool = False


def _hello(_base_url: str) -> list[Request]:
    return [("/", {})]


def _first_page(_base_url: str) -> list[Request]:
    return [("/api/v1/catalog", {})]


def _text_search(_base_url: str) -> list[Request]:
    """Many different queries, each in the language it is written in, so no single result
    (or database page) dominates."""
    by_language = [(q, "id") for q in INDONESIAN + PLACES] + [(q, "en") for q in ENGLISH]
    return [(f"/api/v1/catalog?{urlencode({'q': q})}", {"Accept-Language": language})
            for q, language in by_language]


def _revalidation(base_url: str) -> list[Request]:
    """A client that already holds the first page asks whether it changed."""
    etag = fetch(base_url, ("/api/v1/catalog", {})).headers["ETag"]
    return [("/api/v1/catalog", {"If-None-Match": etag})]


def _data_access(base_url: str) -> list[Request]:
    """A citizen with 10,000 log entries reads their "who used my data" log: the newest page,
    one module's entries, and a page half-way down (keyset cursor)."""
    from bench.data_access import prepare

    token, middle = prepare(base_url)
    headers = {"Authorization": f"Bearer {token}"}
    return [("/api/v1/me/data-access", headers), ("/api/v1/me/data-access?module=bansos", headers),
            (f"/api/v1/me/data-access?cursor={middle}", {**headers, "Accept-Language": "en"})]


def _document_verification(base_url: str) -> list[Request]:
    """A verifier's scanner checks documents' QR codes: signature and current status."""
    from bench.documents import prepare

    return [(f"/api/v1/documents/verify?{urlencode({'token': token})}", {}) for token in prepare(base_url)]


def _refresh_tokens(base_url: str) -> list[Request]:
    """A mobile app trades its refresh token for new tokens; each token is good for one use, so
    every wrk run gets a fresh pool larger than it can spend."""
    import os

    from bench import sso

    return sso.refresh_tokens(base_url, count=int(os.environ.get("BENCH_DURATION") or 10) * 2500 + 1)


def _client_credentials(base_url: str) -> list[Request]:
    from bench import sso

    return sso.client_credentials(base_url)


def _me(base_url: str) -> list[Request]:
    """A signed-in citizen's profile with a JWT access token: signature and claims checked in
    memory, then one query for the grant and account."""
    from bench import sso

    return [("/api/v1/me", {"Authorization": f"Bearer {sso.me_token(base_url)}"})]


def _password_sign_in(base_url: str) -> list[Request]:
    from bench import sso

    return sso.sign_in_forms(base_url)


def _my_cases(base_url: str) -> list[Request]:
    """A citizen with 200 applications reads "my cases": the newest page, one state, page two."""
    from bench.transactions import citizen_token

    headers = {"Authorization": f"Bearer {citizen_token(base_url)}"}
    return [("/api/v1/me/cases", headers), ("/api/v1/me/cases?state=in_review", headers),
            ("/api/v1/me/cases?page=2", {**headers, "Accept-Language": "en"})]


def _unread_count(base_url: str) -> list[Request]:
    """The app's badge: how many notifications are unread (the same citizen, 200 of them)."""
    from bench.transactions import citizen_token

    return [("/api/v1/me/notifications/unread-count", {"Authorization": f"Bearer {citizen_token(base_url)}"})]


def _payment_callbacks(base_url: str) -> list[Request]:
    """The gateway reports invoices paid: each callback settles a different invoice (signature,
    event recorded once, invoice and charge locked, ledger journal, outbox message)."""
    import os

    from bench.transactions import settlement_callbacks

    return settlement_callbacks(base_url, count=int(os.environ.get("BENCH_DURATION") or 10) * 900 + 1)


def _floor(_base_url: str) -> list[Request]:
    """The app's own cost of a request (middleware, hooks, headers) on its cheapest endpoint:
    the ceiling every other scenario's ratio sits under. No target."""
    return [("/healthz", {})]


HELLO = Scenario("hello world (baseline)", "hello", _hello)
SCENARIOS = (
    Scenario("app floor: GET /healthz", "app", _floor),
    Scenario("catalog first page", "app", _first_page, min_ratio=0.5),
    Scenario("catalog text search over 27,000 entries", "app", _text_search,
             min_ratio=0.3, max_p99_ms=50),
    Scenario("catalog 304 revalidation", "app", _revalidation, status=304, min_ratio=0.7),
    Scenario("me/data-access, 10,000 entries", "app", _data_access, min_ratio=0.4),
    Scenario("documents/verify (QR scan)", "app", _document_verification, min_ratio=0.4),
    Scenario("token: refresh_token grant (rotating)", "app", _refresh_tokens, min_rps=1000, single_use=True),
    Scenario("token: client_credentials", "app", _client_credentials, min_rps=2000),
    Scenario("GET /api/v1/me (JWT access token)", "app", _me, min_ratio=0.5),
    Scenario("password sign-in (form post, argon2id)", "app", _password_sign_in, status=302, min_rps=30),
    Scenario("my cases (citizen with 200 cases)", "app", _my_cases, min_ratio=0.4),
    Scenario("notifications unread count", "app", _unread_count, min_ratio=0.6),
    Scenario("payment callback (settles an invoice)", "app", _payment_callbacks, min_rps=500,
             single_use=True),
)
