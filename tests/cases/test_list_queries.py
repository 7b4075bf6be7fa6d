"""The "my applications" list and the officers' queue cost the same number of queries for 1
case as for 30 (the page carries its total: no query per case)."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from app.cases.models import Case
from app.db import session, utcnow

from .conftest import AGENCY, ME, QUEUE, case_row


def _add_cases(subject_id, count: int) -> None:
    for _n in range(count):
        n = uuid.uuid4().int % 10**6
        session().add(Case(number=f"SP-1999-{n:06d}", module="perizinan", service="izin-keramaian",
                           agency=AGENCY, subject_id=subject_id, actor_id=subject_id, state="in_review",
                           form={"nama_kegiatan": f"Acara {n}"}, fee=0, events=0))
    session().commit()


def _count(client, count_queries, url, headers) -> int:
    client.get(url, headers=headers)  # warm: token keys, module state
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


def test_query_count_does_not_grow_with_the_page(client, citizen, me, desk, count_queries):
    _add_cases(citizen.id, 1)
    one_mine = _count(client, count_queries, f"{ME}?per_page=30", me)
    one_queue = _count(client, count_queries, f"{QUEUE}?per_page=30", desk)
    _add_cases(citizen.id, 29)
    assert client.get(f"{ME}?per_page=30", headers=me).get_json()["total"] == 30
    assert _count(client, count_queries, f"{ME}?per_page=30", me) == one_mine
    assert _count(client, count_queries, f"{QUEUE}?per_page=30", desk) == one_queue
    assert one_mine <= 2  # authentication, the page with its total


def test_an_empty_list_skips_the_page_query(client, me, count_queries):
    with count_queries() as counter:
        body = client.get(ME, headers=me).get_json()
    assert body == {"items": [], "page": 1, "per_page": 20, "total": 0}
    assert counter.count <= 2


def test_unknown_case_id_format(client, me):
    assert client.get(f"{ME}/{uuid.uuid4()}", headers=me).status_code == 404
    assert client.get(f"{ME}/not-a-uuid", headers=me).status_code == 404


def _vary(file_case) -> list[dict]:
    """Cases in every way a list row differs: a draft, a paid service, an overdue and escalated
    one, one in a service's own state (its label from the module), one of an uninstalled service."""
    filed = [file_case(submit=False), file_case(), file_case("izin-reklame"), file_case("izin-reklame"),
             file_case(), file_case()]
    own_state, late, gone = (case_row(case["id"]) for case in filed[3:])
    late.due_at, late.escalated_at = utcnow() - timedelta(hours=1), utcnow()
    own_state.state = "site_inspection"
    gone.module, gone.service, gone.state = "dihapus", "layanan-lama", "site_inspection"
    session().commit()
    return filed


@pytest.mark.parametrize("language", ["id", "en"])
def test_list_items_are_exactly_the_schema_dump(app, client, me, desk, file_case, language):
    """Lists encode their rows directly (service.summaries_json); what they send is, to the byte,
    what CasePage would dump from each case's `summary`."""
    from app.cases.schemas import CasePage
    from app.cases.service import summary

    filed = _vary(file_case)
    for url, headers in ((f"{ME}?per_page=4&page=2", me), (f"{ME}?per_page=4", me), (QUEUE, desk)):
        response = client.get(url, headers={**headers, "Accept-Language": language})
        assert response.status_code == 200
        listed = response.get_json()
        assert listed["total"] == len(filed) - (0 if url.startswith(ME) else 1)  # the queue: no draft
        with app.test_request_context(headers={"Accept-Language": language}):
            cases = [summary(case_row(item["id"])) for item in listed["items"]]
            expected = CasePage().dump({**listed, "items": cases})
        assert response.data == json.dumps(expected, separators=(",", ":")).encode()
    assert {item["state_label"] for item in client.get(ME, headers=me).get_json()["items"]} >= {
        "Draf", "Peninjauan lapangan", "site_inspection"}  # an unknown service's state: its code


def test_a_page_past_the_end_counts_apart(client, me, file_case, count_queries):
    file_case(), file_case()
    with count_queries() as counter:
        body = client.get(f"{ME}?page=3&per_page=1", headers=me).get_json()
    assert body == {"items": [], "page": 3, "per_page": 1, "total": 2}
    assert counter.count <= 3  # authentication, the empty page, its count
    assert client.get(f"{ME}?page=2&per_page=1&state=in_review", headers=me).get_json()["total"] == 2
    assert client.get(f"{ME}?page=2&per_page=1&state=draft", headers=me).get_json()["total"] == 0
