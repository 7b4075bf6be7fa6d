"""Fixtures: app, client, db_session, override_config, count_queries, require_redis, api_url.

The schema is built once per session by running the migrations (so they are tested too);
each test runs in a transaction that is rolled back (SAVEPOINTs for the code's commits).
SQLite by default; set SATUPINTU_DATABASE_URL to a PostgreSQL test database to use it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app.db import session as db_scoped_session
from app.limits import reset as reset_rate_limits

REQUIRE_SERVICES = os.environ.get("SATUPINTU_REQUIRE_SERVICES") == "1"

# Identity fixtures (citizen, officer, token_for, ...) live beside the code they exercise.
pytest_plugins = ["auth.testing.accounts", "auth.testing.tokens"]


def missing_service(reason: str) -> None:
    """Skip the test when a service is absent, or fail when CI says services must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"SATUPINTU_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("SATUPINTU_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    name = make_url(url).database or ""
    if "test" not in name:
        raise pytest.UsageError(f"refusing to run tests on database {name!r}: its name must "
                                f"contain 'test' (the tests drop and rebuild the schema)")
    return url


def reset_schema(app) -> None:
    engine = app.extensions["satupintu.engine"]
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app_config(tmp_path_factory) -> dict:
    """Override in a conftest.py to change the test app's settings."""
    return {
        "DATABASE_URL": test_database_url(tmp_path_factory),
        "ENV": "testing",
        "LOG_JSON": False,
        "LOG_LEVEL": "WARNING",
        "ADMIN_TOKEN": "test-operator-token-0123456789abcdef",
    }


@pytest.fixture(scope="session")
def app(app_config):
    from app import create_app, migrate
    from app.reference.service import load_reference_data

    flask_app = create_app(app_config)
    reset_schema(flask_app)
    migrate.upgrade(flask_app)
    with flask_app.app_context():
        load_reference_data()
        db_scoped_session.remove()
    return flask_app


@pytest.fixture
def db_session(app) -> Iterator:
    """The session every request in this test uses; everything is rolled back afterwards."""
    engine = app.extensions["satupintu.engine"]
    connection = engine.connect()
    outer = connection.begin()
    db_scoped_session.remove()
    db_scoped_session.configure(bind=connection, join_transaction_mode="create_savepoint")
    app.extensions["satupintu.state"].invalidate()
    reset_rate_limits()
    ctx = app.app_context()
    ctx.push()
    try:
        yield db_scoped_session()
    finally:
        ctx.pop()
        db_scoped_session.remove()
        db_scoped_session.configure(bind=None)
        outer.rollback()
        connection.close()
        app.extensions["satupintu.state"].invalidate()


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def override_config(app):
    """`override_config(KEY=value, ...)`; every change is undone after the test."""
    saved: dict = {}
    missing = object()

    def apply(**values):
        for key, value in values.items():
            saved.setdefault(key, app.config.get(key, missing))
            app.config[key] = value

    yield apply
    for key, value in saved.items():
        if value is missing:
            app.config.pop(key, None)
        else:
            app.config[key] = value


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app, db_session):
    """`with count_queries() as counter: ...; assert counter.count <= 3`."""
    engine = app.extensions["satupintu.engine"]

    @contextlib.contextmanager
    def counting():
        counter = QueryCounter()

        def record(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def scratch_database_url(app_config, tmp_path) -> Iterator[str]:
    """An empty database of the suite's kind for a test that must really commit
    (several processes, workers): a new SQLite file, or a PostgreSQL database dropped after."""
    url = make_url(app_config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    from sqlalchemy import create_engine

    name = f"{url.database}_scratch"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def run(statement: str) -> None:
        with admin.connect() as connection:
            connection.execute(text(statement))

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A reachable Redis (SATUPINTU_TEST_REDIS_URL, default localhost), or skip / fail."""
    import redis

    url = os.environ.get("SATUPINTU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at {url} is not reachable ({error})")
    return url


@pytest.fixture
def admin_headers(app) -> dict:
    """Headers of a platform admin (the operator token until single sign-on lands)."""
    return {"Authorization": f"Bearer {app.config['ADMIN_TOKEN']}"}
