"""The audit chain: appends link up, the database refuses edits, and `verify` (service, CLI
and admin API) names the first broken link after any direct edit, deletion or reordering."""

from __future__ import annotations

import itertools
import json

import pytest
from platform_probe import assert_problem
from sqlalchemy import select, text

from app.audit.chain import canonical_payload
from app.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from app.audit.service import verify_chain
from app.registry import services


@pytest.fixture
def audit(db_session):
    return services().get("audit")


@pytest.fixture
def filled(audit, db_session):
    """Five entries on the `staff` chain, committed (inside the test's transaction)."""
    for number in range(1, 6):
        audit.record("staff", "uji.case.approved", actor=f"officer-{number}", subject="citizen-1",
                     payload={"case": f"C-{number}"})
    db_session.commit()
    return "staff"


def tamper(db_session, *statements: str) -> None:
    """Run SQL the way an attacker with DDL rights would: with the append-only guard off
    (the test's transaction is rolled back afterwards, guard included)."""
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
    else:
        db_session.execute(text("DROP TRIGGER audit_entry_no_update"))
        db_session.execute(text("DROP TRIGGER audit_entry_no_delete"))
    for statement in statements:
        db_session.execute(text(statement))


def test_entries_link_to_their_predecessor(audit, filled, db_session):
    rows = list(db_session.scalars(select(AuditEntry).where(AuditEntry.chain == "staff")
                                   .order_by(AuditEntry.sequence)))
    assert [row.sequence for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0].previous_hash == GENESIS_HASH
    assert all(later.previous_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    head = db_session.get(AuditChainHead, "staff")
    assert (head.sequence, head.hash) == (5, rows[-1].hash)
    assert rows[2].actor == "officer-3" and rows[2].subject == "citizen-1"
    assert json.loads(rows[2].payload) == {"case": "C-3"}
    report = audit.verify("staff")[0]
    assert report.ok and report.entries == 5


def test_chains_are_numbered_independently(audit, filled):
    assert audit.record("consent", "consent.approved", actor="a", subject="a") == 1
    assert audit.record("staff", "uji.case.closed", actor="b") == 6


def test_a_rolled_back_append_leaves_no_entry_and_no_gap(audit, filled, db_session):
    audit.record("staff", "uji.case.closed", actor="b")
    db_session.rollback()
    assert audit.record("staff", "uji.case.closed", actor="c") == 6
    db_session.commit()
    assert audit.verify("staff")[0].ok


def test_the_database_refuses_updates_and_deletes(filled, db_session):
    for statement in ("UPDATE audit_entry SET actor = 'someone' WHERE sequence = 2",
                      "DELETE FROM audit_entry WHERE sequence = 5"):
        with pytest.raises(Exception, match="append-only"), db_session.begin_nested():
            db_session.execute(text(statement))


@pytest.mark.parametrize(("statements", "broken_at", "problem"), [
    (["UPDATE audit_entry SET payload = '{\"case\":\"C-9\"}' WHERE chain = 'staff' AND sequence = 3"],
     3, "hash"),
    (["UPDATE audit_entry SET actor = 'nobody' WHERE chain = 'staff' AND sequence = 1"], 1, "hash"),
    (["UPDATE audit_entry SET occurred_at = occurred_at WHERE chain = 'staff' AND sequence = 2",
      "UPDATE audit_entry SET subject = NULL WHERE chain = 'staff' AND sequence = 2"], 2, "hash"),
    (["DELETE FROM audit_entry WHERE chain = 'staff' AND sequence = 2"], 2, "missing"),
    (["DELETE FROM audit_entry WHERE chain = 'staff' AND sequence = 5"], 5, "missing"),
    # reordering: entries 2 and 4 swap places
    (["UPDATE audit_entry SET sequence = 100 WHERE chain = 'staff' AND sequence = 2",
      "UPDATE audit_entry SET sequence = 2 WHERE chain = 'staff' AND sequence = 4",
      "UPDATE audit_entry SET sequence = 4 WHERE chain = 'staff' AND sequence = 100"], 2, "previous_hash"),
    # an edit whose own hash is recomputed still breaks the link to the next entry
    (["UPDATE audit_entry SET hash = (SELECT hash FROM audit_entry WHERE chain = 'staff' AND sequence = 1) "
      "WHERE chain = 'staff' AND sequence = 3"], 3, "hash"),
    (["UPDATE audit_chain_head SET sequence = 4 WHERE chain = 'staff'"], 4, "head"),
])
def test_tampering_is_reported_at_the_first_broken_link(filled, db_session, statements, broken_at, problem):
    tamper(db_session, *statements)
    db_session.expire_all()
    report = verify_chain("staff")
    assert (report.broken_at, report.problem) == (broken_at, problem)
    assert not report.ok
    assert report.entries == (5 if problem == "head" else broken_at - 1)


def test_a_recomputed_entry_breaks_the_link_to_its_successor(audit, filled, db_session):
    from app.audit.chain import entry_hash

    row = db_session.scalar(select(AuditEntry).where(AuditEntry.chain == "staff", AuditEntry.sequence == 3))
    forged_payload = canonical_payload({"case": "C-forged"})
    forged = entry_hash(chain="staff", sequence=3, occurred_at=row.occurred_at, action=row.action,
                        actor=row.actor, subject=row.subject, payload=forged_payload,
                        previous_hash=row.previous_hash)
    tamper(db_session, f"UPDATE audit_entry SET payload = '{forged_payload}', hash = '{forged}' "
                       "WHERE chain = 'staff' AND sequence = 3")
    db_session.expire_all()
    assert (verify_chain("staff").broken_at, verify_chain("staff").problem) == (4, "previous_hash")


def test_verify_every_chain(audit, filled, db_session):
    audit.record("auth", "auth.sign_in.succeeded", actor="x", subject="x")
    db_session.commit()
    reports = {report.chain: report for report in audit.verify()}
    assert {"auth", "staff"} <= reports.keys()
    assert all(report.ok for report in reports.values())


@pytest.mark.parametrize(("chain", "action", "fields"), [
    ("nowhere", "uji.done", {}),
    ("data-access", "data.read", {}),
    ("data-access.Uji", "data.read", {}),
    ("staff", "Done", {}),
    ("staff", "done", {}),
    ("staff", "uji.done", {"payload": {"nik": "x"}}),
    ("staff", "uji.done", {"payload": {"new_password": "x"}}),
    ("staff", "uji.done", {"payload": {"access_token": "x"}}),
    ("staff", "uji.done", {"payload": {"note": "warga 3171011405920001"}}),
    ("staff", "uji.done", {"payload": {"n": 3171011405920001}}),  # a NIK as a number
    ("staff", "uji.done", {"payload": {"note": "3171-0114-0592-0001"}}),  # written in groups
    ("staff", "uji.done", {"payload": {"accessToken": "x"}}),  # camelCase keys too
    ("staff", "uji.done", {"payload": {"phone": "x"}}),
    ("staff", "uji.done", {"payload": {"to": "+62 812-3456-7890"}}),
    ("staff", "uji.done", {"payload": {"to": "rina@contoh.id"}}),
    ("staff", "uji.done", {"payload": {"nested": {"a": 1}}}),
    ("staff", "uji.done", {"payload": {"big": "x" * 3000}}),
    ("staff", "uji.done", {"actor": ""}),
    ("staff", "uji.done", {"actor": "a" * 81}),
])
def test_refused_records(audit, chain, action, fields):
    fields = {"actor": "officer", **fields}
    with pytest.raises(ValueError):
        audit.record(chain, action, **fields)


def test_data_access_chains_are_per_module(audit):
    assert audit.record("data-access.pajak", "data.read", actor="system", subject="s") == 1
    assert audit.record("data-access.pajak", "data.read", actor="system", subject="s") == 2
    assert audit.record("data-access.bansos", "data.read", actor="system", subject="s") == 1


# --- the command and the admin API -------------------------------------------------------------

def test_cli_verify_reports_intact_and_broken_chains(app, filled, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify", "--chain", "staff"])
    assert result.exit_code == 0, result.output
    assert "staff: 5 entries, intact" in result.output
    tamper(db_session,
           "UPDATE audit_entry SET action = 'uji.case.rejected' WHERE chain = 'staff' AND sequence = 4")
    db_session.expire_all()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "staff: broken at sequence 4 (hash); 3 entries before it are intact" in result.output


def test_admin_api_verify(client, filled, db_session, admin_headers):
    response = client.get("/api/v1/admin/audit/verify?chain=staff", headers=admin_headers)
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "chains": [
        {"chain": "staff", "entries": 5, "ok": True, "broken_at": None, "problem": None}]}
    tamper(db_session, "DELETE FROM audit_entry WHERE chain = 'staff' AND sequence = 3")
    db_session.expire_all()
    body = client.get("/api/v1/admin/audit/verify", headers=admin_headers).get_json()
    assert body["ok"] is False
    broken = {"chain": "staff", "entries": 2, "ok": False, "broken_at": 3, "problem": "missing"}
    assert broken in body["chains"]


def test_admin_api_lists_entries(client, filled, admin_headers):
    response = client.get("/api/v1/admin/audit/chains/staff/entries?after=3&limit=1", headers=admin_headers)
    assert response.status_code == 200
    [entry] = response.get_json()
    assert (entry["sequence"], entry["actor"], entry["payload"]) == (4, "officer-4", {"case": "C-4"})


def test_admin_api_needs_a_platform_admin(client, filled, citizen, account_headers):
    assert_problem(client.get("/api/v1/admin/audit/verify"), 401)
    assert_problem(client.get("/api/v1/admin/audit/verify", headers=account_headers(citizen, "openid")), 403)
    assert_problem(client.get("/api/v1/admin/audit/verify?chain=a;b", headers={}), 401)
