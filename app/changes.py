"""Per-process caches that PostgreSQL keeps exact, through a LISTEN/NOTIFY change feed.

The hottest reads (is this token's grant still live and its account active; the signed-in
person's profile, unread count and "my cases" pages) answer the same thing on almost every
request. Each app process may remember such an answer because the database tells it when the
answer changes: triggers on the tables (migrations core 0011 and 0015, auth 0003) send
`NOTIFY satupintu_changes, '<tag>'` (e.g. `grant:<id>`, `account:<id>`) as part of the
transaction that changes a row, so the notice exists exactly when the change is committed.
Every process holds one LISTEN connection and reads what has arrived (a non-blocking socket
read) before each cache look-up, dropping the entries tagged with what changed.

Two rules keep a cache exact:
- an answer read from the database is stored only if no notice at all arrived between just
  before the read and the store (`ChangeFeed.mark` / `ChangeCache.put`), so a change committed
  while it was being read can never be overwritten by the older answer;
- while the feed is down (no PostgreSQL, a lost connection, a fork) nothing is served from a
  cache, and every cache is emptied when the feed connects again, since notices sent while
  it was away are lost.

A change therefore reaches every process once its notice arrives on their socket: PostgreSQL
sends it at commit, well before the changing request's own response is back at its client.
Only on PostgreSQL, and only for reads that run outside a transaction (app.db), since a
transaction's own uncommitted changes send no notice yet. Behind a pooler in transaction mode
(PgBouncer), point SATUPINTU_CHANGE_FEED_URL at PostgreSQL itself: LISTEN needs a session.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextlib import suppress

from flask import Flask, current_app
from sqlalchemy import text

from app.db import reads_outside_transaction

log = logging.getLogger("satupintu.changes")

CHANNEL = "satupintu_changes"
# The triggers that send the notices (migrations core 0011 and 0015, auth 0003): without them the feed
# would look healthy and say nothing, so it does not count as live.
TRIGGERS = ("auth_account_changed", "auth_grant_changed", "notifications_inbox_changed", "cases_case_changed")
RETRY_SECONDS = 1.0  # a lost feed is retried at most this often (requests go to the database meanwhile)
BEAT_SECONDS = 2.0  # a process sends itself a notice this often, through its database connection
BEAT_TIMEOUT = 5.0  # a beat not back by then: the feed is deaf (half-open socket, wrong database)
DRAIN_SECONDS = 1.0  # an idle process still reads its notices (PostgreSQL's queue waits for it)
MAX_AGE_SECONDS = 60.0  # belt and braces: no remembered answer is older than this
_EXTENSION = "satupintu.change_feed"


class ChangeFeed:
    """One LISTEN connection per process; `mark()` before a read, caches consult `live`.

    The feed counts as live only while it hears itself: every BEAT_SECONDS it sends a notice
    through the app's own database connection (`send`) and expects it back on the LISTEN
    connection, which proves both reach the same database and that notices flow. A beat missing
    for BEAT_TIMEOUT, a connection error or a missing trigger puts it down (caches emptied,
    everything read from the database) until it reconnects. A daemon thread reads notices while
    the process is idle and is the only one to send beats, outside the lock."""

    def __init__(self, connect, send) -> None:
        self._connect = connect  # returns a new autocommit psycopg connection
        self._send = send  # send(payload): NOTIFY through the app's database (DATABASE_URL)
        self._connection = None
        self._inherited: list = []
        self._pid = None
        self._retry_at = 0.0
        self._caches: list[ChangeCache] = []
        self.lock = threading.RLock()  # caches take it too: gthread workers share them
        self.sequence = 0  # notices received (and reconnections), to detect one during a read
        self._beat = ""  # the payload of the beat awaited, "" when none is
        self._beat_sent_at = self._heard_at = 0.0
        self._confirmed = False  # a beat has come back since the connection opened

    def register(self, cache: ChangeCache) -> None:
        self._caches.append(cache)

    def mark(self) -> int | None:
        """Read what has arrived; the sequence to hand to `ChangeCache.put` after a database
        read, or None when the feed is down (then nothing may be cached or served)."""
        with self.lock:
            return self.sequence if self._poll() and self._confirmed else None

    def _poll(self) -> bool:
        if self._pid != os.getpid():  # forked (gunicorn, celery): the parent's socket is not ours
            if self._connection is not None:
                # kept, never closed or collected here: that would end the parent's session
                self._inherited.append(self._connection)
            self._connection, self._pid = None, os.getpid()
            self._forget_everything()
            threading.Thread(target=self._drain_while_idle, name="change-feed", daemon=True).start()
        if self._connection is None and not self._open():
            return False
        try:
            pgconn = self._connection.pgconn
            pgconn.consume_input()
            while (notice := pgconn.notifies()) is not None:
                self._changed(notice.extra.decode())
        except Exception as error:  # the connection is gone: serve nothing until it is back
            log.warning("change feed lost: %s", type(error).__name__)
            self._close()
            return False
        return self._keep_beating()

    def _keep_beating(self) -> bool:
        if self._beat and time.monotonic() - self._beat_sent_at > BEAT_TIMEOUT:
            log.warning("change feed deaf: its own notice did not come back in %.0f s", BEAT_TIMEOUT)
            self._close()
            return False
        return True

    def _next_beat(self) -> str:
        """The beat to send now ("" when one is awaited or the last came back recently)."""
        now = time.monotonic()
        if self._beat or now - self._heard_at < BEAT_SECONDS:
            return ""
        self._beat, self._beat_sent_at = f"beat:{uuid.uuid4().hex}", now
        return self._beat

    def stop(self) -> None:
        """Close the connection and end the idle reader (an app that is done, e.g. in tests)."""
        with self.lock:
            self._pid = None
            self._close()

    def _drain_while_idle(self) -> None:
        """Reads notices while the process is idle, and sends the beats: from this thread only,
        outside the lock, so no request ever waits for a beat's round trip and commit."""
        pid = os.getpid()
        while self._pid == pid:
            time.sleep(DRAIN_SECONDS)
            with self.lock:
                if self._pid != pid:
                    return
                beat = self._next_beat() if self._poll() else ""
            if beat:
                try:
                    self._send(beat)
                except Exception as error:  # the database is unreachable: the timeout decides
                    log.warning("change feed beat not sent: %s", type(error).__name__)

    def _open(self) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        self._retry_at = time.monotonic() + RETRY_SECONDS
        try:
            self._connection = self._connect()
            self._connection.execute(f"LISTEN {CHANNEL}")
            found = self._connection.execute("SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)",
                                             [list(TRIGGERS)]).fetchone()[0]
        except Exception as error:
            log.warning("change feed unavailable: %s", type(error).__name__)
            self._close()
            return False
        if found != len(TRIGGERS):
            log.warning("change feed off: its triggers are missing (run `flask db upgrade`)")
            self._close()
            return False
        self._forget_everything()  # whatever changed while we were not listening is unknown
        return True

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        self._forget_everything()
        self._beat, self._confirmed, self._heard_at = "", False, 0.0
        if connection is not None:
            with suppress(Exception):  # already broken; nothing else to release
                connection.close()

    def _changed(self, tag: str) -> None:
        if tag == self._beat:  # our own beat: heard, nothing changed
            self._beat, self._confirmed, self._heard_at = "", True, time.monotonic()
            return
        if tag.startswith("beat:"):
            return  # another process's beat
        self.sequence += 1
        for cache in self._caches:
            cache.drop_tag(tag)

    def _forget_everything(self) -> None:
        self.sequence += 1
        for cache in self._caches:
            cache.clear()


