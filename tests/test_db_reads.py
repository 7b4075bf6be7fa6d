"""The database layer's request-path shortcuts keep their guarantees: the pre-ping that skips the
round trip on a quiet socket still replaces a connection the server ended, and reads outside a
transaction (app.db.read_rows) never leave an autocommit connection behind."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy import bindparam, column, literal_column, select, table, text
from sqlalchemy.exc import OperationalError

from app import db


@pytest.fixture
def postgres_engine(scratch_database_url):
    if not scratch_database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: the shortcuts are PostgreSQL's (SQLite needs neither)")
    engine = db.make_engine(scratch_database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (id integer PRIMARY KEY, label text)"))
        connection.execute(text("INSERT INTO probe VALUES (1, 'one'), (2, 'two')"))
    yield engine
    engine.dispose()


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_the_server_ended_is_replaced_on_checkout(postgres_engine):
    pid = _backend_pid(postgres_engine)
    assert _backend_pid(postgres_engine) == pid  # the pooled connection is reused while alive
    admin = db.make_engine(postgres_engine.url.render_as_string(hide_password=False))
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    admin.dispose()
    time.sleep(0.2)  # the server's goodbye reaches the idle socket
    assert _backend_pid(postgres_engine) != pid  # no error: the pre-ping saw it and reconnected


def test_every_checkout_of_a_used_connection_is_pinged(postgres_engine, monkeypatch):
    _backend_pid(postgres_engine)  # one pooled connection
    calls = []
    ping = postgres_engine.dialect.do_ping
    monkeypatch.setattr(postgres_engine.dialect, "do_ping", lambda conn: calls.append(conn) or ping(conn))
    with postgres_engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw.execute("SELECT 1").fetchone() == (1,)
    assert len(calls) == 1  # a quiet socket passes without a query; a dead one: the test above


@pytest.fixture
def read_app(postgres_engine):
    app = Flask(__name__)
    app.extensions["satupintu.engine"] = postgres_engine
    db.session.remove()
    with app.app_context():
        yield app
        db.session.remove()


_probe = table("probe", column("id"), column("label"))
PROBE = select(_probe.c.id, _probe.c.label).where(_probe.c.id == bindparam("id"))


def test_read_rows_reads_by_column_name_outside_a_transaction(read_app, postgres_engine):
    rows = db.read_rows(PROBE, {"id": 2})
    assert [(row.id, row.label) for row in rows] == [(2, "two")]
    assert not db.session().in_transaction()
    with postgres_engine.connect() as connection:  # the pooled connection is transactional again
        assert connection.connection.driver_connection.autocommit is False


def test_rows_are_the_same_named_tuples_on_every_read(read_app):
    """The row class is learnt from a statement's first result, then reused."""
    first, again = db.read_rows(PROBE, {"id": 1})[0], db.read_rows(PROBE, {"id": 2})[0]
    assert type(first) is type(again) and type(first)._fields == ("id", "label")
    assert (again.id, again.label) == tuple(again) == (2, "two")
    assert again._asdict() == {"id": 2, "label": "two"}
    labels = select(_probe.c.label).where(_probe.c.id == bindparam("id"))  # another statement, its own class
    assert db.read_rows(labels, {"id": 1})[0]._fields == ("label",)


def test_writes_after_a_read_stay_in_one_transaction(read_app):
    db.read_rows(PROBE, {"id": 1})
    db.session.execute(text("UPDATE probe SET label = 'changed' WHERE id = 1"))
    db.session.rollback()  # undone: the write did not run in autocommit mode
    assert db.read_rows(PROBE, {"id": 1})[0].label == "one"


def test_inside_a_transaction_read_rows_sees_its_writes(read_app):
    db.session.execute(text("UPDATE probe SET label = 'pending' WHERE id = 2"))
    assert db.read_rows(PROBE, {"id": 2})[0].label == "pending"
    db.session.rollback()


def test_a_database_error_is_raised_as_sqlalchemy_raises_it(read_app):
    broken = select(column("nope")).select_from(_probe)
    with pytest.raises(Exception) as raised:
        db.read_rows(broken)
    assert type(raised.value).__module__.startswith("sqlalchemy")
    assert db.read_rows(PROBE, {"id": 1})  # the pool still hands out a usable connection
    assert not isinstance(raised.value, OperationalError)  # a programming error, not "database down"


def test_json_columns_decode_as_before(read_app):
    query = select(literal_column("""'{"a": ["é", 1, null]}'::json""").label("value"))
    assert db.read_rows(query)[0].value == {"a": ["é", 1, None]}
    assert db.session.execute(query).scalar_one() == {"a": ["é", 1, None]}


def test_single_reads_run_outside_a_transaction_and_leave_none_open(read_app, postgres_engine):
    with db.single_reads() as reads:
        assert reads.execute(PROBE, {"id": 2}).one().label == "two"
        raw = reads.connection().connection.driver_connection
        assert raw.autocommit is True  # no BEGIN sent around the read
    assert not db.session().in_transaction()
    assert raw.autocommit is False  # the pool got it back transactional
    db.session.execute(text("UPDATE probe SET label = 'changed' WHERE id = 2"))
    db.session.rollback()  # what follows the reads runs in a real transaction again
    assert db.read_rows(PROBE, {"id": 2})[0].label == "two"


def test_single_reads_inside_a_transaction_are_the_transactions(read_app):
    db.session.execute(text("UPDATE probe SET label = 'pending' WHERE id = 1"))
    with db.single_reads() as reads:
        assert reads.execute(PROBE, {"id": 1}).one().label == "pending"
    assert db.session().in_transaction()  # not ended by the reads
    db.session.rollback()
    assert db.read_rows(PROBE, {"id": 1})[0].label == "one"


def test_run_writes_json_values_as_the_json_type_does(read_app, postgres_engine):
    """app.db.run's direct path wraps JSON values for psycopg: what lands is what SQLAlchemy's
    own execute writes (None is JSON null, or SQL NULL for a none_as_null type)."""
    from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert

    documents = Table("json_probe", MetaData(), Column("id", Integer, primary_key=True),
                      Column("body", JSON), Column("note", JSON(none_as_null=True)))
    documents.create(postgres_engine)
    values = [{"id": 1, "body": {"a": ["é", 1, None]}, "note": [1, 2]}, {"id": 2, "body": None, "note": None},
              {"id": 3, "body": "text", "note": {"k": True}}]
    db.run(insert(documents), values[0])
    db.run(insert(documents), values[1:])
    db.session.commit()
    with postgres_engine.begin() as connection:
        connection.execute(insert(documents), [{**row, "id": row["id"] + 10} for row in values])
    stored = db.read_rows(text("SELECT id, body::text AS body, note::text AS note, body IS NULL AS sql_null "
                               "FROM json_probe ORDER BY id"))
    ours, theirs = stored[:3], stored[3:]
    assert [(row.body, row.note, row.sql_null) for row in ours] == [
        (row.body, row.note, row.sql_null) for row in theirs]
    assert [(row.body, row.note) for row in ours] == [
        ('{"a": ["\\u00e9", 1, null]}', "[1, 2]"), ("null", None), ('"text"', '{"k": true}')]
