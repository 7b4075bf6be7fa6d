"""Database: declarative Base, one engine per app, a session per request or task.

The service layer commits; teardown removes the session, which rolls back
anything left uncommitted, so a request never leaves a transaction open.
"""

from __future__ import annotations

import functools
import json
import select
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import DateTime, MetaData, Uuid, create_engine, event
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    scoped_session,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use app.db.utcnow()")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


def new_id() -> uuid.UUID:
    """Random (v4) identifiers: they reveal neither order nor count."""
    return uuid.uuid4()


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AppSession(Session):
    """Binds to the current app's engine unless bound explicitly (tests bind a connection)."""

    def get_bind(self, mapper=None, clause=None, **kw):
        if self.bind is not None:
            return self.bind
        return current_app.extensions["satupintu.engine"]


session_factory = sessionmaker(class_=AppSession, expire_on_commit=False)
session: scoped_session[AppSession] = scoped_session(session_factory)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo)
    # connect_timeout: a database host that stops answering fails fast (503), never hangs.
    engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5,
                           pool_timeout=10, connect_args={"connect_timeout": 5})
    if engine.dialect.driver == "psycopg":
        engine.dialect.do_ping = _quiet_socket_ping(engine.dialect.do_ping)
        event.listen(engine, "connect", _decode_json_from_text)
    return engine


_JSON = json.JSONDecoder()


def _decode_json_from_text(dbapi_connection, _record) -> None:
    """psycopg decodes JSON columns with json.loads(bytes), which first sniffs the encoding in
    Python; PostgreSQL always sends UTF-8, so the text is decoded directly (2.5x faster per
    value: a page of the data-access log holds forty small JSON arrays)."""
    from psycopg.types.json import set_json_loads

    set_json_loads(lambda data: _JSON.decode(str(data, "utf-8")), dbapi_connection)


def _quiet_socket_ping(round_trip_ping):
    """pool_pre_ping without a round trip while the connection's socket is quiet.

    Every checkout pings, and the ping was a round trip to the server (about a third of the
    database time of a one-query request). A pooled connection sits idle between transactions,
    and the server has nothing to say to an idle connection unless it is ending it: a restart,
    an administrator's pg_terminate_backend or an idle timeout each send an error and close the
    socket, so the socket turns readable. So: a connection psycopg already knows is broken
    fails the ping; one whose socket has something to read gets the real ping (which fails,
    and SQLAlchemy then replaces it and every older pooled connection, as before); a quiet one
    passes. A host that vanishes silently goes unnoticed by the round trip too (it would hang
    until the network gives up), so nothing pre-ping caught is missed."""

    from psycopg.pq import TransactionStatus

    def ping(dbapi_connection) -> bool:
        if dbapi_connection.broken or dbapi_connection.closed:
            return False
        if dbapi_connection.info.transaction_status != TransactionStatus.IDLE:
            return round_trip_ping(dbapi_connection)  # not what an idle pooled one looks like
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        return round_trip_ping(dbapi_connection) if poller.poll(0) else True

    return ping


@contextmanager
def single_reads() -> Iterator[AppSession]:
    """The request's session, for reads that need no transaction around them (each one a single
    statement, or reads that may see different moments): on PostgreSQL, when the session has not
    begun a transaction yet, they run in autocommit mode, sparing the BEGIN and ROLLBACK round
    trips (two of the three a one-query request makes). The session then ends that transaction
    (nothing to commit), so whatever the request does next runs in a real transaction as usual.
    Loaded objects stay in the session (expire_on_commit=False). Anywhere else (SQLite, a session
    already in a transaction, tests binding a connection) this is just the session. (read_rows:
    the same for one statement's plain rows, without the session's cost.)"""
    db = session()
    if not _may_skip_transaction(db):
        yield db
        return
    db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.commit()


def read_rows(statement, values: dict | None = None) -> list:
    """The rows of one statement that needs no transaction around it: the reads every API call
    makes (the token check), the busiest pages, or a write that is atomic on its own (the refresh
    token's claim-and-store, committed when it returns). Columns are read by name (`row.kind`).

    On PostgreSQL, when the session has no transaction open, it runs in autocommit mode straight
    on a pooled DB-API connection: the session, connection and result layers of SQLAlchemy cost
    three to four times the query's own client time, and a transaction adds BEGIN and ROLLBACK
    round trips. The statement is still built with SQLAlchemy, compiled once (bound values only,
    no expanding IN), and psycopg converts the values as the column types would (uuid, JSON,
    aware timestamps). Anywhere else (SQLite, an open transaction, tests binding the session to a
    connection) it runs on the session and sees what its transaction sees."""
    if not reads_outside_transaction():
        return session().connection().execute(statement, values or {}).all()
    engine = current_app.extensions["satupintu.engine"]
    sql, defaults, _returns_rows, json_names = _compiled(statement, engine.dialect)
    parameters = _with_json(json_names, {**defaults, **(values or {})})
    connection = engine.raw_connection()  # the pool's checkout, pre-ping and reset all apply
    driver = connection.driver_connection
    try:
        driver.autocommit = True
        with _as_sqlalchemy_errors(sql, parameters), driver.cursor(row_factory=_named_rows(sql)) as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall()
    finally:
        if not driver.closed:
            driver.autocommit = False  # never hand the pool an autocommit connection
        connection.close()


def _may_skip_transaction(db: AppSession) -> bool:
    """Whether single_reads / read_rows may run outside a transaction: on PostgreSQL, with no
    transaction begun and the session not bound to a connection (tests bind one)."""
    return db.bind is None and not db.in_transaction() and db.get_bind().dialect.name == "postgresql"