class ChangeCache:
    """A bounded LRU map whose entries carry tags; a notice with a tag drops its entries."""

    def __init__(self, name: str, feed: ChangeFeed | None, size: int = 4096) -> None:
        self.name = name
        self.feed = feed
        self.size = size
        self._entries: OrderedDict = OrderedDict()  # key -> (value, tags, served until)
        self._tagged: dict[str, set] = {}

    def remember(self, key: Hashable, tags: Iterable[str], read: Callable[[], object], *,
                 lasts: Callable[[object], float | None] | None = None):
        """The value for `key`: remembered, or `read()` from the database (and remembered with
        `tags` unless it is None). Straight to the database without a live feed, or inside a
        transaction (whose own changes have sent no notice yet). `lasts(value)`: for an answer
        that time alone changes (a due date passing), the seconds it stays true (None: until a
        notice, as any other)."""
        if self.feed is None or not reads_outside_transaction():
            return read()
        since = self.feed.mark()
        value = self.get(key, since)
        if value is None:
            value = read()
            if value is not None:
                self.put(key, value, tags, since, max_age=lasts(value) if lasts else None)
        return value

    def get(self, key: Hashable, since: int | None):
        """The remembered value, or None (`since` is the feed's mark: None means feed down)."""
        if since is None:
            return None
        with self.feed.lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() > entry[2]:
                self._discard(key)
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value, tags: Iterable[str], since: int | None, *,
            max_age: float | None = None) -> None:
        """Remember a value read from the database after `feed.mark()` returned `since`,
        unless any notice arrived in the meantime (it may concern this very value); for at most
        MAX_AGE_SECONDS, or `max_age` seconds if fewer."""
        if since is None or self.feed is None:
            return
        age = MAX_AGE_SECONDS if max_age is None else min(max_age, MAX_AGE_SECONDS)
        with self.feed.lock:  # the check and the store as one step: no notice read in between
            if self.feed.mark() != since or age <= 0:
                return
            tags = tuple(tags)
            self._discard(key)
            self._entries[key] = (value, tags, time.monotonic() + age)  # value, tags, served until
            for tag in tags:
                self._tagged.setdefault(tag, set()).add(key)
            while len(self._entries) > self.size:
                self._discard(next(iter(self._entries)))

    def drop_tag(self, tag: str) -> None:
        for key in self._tagged.pop(tag, ()):
            self._discard(key)

    def clear(self) -> None:
        self._entries.clear()
        self._tagged.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _discard(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        for tag in entry[1]:
            keys = self._tagged.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._tagged[tag]


def _connector(app: Flask):
    """A function opening the feed's own connection: SATUPINTU_CHANGE_FEED_URL, or the
    database the app uses (with the same connect arguments SQLAlchemy would pass)."""
    import psycopg
    from sqlalchemy.engine import make_url

    engine = app.extensions["satupintu.engine"]
    url = make_url(app.config["CHANGE_FEED_URL"]) if app.config.get("CHANGE_FEED_URL") else engine.url
    _args, params = engine.dialect.create_connect_args(url)
    params.setdefault("connect_timeout", 5)
    # a peer that vanished without a word is noticed by the beat, and by TCP within ~25 s too
    params.update(keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)

    def connect():
        return psycopg.connect(**params, autocommit=True)

    return connect


def _sender(app: Flask):
    """NOTIFY through the app's own database connection (the beat that proves the feed hears it)."""
    engine = app.extensions["satupintu.engine"]
    statement = text("SELECT pg_notify(:channel, :payload)")

    def send(payload: str) -> None:
        with engine.connect() as connection:
            connection.execute(statement, {"channel": CHANNEL, "payload": payload})
            connection.commit()

    return send


def init_app(app: Flask) -> None:
    engine = app.extensions["satupintu.engine"]
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        app.extensions[_EXTENSION] = ChangeFeed(_connector(app), _sender(app))


def change_feed() -> ChangeFeed | None:
    """This app's feed (None on SQLite, where every read goes to the database)."""
    return current_app.extensions.get(_EXTENSION)


def cache(name: str, size: int = 4096) -> ChangeCache:
    """The app's cache called `name`, created (and subscribed to the feed) on first use."""
    caches = current_app.extensions.setdefault("satupintu.change_caches", {})
    found = caches.get(name)
    if found is None:
        feed = change_feed()
        found = caches[name] = ChangeCache(name, feed, size)
        if feed is not None:
            feed.register(found)
    return found
