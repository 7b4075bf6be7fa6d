"""The "my applications" list and the officers' queue cost the same number of queries for 1
case as for 30 (the page carries its total: no query per case)."""

from __future__ import annotations

import uuid

from app.cases.models import Case
from app.db import session

from .conftest import AGENCY, ME, QUEUE


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
