"""Object-level access: another citizen's case, and another agency's case for an officer, answer
exactly like a case that does not exist, on every route; lists never show them."""

from __future__ import annotations

import uuid

import pytest

from app.cases.models import Case
from app.db import session

from .conftest import ME, OTHER_AGENCY, QUEUE

RANDOM = "6f1f7b1e-0000-4000-8000-000000000000"

CITIZEN_ROUTES = [("GET", ""), ("PATCH", ""), ("POST", "/submit"), ("POST", "/withdraw"),
                  ("POST", "/correction"), ("POST", "/comments"), ("GET", f"/attachments/{RANDOM}")]
STAFF_ROUTES = [("GET", ""), ("POST", "/claim"), ("POST", "/transitions"), ("POST", "/correction-request"),
                ("POST", "/comments"), ("GET", f"/attachments/{RANDOM}")]
BODIES = {"": {"form": {}}, "/submit": {}, "/withdraw": {}, "/correction": {"form": {}},
          "/comments": {"body": "x"}, "/transitions": {"to": "approved", "reason": "x"},
          "/correction-request": {"reason": "x"}, "/claim": None}


def call(client, method, url, headers, suffix):
    body = BODIES.get(suffix)
    return client.open(url, method=method, headers=headers, json=body if method != "GET" else None)


@pytest.mark.parametrize(("method", "suffix"), CITIZEN_ROUTES)
def test_another_citizens_case_is_not_found(client, make_citizen, account_headers, file_case, method, suffix):
    case = file_case(submit=False)
    stranger = account_headers(make_citizen(full_name="Orang Lain"), "cases")
    theirs = call(client, method, f"{ME}/{case['id']}{suffix}", stranger, suffix)
    missing = call(client, method, f"{ME}/{RANDOM}{suffix}", stranger, suffix)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json()["type"] == missing.get_json()["type"]


def _other_agency_case(file_case) -> dict:
    case = file_case()
    row = session().get(Case, uuid.UUID(case["id"]))
    row.agency = OTHER_AGENCY  # as if the service were Bandung's
    session().commit()
    return case


@pytest.mark.parametrize(("method", "suffix"), STAFF_ROUTES)
def test_officer_of_another_agency_gets_404(client, desk, file_case, method, suffix):
    case = _other_agency_case(file_case)
    response = call(client, method, f"{QUEUE}/{case['id']}{suffix}", desk, suffix)
    assert response.status_code == 404
    assert session().get(Case, uuid.UUID(case["id"]), populate_existing=True).state == "in_review"


def test_queue_lists_only_the_officers_agency(client, desk, make_staff, account_headers, file_case):
    mine = file_case()
    theirs = _other_agency_case(file_case)
    listed = client.get(QUEUE, headers=desk).get_json()
    assert [item["id"] for item in listed["items"]] == [mine["id"]] and listed["total"] == 1
    bandung = account_headers(make_staff("officer", agency=OTHER_AGENCY))
    assert [item["id"] for item in client.get(QUEUE, headers=bandung).get_json()["items"]] == [theirs["id"]]
    for query in ("?state=in_review", "?module=perizinan", "?overdue=false", "?service=izin-keramaian"):
        items = client.get(QUEUE + query, headers=desk).get_json()["items"]
        assert {item["id"] for item in items} == {mine["id"]}


def test_drafts_are_the_citizens_alone(client, desk, file_case):
    draft = file_case(submit=False)
    assert client.get(QUEUE, headers=desk).get_json()["total"] == 0
    assert client.get(f"{QUEUE}/{draft['id']}", headers=desk).status_code == 404  # nor by id
    comment = client.post(f"{QUEUE}/{draft['id']}/comments", headers=desk,
                          json={"body": "Halo", "internal": False})
    assert comment.status_code == 404


def test_citizen_token_cannot_use_the_queue_and_staff_without_mfa_neither(client, me, make_staff,
                                                                           account_headers):
    assert client.get(QUEUE, headers=me).status_code == 403
    no_mfa = account_headers(make_staff("officer", agency="dpmptsp-8271", mfa=False))
    assert client.get(QUEUE, headers=no_mfa).status_code == 403


def test_scope_is_required(client, citizen, account_headers):
    assert client.get(ME, headers=account_headers(citizen, "documents")).status_code == 403
    assert client.get(ME).status_code == 401


def test_my_list_filters_and_never_shows_others(client, me, make_citizen, account_headers, file_case):
    first = file_case()
    second = file_case(submit=False)
    other = account_headers(make_citizen(full_name="Orang Lain"), "cases")
    file_case(headers=other)
    listed = client.get(ME, headers=me).get_json()
    assert [item["id"] for item in listed["items"]] == [second["id"], first["id"]]
    assert listed["items"][0]["service_title"] == "Izin Keramaian"
    drafts = client.get(f"{ME}?state=draft", headers=me).get_json()["items"]
    assert [i["id"] for i in drafts] == [second["id"]]
    assert client.get(f"{ME}?module=pengumuman", headers=me).get_json()["total"] == 0
    assert client.get(f"{ME}?per_page=1&page=2", headers=me).get_json()["items"][0]["id"] == first["id"]
    assert client.get(f"{ME}?bogus=1", headers=me).status_code == 422


def test_cases_are_in_the_data_export(client, citizen, account_headers, file_case):
    case = file_case()
    exported = client.get("/api/v1/me/export", headers=account_headers(citizen, "data"))
    assert exported.status_code == 200, exported.get_json()
    body = exported.get_json()
    section = body["sections"]["cases"]
    assert [item["number"] for item in section] == [case["number"]]


def test_installed_definitions_are_valid(app):
    from app.cases.definitions import _index

    with app.app_context():
        assert {("perizinan", "izin-reklame"), ("perizinan", "izin-keramaian")} <= set(_index())
