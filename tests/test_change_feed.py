"""app.changes: per-process caches kept exact by PostgreSQL's LISTEN/NOTIFY.

The cache rules run without a database; the feed and the two caches built on it (the token's
principal, the /me profile) run against a scratch PostgreSQL database where every change is
really committed, since a notice exists only once its transaction commits."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date

import pytest
from sqlalchemy import text

from app.changes import ChangeCache, ChangeFeed


class FakeFeed:
    """Stands in for the feed in the cache-rule tests: `sequence` is what mark() returns."""

    def __init__(self) -> None:
        self.sequence = 0
        self.lock = threading.RLock()

    def mark(self) -> int:
        return self.sequence


def test_an_entry_is_served_until_a_notice_names_one_of_its_tags():
    feed = FakeFeed()
    cache = ChangeCache("test", feed)
    cache.put("k", "value", ("account:1", "grant:2"), since=feed.mark())
    assert cache.get("k", feed.mark()) == "value"
    cache.drop_tag("account:9")
    assert cache.get("k", feed.mark()) == "value"
    cache.drop_tag("grant:2")
    assert cache.get("k", feed.mark()) is None
    assert len(cache) == 0


def test_an_answer_read_while_a_notice_arrived_is_not_stored():
    feed = FakeFeed()
    cache = ChangeCache("test", feed)
    since = feed.mark()
    feed.sequence += 1  # a notice arrived during the database read: the answer may be older
    cache.put("k", "stale", ("account:1",), since=since)
    assert cache.get("k", feed.mark()) is None


def test_nothing_is_served_or_stored_while_the_feed_is_down():
    feed = FakeFeed()
    cache = ChangeCache("test", feed)
    cache.put("k", "value", ("t",), since=feed.mark())
    assert cache.get("k", None) is None
    cache.put("other", "value", ("t",), since=None)
    assert len(cache) == 1


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    feed = FakeFeed()
    cache = ChangeCache("test", feed, size=2)
    for key in ("a", "b"):
        cache.put(key, key.upper(), (f"tag:{key}",), since=feed.mark())
    assert cache.get("a", feed.mark()) == "A"  # "b" is now the least recently used
    cache.put("c", "C", ("tag:c",), since=feed.mark())
    assert [cache.get(key, feed.mark()) for key in ("a", "b", "c")] == ["A", None, "C"]
    cache.drop_tag("tag:b")  # its index entry went with it
    assert len(cache) == 2


def test_an_answer_that_time_changes_is_served_only_as_long_as_it_lasts():
    feed = FakeFeed()
    cache = ChangeCache("test", feed)
    cache.put("soon", "value", ("t",), since=feed.mark(), max_age=0.05)
    cache.put("past", "value", ("t",), since=feed.mark(), max_age=0)  # already untrue: not kept
    assert cache.get("soon", feed.mark()) == "value"
    assert cache.get("past", feed.mark()) is None
    time.sleep(0.06)
    assert cache.get("soon", feed.mark()) is None
    assert len(cache) == 0


# --- against PostgreSQL -------------------------------------------------------------------------


def _eventually(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.001)


@pytest.fixture
def postgres_url(scratch_database_url):
    if not scratch_database_url.startswith("postgresql"):
        pytest.skip("the change feed is PostgreSQL's LISTEN/NOTIFY; SQLite reads the database every time")
    return scratch_database_url


def _sender(url: str):
    import psycopg

    conninfo = _conninfo(url)

    def send(payload: str) -> None:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute("SELECT pg_notify('satupintu_changes', %s)", [payload])

    return send


def _conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _connector(url: str):
    import psycopg

    return lambda: psycopg.connect(_conninfo(url), autocommit=True)


def test_the_feed_delivers_committed_notices_only(live_app, postgres_url):
    import psycopg

    feed = ChangeFeed(_connector(postgres_url), _sender(postgres_url))
    cache = ChangeCache("test", feed)
    feed.register(cache)
    _eventually(lambda: feed.mark() is not None)  # live once its first beat has come back
    since = feed.mark()
    cache.put("k", "value", ("account:1",), since)
    with psycopg.connect(_connector(postgres_url)().info.dsn) as other:
        other.execute("SELECT pg_notify('satupintu_changes', 'account:1')")
        assert cache.get("k", feed.mark()) == "value"  # not committed yet: nothing was sent
        other.commit()
    _eventually(lambda: cache.get("k", feed.mark()) is None)  # delivery is asynchronous, but quick
    feed.stop()


def test_a_lost_feed_empties_the_caches_and_comes_back(live_app, postgres_url, monkeypatch):
    import psycopg

    from app import changes

    monkeypatch.setattr(changes, "RETRY_SECONDS", 0.0)
    feed = ChangeFeed(_connector(postgres_url), _sender(postgres_url))
    cache = ChangeCache("test", feed)
    feed.register(cache)
    _eventually(lambda: feed.mark() is not None)
    cache.put("k", "value", ("t",), feed.mark())
    with psycopg.connect(_connector(postgres_url)().info.dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE query LIKE '%pg_trigger%' AND pid <> pg_backend_pid()")  # the feeds' last words
    _eventually(lambda: feed.mark() is None)
    assert cache.get("k", None) is None and len(cache) == 0  # notices may have been missed
    _eventually(lambda: feed.mark() is not None)  # reconnected (retry interval 0 here), beat heard
    feed.stop()


def test_a_database_without_the_triggers_never_counts_as_live(postgres_url):
    feed = ChangeFeed(_connector(postgres_url), _sender(postgres_url))  # an empty database
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        assert feed.mark() is None
        time.sleep(0.05)
    feed.stop()


def test_a_feed_that_stops_hearing_its_own_beat_goes_down(live_app, postgres_url, monkeypatch):
    from app import changes

    monkeypatch.setattr(changes, "BEAT_SECONDS", 0.05)
    monkeypatch.setattr(changes, "BEAT_TIMEOUT", 0.3)
    deaf = {"on": False}
    send = _sender(postgres_url)
    feed = ChangeFeed(_connector(postgres_url), lambda payload: None if deaf["on"] else send(payload))
    cache = ChangeCache("test", feed)
    feed.register(cache)
    _eventually(lambda: feed.mark() is not None)
    cache.put("k", "value", ("t",), feed.mark())
    deaf["on"] = True  # as if the notices went to another database, or the socket were half-open
    _eventually(lambda: feed.mark() is None)
    assert len(cache) == 0
    feed.stop()


@pytest.fixture
def live_app(app_config, postgres_url):
    """An app on a scratch database, used the way a deployment is: no test transaction around
    the requests, so every change commits and sends its notice."""
    from app import create_app, migrate
    from app.db import session
    from app.reference.service import load_reference_data
    from auth.oidc.keys import ensure_keys

    app = create_app({**app_config, "DATABASE_URL": postgres_url})
    migrate.upgrade(app)
    with app.app_context():
        load_reference_data()
        ensure_keys()
        session.commit()
        session.remove()
    feed = app.extensions["satupintu.change_feed"]
    _eventually(lambda: feed.mark() is not None)  # connected, and its first beat came back
    yield app
    feed.stop()
    app.extensions["satupintu.engine"].dispose()


def _citizen_and_token(app, scope: str = "openid profile") -> tuple[uuid.UUID, uuid.UUID, str]:
    from app.db import session, utcnow
    from auth.accounts.records import build_account
    from auth.oidc import store
    from auth.oidc.clients import RegisteredClient, create_client
    from auth.oidc.tokens import UserContext, mint_access_token
    from auth.testing.accounts import nik_for

    with app.app_context():
        person = build_account(full_name="Rina Marlina", password="kopi tubruk di teras pagi",
                               nik=nik_for(date(1992, 5, 14), "F"), birth_date=date(1992, 5, 14), sex="F",
                               locale="id", phone=None, email=None)
        session.add(person)
        row, _secret = create_client(name="Klien Uji", public=False, auth_method="client_secret_basic",
                                     redirect_uris=["https://app.contoh.id/callback"],
                                     grant_types=["authorization_code"], scopes=scope.split(),
                                     known_scopes=set(scope.split()))
        session.flush()
        now = utcnow()
        grant = store.create_grant(grant_id=uuid.uuid4(), client_id=row.client_id, account_id=person.id,
                                   scope=scope, auth_time=now, acr="aal1", amr=["pwd"],
                                   sso_session_id=None)
        session.commit()
        context = UserContext(account=person, grant_id=grant.id, auth_time=now, acr="aal1", amr=("pwd",),
                              scope=scope)
        with app.test_request_context("/", base_url="http://localhost/"):
            token = mint_access_token(client=RegisteredClient.from_row(row), scope=scope, user=context)
        ids = person.id, grant.id
        session.remove()
    return *ids, token


def _statements(app, call) -> tuple[object, int]:
    from sqlalchemy import event

    engine = app.extensions["satupintu.engine"]
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, len(seen)


def _commit_elsewhere(app, statement: str, **values) -> None:
    """Another process's change: its own connection, committed; returns once this process's feed
    has the notice (delivery is asynchronous: on a busy machine it may take a moment longer than
    the test takes to send its next request, as it may for a client in a real deployment)."""
    feed = app.extensions["satupintu.change_feed"]
    before = feed.mark()
    with app.extensions["satupintu.engine"].begin() as connection:
        connection.execute(text(statement), values)
    _eventually(lambda: feed.mark() != before)


def test_a_repeated_call_costs_no_query_and_a_suspension_stops_the_token_once_noticed(live_app):
    account_id, _grant_id, token = _citizen_and_token(live_app)
    client = live_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    response, statements = _statements(live_app, lambda: client.get("/api/v1/me", headers=headers))
    assert response.status_code == 200 and response.json["full_name"] == "Rina Marlina"
    assert statements == 0  # principal and profile both remembered

    _commit_elsewhere(live_app, "UPDATE auth_account SET full_name = 'Rina M.' WHERE id = :id", id=account_id)
    assert client.get("/api/v1/me", headers=headers).json["full_name"] == "Rina M."

    _commit_elsewhere(live_app, "UPDATE auth_account SET status = 'suspended' WHERE id = :id", id=account_id)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_revoked_grant_stops_its_tokens_once_noticed(live_app):
    _account_id, grant_id, token = _citizen_and_token(live_app)
    client = live_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    _commit_elsewhere(live_app, "UPDATE auth_grant SET revoked_at = now() WHERE id = :id", id=grant_id)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_the_unread_count_is_remembered_until_the_inbox_changes(live_app):
    account_id, _grant_id, token = _citizen_and_token(live_app, scope="openid notifications")
    client = live_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def unread() -> int:
        response = client.get("/api/v1/me/notifications/unread-count", headers=headers)
        assert response.status_code == 200, response.text
        return response.json["unread"]

    assert unread() == 0
    count, statements = _statements(live_app, unread)
    assert (count, statements) == (0, 0)
    notification_id = uuid.uuid4()
    _commit_elsewhere(live_app, "INSERT INTO notifications_notification (id, subject_id, template, params, "
                      "category, module, link, created_at) VALUES (:id, :subject, 'uji.pesan', '{}', "
                      "'cases', 'uji', '', now())", id=notification_id, subject=account_id)
    assert unread() == 1
    _commit_elsewhere(live_app, "UPDATE notifications_notification SET read_at = now() WHERE id = :id",
                      id=notification_id)
    assert unread() == 0


def _insert_case(app, subject: uuid.UUID, *, state: str = "submitted", due_in_seconds: float = 86400):
    case_id = uuid.uuid4()
    _commit_elsewhere(app, "INSERT INTO cases_case (id, number, module, service, agency, subject_id, "
                      "actor_id, state, form, fee, submitted_at, due_at, external_attempts, events, "
                      "created_at, updated_at) VALUES (:id, :number, 'uji', 'izin-uji', 'kemendagri', "
                      ":subject, :subject, :state, '{}', 0, now(), now() + make_interval(secs => :due), "
                      "0, 0, now(), now())", id=case_id, number=f"UJI-{case_id.hex[:12]}", subject=subject,
                      state=state, due=due_in_seconds)
    return case_id


def test_my_cases_pages_are_remembered_until_one_of_the_citizens_cases_changes(live_app):
    account_id, _grant_id, token = _citizen_and_token(live_app, scope="openid cases")
    client = live_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def states(**query) -> list[str]:
        response = client.get("/api/v1/me/cases", headers=headers, query_string=query)
        assert response.status_code == 200, response.text
        return [item["state"] for item in response.json["items"]]

    case_id = _insert_case(live_app, account_id)
    assert states() == ["submitted"]
    listed, statements = _statements(live_app, states)
    assert (listed, statements) == (["submitted"], 0)
    assert states(state="in_review") == []  # each filter and page is its own entry

    _commit_elsewhere(live_app, "UPDATE cases_case SET state = 'in_review' WHERE id = :id", id=case_id)
    assert states() == ["in_review"]
    assert states(state="in_review") == ["in_review"]
    _insert_case(live_app, account_id)
    assert states() == ["submitted", "in_review"]
    _commit_elsewhere(live_app, "DELETE FROM cases_case WHERE id = :id", id=case_id)
    assert states() == ["submitted"]


def test_a_remembered_page_shows_a_case_overdue_once_its_due_time_passes(live_app):
    account_id, _grant_id, token = _citizen_and_token(live_app, scope="openid cases")
    client = live_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def overdue() -> list[bool]:
        return [item["overdue"] for item in client.get("/api/v1/me/cases", headers=headers).json["items"]]

    _insert_case(live_app, account_id, due_in_seconds=3.0)  # time enough to read it first on a busy machine
    assert overdue() == [False]
    _eventually(lambda: overdue() == [True], seconds=8.0)

