"""The lifecycle engine through the API: allowed moves, refused moves (409 with the allowed
list), every role rule, and what each transition writes."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from app.cases.engine import allowed
from app.contracts.cases import STANDARD_TRANSITIONS, CaseNotFound, TransitionRefused
from app.db import session
from app.registry import services

from .conftest import EVENT, ME, QUEUE, case_row


def move(client, headers, case_id, to, reason="ok"):
    return client.post(f"{QUEUE}/{case_id}/transitions", headers=headers, json={"to": to, "reason": reason})


def test_free_service_goes_from_draft_to_review(client, me, file_case):
    draft = file_case(submit=False)
    assert draft["state"] == "draft" and draft["number"].startswith("SP-")
    assert draft["allowed_transitions"] == ["submitted", "withdrawn"]
    submitted = client.post(f"{ME}/{draft['id']}/submit", headers=me, json={})
    assert submitted.status_code == 200, submitted.get_json()
    body = submitted.get_json()
    assert body["state"] == "in_review"
    assert [(e["from_state"], e["to_state"], e["actor_role"]) for e in body["timeline"]] == [
        (None, "draft", "citizen"), ("draft", "submitted", "citizen"), ("submitted", "in_review", "system")]
    assert body["due_at"] is not None  # SLA clock started
    assert submitted.headers["Cache-Control"] == "no-store"


def test_illegal_transition_answers_409_with_the_allowed_list(client, desk, file_case):
    case = file_case()
    refused = move(client, desk, case["id"], "issued")
    assert refused.status_code == 409
    assert refused.mimetype == "application/problem+json"
    body = refused.get_json()
    assert body["state"] == "in_review" and body["target"] == "issued"
    assert sorted(body["allowed"]) == ["approved", "needs_correction", "pending_external", "rejected"]
    unknown = move(client, desk, case["id"], "teleported")
    assert unknown.status_code == 409 and unknown.get_json()["target"] == "teleported"


def test_citizen_may_not_take_staff_or_system_edges(client, me, file_case):
    case = file_case()
    for target in ("approved", "rejected", "in_review", "issued"):
        with pytest.raises(TransitionRefused) as refused:
            from app.cases.engine import Actor, locked
            from app.cases.engine import move as engine_move

            engine_move(locked(uuid.UUID(case["id"])), target, Actor(str(uuid.uuid4()), "citizen"))
        assert refused.value.allowed == ("withdrawn",)
    # and the citizen API has no route to approve at all: a staff route answers 403 to a citizen token
    assert client.post(f"{QUEUE}/{case['id']}/transitions", headers=me,
                       json={"to": "approved", "reason": ""}).status_code == 403


def test_staff_may_not_take_citizen_or_system_edges(client, desk, file_case):
    draft = file_case(submit=False)
    assert move(client, desk, draft["id"], "submitted").status_code == 404  # staff never see drafts
    case = file_case()
    assert move(client, desk, case["id"], "withdrawn").status_code == 409
    approved = move(client, desk, case["id"], "approved")
    assert approved.status_code == 200
    # approved -> issued is the platform's (it happened already: the document was issued)
    assert approved.get_json()["state"] == "issued"


def test_every_standard_edge_names_known_roles():
    roles = {role for edge in STANDARD_TRANSITIONS for role in edge.roles}
    assert roles == {"citizen", "officer", "agency_admin", "system"}


def test_role_table(file_case):
    case = case_row(file_case()["id"])  # in_review
    assert allowed(case, {"citizen"}) == ("withdrawn",)
    assert set(allowed(case, {"officer"})) == {"needs_correction", "approved", "rejected", "pending_external"}
    assert allowed(case, {"agency_admin"}) == allowed(case, {"officer"})
    assert allowed(case, {"system"}) == ("pending_external",)


def test_module_added_state_and_edges(client, desk, me, file_case):
    from app.cases.engine import SYSTEM_ACTOR, locked
    from app.cases.engine import move as engine_move

    case = file_case("izin-reklame", submit=False)
    row = locked(uuid.UUID(case["id"]))
    row.state = "in_review"  # as if paid (payments are tested elsewhere)
    session().commit()
    inspected = move(client, desk, case["id"], "site_inspection", "Jadwal peninjauan Senin")
    assert inspected.status_code == 200, inspected.get_json()
    body = inspected.get_json()
    assert body["state"] == "site_inspection"
    assert body["state_label"] == "Peninjauan lapangan"
    assert set(body["allowed_transitions"]) == {"approved", "needs_correction", "rejected"}
    assert client.get(f"{ME}/{case['id']}", headers={**me, "Accept-Language": "en"}).get_json()[
        "allowed_transitions"] == ["withdrawn"]
    with pytest.raises(TransitionRefused):  # the free service has no such state
        other = file_case()
        engine_move(locked(uuid.UUID(other["id"])), "site_inspection", SYSTEM_ACTOR)


def test_correction_round_trip(client, me, desk, file_case):
    case = file_case()
    no_reason = client.post(f"{QUEUE}/{case['id']}/correction-request", headers=desk, json={"reason": ""})
    assert no_reason.status_code == 422
    asked = client.post(f"{QUEUE}/{case['id']}/correction-request", headers=desk,
                        json={"reason": "Tanggal kegiatan salah"})
    assert asked.get_json()["state"] == "needs_correction"
    bad = client.post(f"{ME}/{case['id']}/correction", headers=me,
                      json={"form": {**EVENT, "tanggal": "besok"}})
    assert bad.status_code == 422 and "tanggal" in bad.get_json()["errors"]["form"]
    fixed = client.post(f"{ME}/{case['id']}/correction", headers=me,
                        json={"form": {**EVENT, "tanggal": "2026-12-27"}, "comment": "Sudah diperbaiki"})
    assert fixed.status_code == 200, fixed.get_json()
    body = fixed.get_json()
    assert body["state"] == "in_review" and body["form"]["tanggal"] == "2026-12-27"
    kinds = [(e["kind"], e["to_state"]) for e in body["timeline"]]
    assert ("comment", None) in kinds
    assert kinds[-2:] == [("transition", "submitted"), ("transition", "in_review")]
    again = client.post(f"{ME}/{case['id']}/correction", headers=me, json={"form": EVENT})
    assert again.status_code == 409 and again.get_json()["allowed"] == ["withdrawn"]


def test_withdraw_before_decision_only(client, me, desk, file_case):
    case = file_case()
    withdrawn = client.post(f"{ME}/{case['id']}/withdraw", headers=me, json={"reason": "Acara batal"})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["state"] == "withdrawn"
    assert client.post(f"{ME}/{case['id']}/withdraw", headers=me, json={}).status_code == 409
    decided = file_case()
    move(client, desk, decided["id"], "rejected", "Lokasi tidak diizinkan")
    refused = client.post(f"{ME}/{decided['id']}/withdraw", headers=me, json={})
    assert refused.status_code == 409 and refused.get_json()["allowed"] == []


def test_every_transition_writes_audit_outbox_and_timeline(client, desk, file_case):
    from app.audit.models import AuditEntry
    from app.outbox.models import OutboxMessage

    case = file_case()
    move(client, desk, case["id"], "rejected", "Tidak lengkap")
    messages = [m.payload for m in session().scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "case.transitioned"))if m.payload["case_id"] == case["id"]]
    assert [(m["from_state"], m["to_state"]) for m in messages] == [
        ("draft", "submitted"), ("submitted", "in_review"), ("in_review", "rejected")]
    assert messages[-1]["reason"] == "Tidak lengkap" and messages[-1]["module"] == "perizinan"
    entries = [json.loads(e.payload) for e in session().scalars(
        select(AuditEntry).where(AuditEntry.action == "case.transitioned").order_by(AuditEntry.sequence))]
    entries = [e for e in entries if e.get("case") == case["id"]]
    assert [e["to"] for e in entries] == ["submitted", "in_review", "rejected"]


def test_comments_internal_and_visible(client, me, desk, file_case):
    case = file_case()
    client.post(f"{QUEUE}/{case['id']}/comments", headers=desk, json={"body": "Cek izin lokasi dulu"})
    client.post(f"{QUEUE}/{case['id']}/comments", headers=desk,
                json={"body": "Mohon tunggu", "internal": False})
    mine = client.post(f"{ME}/{case['id']}/comments", headers=me, json={"body": "Terima kasih"})
    assert mine.status_code == 201
    seen = [e["body"] for e in client.get(f"{ME}/{case['id']}", headers=me).get_json()["timeline"]
            if e["kind"] == "comment"]
    assert seen == ["Mohon tunggu", "Terima kasih"]
    staff_seen = [e["body"] for e in client.get(f"{QUEUE}/{case['id']}", headers=desk).get_json()["timeline"]
                  if e["kind"] == "comment"]
    assert staff_seen == ["Cek izin lokasi dulu", "Mohon tunggu", "Terima kasih"]


def test_claim(client, desk, me, make_staff, account_headers, file_case):
    case = file_case()
    claimed = client.post(f"{QUEUE}/{case['id']}/claim", headers=desk)
    assert claimed.status_code == 200 and claimed.get_json()["assignee_id"]
    assert client.get(f"{ME}/{case['id']}", headers=me).get_json()["assignee_id"] is None  # staff's matter
    colleague = account_headers(make_staff("officer", agency="dpmptsp-8271"))
    assert client.post(f"{QUEUE}/{case['id']}/claim", headers=colleague).status_code == 409
    boss = account_headers(make_staff("agency_admin", agency="dpmptsp-8271"))
    assert client.post(f"{QUEUE}/{case['id']}/claim", headers=boss).status_code == 200
    mine = client.get(f"{QUEUE}?mine=true", headers=desk).get_json()
    assert mine["total"] == 0


def test_cases_service_for_modules(file_case):
    cases = services().get("cases")
    case = file_case()
    case_id = uuid.UUID(case["id"])
    view = cases.get(case_id, module="perizinan")
    assert view.state == "in_review" and view.form == EVENT and view.agency == "dpmptsp-8271"
    assert view.due_at is not None and view.invoice_id is None and view.document_id is None
    with pytest.raises(CaseNotFound):
        cases.get(case_id, module="pengumuman")
    with pytest.raises(CaseNotFound):
        cases.transition(case_id, "pending_external", module="pengumuman")
    moved = cases.transition(case_id, "pending_external", module="perizinan", reason="OSS")
    assert moved.state == "pending_external"
    with pytest.raises(TransitionRefused):
        cases.transition(case_id, "approved", module="perizinan")
    session().commit()
    assert case_row(case_id).external_next_try is not None
