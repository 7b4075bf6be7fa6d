"""Concurrent edits against the same ETag: exactly one wins, the others get 412 (no lost update),
for a profile not yet stored (the insert races) and a stored one (the version check races).
Real threads, each with its own connection, on a scratch database."""

from __future__ import annotations

import threading

import pytest

from app import create_app, migrate
from app.db import session
from app.problems import Problem
from app.profile import service

WRITERS = 6


@pytest.fixture
def scratch_app(app_config, scratch_database_url):
    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    yield app
    app.extensions["satupintu.engine"].dispose()


def race(app, account_id, etag: str, round_: int) -> list[str]:
    start = threading.Barrier(WRITERS)
    outcomes: list[str] = []

    def edit(number: int) -> None:
        with app.app_context():
            try:
                start.wait()
                service.edit(account_id, {"birth_place": f"Kota {round_}-{number}"}, if_match={etag})
                outcomes.append("ok")
            except Problem as problem:
                outcomes.append(str(problem.status))
            except Exception as error:  # reported by the main thread
                outcomes.append(repr(error))
            finally:
                session.remove()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_edits_with_one_etag_let_exactly_one_through(scratch_app):
    from auth.accounts.records import build_account
    from auth.testing.accounts import nik_for

    with scratch_app.app_context():
        from datetime import date

        account = build_account(full_name="Rina Marlina", password="kopi tubruk di teras pagi",
                                nik=nik_for(date(1992, 5, 14), "F"), birth_date=date(1992, 5, 14), sex="F")
        session.add(account)
        session.commit()
        account_id = account.id
        seeded = service.current(account_id).etag
        session.remove()

    assert sorted(race(scratch_app, account_id, seeded, 1)) == ["412"] * (WRITERS - 1) + ["ok"]
    with scratch_app.app_context():
        stored = service.current(account_id)
        assert stored.version == 1
        session.remove()
    assert sorted(race(scratch_app, account_id, stored.etag, 2)) == ["412"] * (WRITERS - 1) + ["ok"]
    with scratch_app.app_context():
        assert service.current(account_id).version == 2
        items, total = service.history(account_id, page=1, per_page=10)
        assert total == 2 and [item["version"] for item in items] == [2, 1]
        session.remove()
