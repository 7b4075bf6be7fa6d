"""Two officers decide one case at the same moment: the row lock (SELECT ... FOR UPDATE on
PostgreSQL) makes the second wait and then see the first's decision, so exactly one transition
applies. Real threads, each with its own connection, committing to a scratch database."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app import create_app, migrate
from app.cases.engine import Actor, locked, move
from app.cases.models import Case, CaseEvent
from app.contracts.cases import TransitionRefused
from app.db import session

from .conftest import AGENCY

# Neither is reachable from the other, so whichever wins the lock, the other is refused
# (in_review -> needs_correction -> rejected is a legal path: with needs_correction among them,
# two of three could rightly apply, as a busy CI once showed).
TARGETS = ("rejected", "pending_external")


def test_concurrent_transitions_apply_exactly_once(app_config, scratch_database_url):
    from auth.accounts.records import build_account
    from auth.testing.accounts import nik_for

    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    with app.app_context():
        person = build_account(full_name="Rina Marlina", password="kopi tubruk di teras pagi",
                               nik=nik_for(date(1992, 5, 14), "F"), birth_date=date(1992, 5, 14), sex="F",
                               locale="id", phone=None, email=None)
        session.add(person)
        session.flush()
        case = Case(number="SP-2026-999001", module="perizinan", service="izin-keramaian", agency=AGENCY,
                    subject_id=person.id, actor_id=person.id, state="in_review", form={}, fee=0, events=0)
        session.add(case)
        session.commit()
        case_id = case.id
        session.remove()

    start = threading.Barrier(len(TARGETS))
    outcomes: dict[str, str] = {}

    def decide(target: str) -> None:
        with app.app_context():
            try:
                start.wait()
                row = locked(case_id)
                move(row, target, Actor(str(uuid.uuid4()), "officer"), reason=target,
                     roles=frozenset({"officer"}))
                time.sleep(0.2)  # hold the lock while the others try
                session.commit()
                outcomes[target] = "applied"
            except TransitionRefused:
                outcomes[target] = "refused"
            except OperationalError:  # SQLite: the writer with a stale snapshot is turned away
                outcomes[target] = "refused"
            finally:
                session.remove()

    threads = [threading.Thread(target=decide, args=(target,)) for target in TARGETS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes.values()) == ["applied"] + ["refused"] * (len(TARGETS) - 1), outcomes
    winner = next(target for target, outcome in outcomes.items() if outcome == "applied")
    with app.app_context():
        assert session.get(Case, case_id).state == winner
        moves = list(session.scalars(select(CaseEvent.to_state).where(CaseEvent.case_id == case_id,
                                                                      CaseEvent.kind == "transition")))
        assert moves == [winner]
        session.remove()
    app.extensions["satupintu.engine"].dispose()
