"""app.db.run and pipelined on a scratch database that really commits, so that on PostgreSQL statements go
straight to the psycopg connection as in production (the suite's own session is bound to a
connection, which keeps them on SQLAlchemy): rows, pipelined writes, and errors as SQLAlchemy's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from app import create_app, migrate
from app.contracts.payments import InvoiceItem
from app.db import new_id, pipelined, run, session, utcnow
from app.payments import ledger
from app.payments.models import Invoice, Journal
from app.registry import services


@pytest.fixture
def scratch(app_config, scratch_database_url):
    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    with app.test_request_context("/", base_url="http://localhost/"):
        invoice = services().get("payments").create_invoice(
            new_id(), [InvoiceItem("Retribusi layanan", 50_000)], module="pengumuman", agency="dukcapil",
            due_at=utcnow() + timedelta(days=3))
        session.commit()
        yield invoice
        session.remove()
    app.extensions["satupintu.engine"].dispose()


def test_rows_are_read_by_position(scratch):
    query = select(Invoice.number, Invoice.amount).where(Invoice.id == bindparam("id"))
    assert run(query, {"id": scratch.id}) == [(scratch.number, 50_000)]
    assert run(query, {"id": new_id()}) == []


def test_pipelined_writes_are_committed_with_the_transaction(scratch):
    with pipelined():
        ledger.post(f"payment:{scratch.id}", "payment", scratch.id, 50_000,
                    debit=ledger.clearing("simulated"), credit=ledger.RECEIVABLE)
    session.commit()
    assert ledger.balances() == {"citizen_receivable": 0, "agency_revenue:dukcapil": -50_000,
                                 "gateway_clearing:simulated": 50_000}


def test_an_error_in_a_pipeline_is_sqlalchemys_and_rolls_back(scratch):
    with pytest.raises(IntegrityError), pipelined():  # the invoice's journal exists already
        ledger.post(f"invoice:{scratch.id}", "invoice", scratch.id, 50_000, debit="a", credit="b")
    session.rollback()
    assert session.scalars(select(Journal.kind)).all() == ["invoice"]
