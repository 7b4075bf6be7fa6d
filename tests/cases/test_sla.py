"""SLA due dates (working days in the agency's time zone, Indonesian holidays skipped), overdue
escalation (once per case) and pending_external retries with back-off."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.cases.escalation import escalate_overdue
from app.cases.external import retry_due
from app.cases.sla import agency_zone, due_date, is_working_day
from app.db import session, utcnow
from app.registry import services

from .conftest import AGENCY, OTHER_AGENCY, QUEUE, case_row


def test_due_date_skips_weekend_and_independence_day_in_wib_and_wit():
    # Thursday 13 August 2026, 16:30 UTC: 23:30 Thursday in Jakarta (WIB), 01:30 Friday in Ternate (WIT).
    # Monday 17 August is Independence Day.
    start = datetime(2026, 8, 13, 16, 30, tzinfo=UTC)
    assert not is_working_day(datetime(2026, 8, 17).date())
    # WIB: Fri 14, (weekend), (Mon 17 holiday), Tue 18, Wed 19 -> end of Wednesday, Jakarta time
    assert due_date(start, 3, "WIB") == datetime(2026, 8, 19, 16, 59, 59, tzinfo=UTC)
    # WIT: the day already is Friday: (weekend), (Mon 17), Tue 18, Wed 19, Thu 20 -> end of Thursday, WIT
    assert due_date(start, 3, "WIT") == datetime(2026, 8, 20, 14, 59, 59, tzinfo=UTC)


def test_due_date_over_christmas_and_eid():
    # Wednesday 23 Dec 2026 noon WITA; Friday 25 is Christmas
    assert due_date(datetime(2026, 12, 23, 4, 0, tzinfo=UTC), 2, "WITA") == datetime(
        2026, 12, 28, 15, 59, 59, tzinfo=UTC)
    # Thursday 19 March 2026 (Nyepi) and the Eid weekend: submitted Wednesday 18 in Jakarta
    assert due_date(datetime(2026, 3, 18, 3, 0, tzinfo=UTC), 1, "WIB") == datetime(
        2026, 3, 20, 16, 59, 59, tzinfo=UTC)


def test_agency_zones(db_session):
    assert agency_zone(AGENCY) == "WIT"  # Kota Ternate
    assert agency_zone(OTHER_AGENCY) == "WIB"  # Kota Bandung
    assert agency_zone("kemendagri") == "WIB"  # national


def test_due_date_set_when_review_starts(file_case):
    case = file_case()
    row = case_row(case["id"])
    expected = due_date(row.submitted_at, 3, "WIT")
    assert abs(row.due_at - expected) < timedelta(seconds=5)


def _overdue(case_id):
    row = case_row(case_id)
    row.due_at = utcnow() - timedelta(hours=1)
    session().commit()
    return row


def test_overdue_escalated_once(client, file_case, desk, make_staff):
    from app.audit.models import AuditEntry

    boss = make_staff("agency_admin", agency=AGENCY)
    late, on_time = file_case(), file_case()
    _overdue(late["id"])
    assert escalate_overdue() == 1
    assert escalate_overdue() == 0  # idempotent
    row = case_row(late["id"])
    assert row.escalated_at is not None and case_row(on_time["id"]).escalated_at is None
    timeline = client.get(f"{QUEUE}/{late['id']}", headers=desk).get_json()["timeline"]
    assert [e["kind"] for e in timeline].count("escalation") == 1
    entries = [json.loads(e.payload) for e in session().scalars(
        select(AuditEntry).where(AuditEntry.action == "case.escalated"))]
    assert [e["case"] for e in entries] == [late["id"]]
    listed = client.get(f"{QUEUE}?overdue=true", headers=desk).get_json()
    assert [i["id"] for i in listed["items"]] == [late["id"]] and listed["items"][0]["escalated"] is True
    assert client.get(f"{QUEUE}?overdue=false", headers=desk).get_json()["items"][0]["id"] == on_time["id"]
    if "notifications" in services():  # the agency's staff hear of it
        from app.notifications.models import Notification

        notified = {n.subject_id for n in session().scalars(select(Notification).where(
            Notification.case_id == uuid.UUID(late["id"]),
            Notification.template == "cases.notice.escalated"))}
        assert boss.id in notified


def test_agency_staff_looked_up_once_per_escalation_run(file_case, desk, count_queries):
    for case in (file_case(), file_case(), file_case()):
        _overdue(case["id"])
    with count_queries() as counter:
        assert escalate_overdue() == 3
    staff_reads = [s for s in counter.statements if "auth_account.agency_code = " in s]
    assert len(staff_reads) <= 1, staff_reads


def test_decided_cases_are_not_escalated(client, file_case, desk):
    case = file_case()
    client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk, json={"to": "rejected", "reason": "x"})
    _overdue(case["id"])
    assert escalate_overdue() == 0


def test_periodic_tasks_are_scheduled(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert {"cases.escalate_overdue", "cases.retry_external", "cases.close_unpaid"} <= set(schedule)


def test_pending_external_is_offered_back_with_back_off(file_case, override_config):
    from app.outbox.models import OutboxMessage

    override_config(CASES_EXTERNAL_MAX_ATTEMPTS=3)
    case_id = uuid.UUID(file_case()["id"])
    services().get("cases").transition(case_id, "pending_external", module="perizinan", reason="OSS")
    session().commit()
    assert retry_due() == 0  # not due yet

    def due_now():
        row = case_row(case_id)
        row.external_next_try = utcnow() - timedelta(seconds=1)
        session().commit()

    delays = []
    for _attempt in range(3):
        due_now()
        before = utcnow()
        assert retry_due() == 1
        row = case_row(case_id)
        delays.append(None if row.external_next_try is None else row.external_next_try - before)
    assert delays[0] < delays[1]  # back-off grows
    assert delays[2] is None  # given up: an officer decides
    offers = [m.payload for m in session().scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "case.external_retry")) if m.payload["case_id"] == str(case_id)]
    assert sorted(o["attempt"] for o in offers) == [1, 2, 3]


def test_a_state_a_module_adds_for_the_agency_runs_the_clock(client, file_case, desk, me):
    """perizinan's site inspection is staff's to move on: a case waiting there falls overdue and is
    escalated like one in review. needs_correction (the citizen's turn) does not."""
    from app.cases.definitions import states_with_the_agency

    assert "site_inspection" in states_with_the_agency()
    assert not {"needs_correction", "payment_pending", "draft"} & states_with_the_agency()
    case = file_case("izin-reklame")
    row = case_row(case["id"])
    row.state = "in_review"  # as the paid invoice would have it
    session().commit()
    moved = client.post(f"{QUEUE}/{case['id']}/transitions", headers=desk,
                        json={"to": "site_inspection", "reason": "Survei lokasi"})
    assert moved.status_code == 200, moved.get_json()
    _overdue(case["id"])
    assert escalate_overdue() == 1
    listed = client.get(f"{QUEUE}?overdue=true", headers=desk).get_json()
    assert [item["id"] for item in listed["items"]] == [case["id"]]
    mine = client.get(f"/api/v1/me/cases/{case['id']}", headers=me).get_json()
    assert mine["overdue"] is True
