"""Parallel writers never fork a chain: each append waits for the chain's head row, so the
sequence numbers stay gapless and every entry links to the one before it. Real threads, each
with its own connection, committing to a scratch database (PostgreSQL in the PostgreSQL run)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from app import create_app, migrate
from app.audit.models import AuditEntry
from app.db import session
from app.registry import services

WRITERS = 8
APPENDS = 15


def test_parallel_writers_keep_every_chain_linear(app_config, scratch_database_url):
    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with app.app_context():
                audit = services().get("audit")
                start.wait()
                for step in range(APPENDS):
                    chain = "staff" if step % 3 else "consent"
                    audit.record(chain, "uji.step.done", actor=f"writer-{number}", payload={"step": step})
                    time.sleep(0.001)  # hold the head lock a moment, so writers really collide
                    session.commit()
                session.remove()
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    with app.app_context():
        for chain, expected in (("staff", WRITERS * 10), ("consent", WRITERS * 5)):
            sequences = list(session.scalars(select(AuditEntry.sequence).where(AuditEntry.chain == chain)
                                             .order_by(AuditEntry.sequence)))
            assert sequences == list(range(1, expected + 1))
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == WRITERS * APPENDS
        reports = services().get("audit").verify()
        assert [(r.chain, r.entries, r.ok) for r in reports] == [
            ("consent", WRITERS * 5, True), ("staff", WRITERS * 10, True)]
        session.remove()
    app.extensions["satupintu.engine"].dispose()