def reads_outside_transaction() -> bool:
    """Whether the request's next read sees only committed data, outside a transaction (read_rows
    then skips the session; app.changes may serve and remember answers). A request that has not
    created its session yet has begun no transaction, and is not made to create one (and to close
    it at teardown) just to be asked: only the factory's bind (tests bind a connection) and the
    engine's dialect are checked then."""
    if session.registry.has():
        return _may_skip_transaction(session())
    return session_factory.kw.get("bind") is None and engine().dialect.name == "postgresql"


def run(statement, values: dict | list[dict]) -> list:
    """Execute `statement` (built once; bound values only) in the session's transaction, once or
    (a list) once per dict of values: its rows (read by position), or [] for a statement that
    returns none. An INSERT sets the columns named in the values (no Python-side column defaults).

    The transactional twin of read_rows, for hot writes (a payment callback runs six): on
    PostgreSQL the compiled SQL goes straight to the DB-API cursor of the session's connection.
    Anywhere else (SQLite; tests, which bind the session to a connection and count statements
    with SQLAlchemy's events) it runs through SQLAlchemy."""
    connection = session().connection()
    if not _direct(connection):
        result = connection.execute(statement, values)
        return result.all() if result.returns_rows else []
    rows = values if isinstance(values, list) else [values]
    sql, defaults, returns_rows, json_names = _compiled(statement, connection.dialect, tuple(rows[0]))
    with _as_sqlalchemy_errors(sql, values), connection.connection.driver_connection.cursor() as cursor:
        if isinstance(values, list):
            cursor.executemany(sql, [_with_json(json_names, {**defaults, **row}) for row in rows])
        else:
            cursor.execute(sql, _with_json(json_names, {**defaults, **values}))
        return cursor.fetchall() if returns_rows else []


@contextmanager
def pipelined() -> Iterator[None]:
    """For statements `run` inside that need no answer from one another (writes): on PostgreSQL
    they are sent together and their results read at the end, one round trip for them all (a
    statement returning rows still waits for its answer). An error shows at the end at the latest."""
    import psycopg

    connection = session().connection()
    if not (_direct(connection) and psycopg.Pipeline.is_supported()):
        yield
        return
    driver = connection.connection.driver_connection
    with _as_sqlalchemy_errors("(pipelined statements)", {}), driver.pipeline():
        yield


def _direct(connection) -> bool:
    """Whether `run` goes straight to the psycopg connection under the session's transaction:
    on PostgreSQL, unless a test bound the session to a connection."""
    return session().bind is None and connection.dialect.name == "postgresql"


@contextmanager
def _as_sqlalchemy_errors(sql: str, values) -> Iterator[None]:
    """psycopg's errors raised as SQLAlchemy raises them (the 503 handler knows those)."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        raise DBAPIError.instance(sql, values, error, psycopg.Error) from error


_COMPILED: dict = {}


def _compiled(statement, dialect, column_keys: tuple[str, ...] = ()) -> tuple[str, dict, bool, tuple]:
    """(SQL, values bound in the statement itself, whether it returns rows, its JSON values' names
    with their types' none_as_null) per statement and, for an INSERT, the names of the values given."""
    key = (statement, column_keys)
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) > 256:  # statements are built once per shape; this only bounds misuse
            _COMPILED.clear()
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) or None)
        returns_rows = bool(statement.is_select or compiled.effective_returning)
        json_names = tuple((name, bind.type.none_as_null) for name, bind in compiled.binds.items()
                           if isinstance(bind.type, sqltypes.JSON))
        found = _COMPILED[key] = (compiled.string, dict(compiled.params), returns_rows, json_names)
    return found


def _with_json(json_names: tuple, parameters: dict) -> dict:
    """JSON values wrapped for psycopg, as the JSON type's bind processing would (psycopg adapts
    no dict or list to JSON by itself; None is JSON null unless the type says SQL NULL)."""
    if json_names:
        from psycopg.types.json import Json

        for name, none_as_null in json_names:
            if name in parameters and not (none_as_null and parameters[name] is None):
                parameters[name] = Json(parameters[name])
    return parameters


_ROW_MAKERS: dict[str, Callable] = {}


def _named_rows(sql: str) -> Callable:
    """Row factory for `sql`'s rows: the namedtuples psycopg's namedtuple_row makes, with their
    class worked out once per statement (namedtuple_row reads the result's column names on every
    call) and each row made by tuple.__new__ from psycopg's own loop (no Python `_make` call per
    row: a page has twenty)."""
    make = _ROW_MAKERS.get(sql)
    if make is not None:
        return lambda _cursor: make
    return functools.partial(_learn_row_type, sql)


def _learn_row_type(sql: str, cursor) -> Callable:
    from psycopg.rows import namedtuple_row, no_result

    make = namedtuple_row(cursor)  # the row class's _make
    if make is no_result:
        return make
    if len(_ROW_MAKERS) > 256:  # as _COMPILED: statements are built once per shape
        _ROW_MAKERS.clear()
    make = _ROW_MAKERS[sql] = functools.partial(tuple.__new__, make.__self__)
    return make


def _sqlite_engine(url: str, echo: bool) -> Engine:
    database = url.split("///", 1)[-1]
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy own BEGIN so SAVEPOINTs work (pysqlite's own handling breaks them).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], echo=app.config["DATABASE_ECHO"])
    app.extensions["satupintu.engine"] = engine

    @app.teardown_appcontext
    def _remove_session(_exc):
        if session.registry.has():  # most API reads never create one (read_rows)
            session.remove()


def engine() -> Engine:
    return current_app.extensions["satupintu.engine"]
