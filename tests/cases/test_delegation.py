"""A representative files and follows the subject's cases under a delegation covering the
module; both are recorded. Outside the delegated modules the delegate sees and files nothing."""

from __future__ import annotations

import uuid

from app.cases.models import Case
from app.db import session

from .conftest import EVENT, ME


def test_representative_files_for_the_subject(client, citizen, make_citizen, account_headers,
                                              delegated_headers, me):
    helper = make_citizen(full_name="Budi Kuasa")
    acting = delegated_headers(citizen, helper, ["perizinan"], "cases")
    filed = client.post(ME, headers=acting, json={"module": "perizinan", "service": "izin-keramaian",
                                                   "form": EVENT, "submit": True})
    assert filed.status_code == 201, filed.get_json()
    body = filed.get_json()
    assert body["subject_id"] == str(citizen.id) and body["actor_id"] == str(helper.id)
    submitted = next(e for e in body["timeline"] if e["to_state"] == "submitted")
    assert submitted["actor"] == str(helper.id) and submitted["on_behalf_of"] == str(citizen.id)
    # the subject sees it as their own; the representative's own list does not have it
    assert client.get(ME, headers=me).get_json()["total"] == 1
    assert client.get(ME, headers=account_headers(helper, "cases")).get_json()["total"] == 0
    assert client.get(ME, headers=acting).get_json()["total"] == 1
    withdrawn = client.post(f"{ME}/{body['id']}/withdraw", headers=acting, json={"reason": "batal"})
    assert withdrawn.status_code == 200


def test_delegation_for_another_module_reaches_no_case(client, citizen, make_citizen, delegated_headers, me):
    mine = client.post(ME, headers=me, json={"module": "perizinan", "service": "izin-keramaian",
                                             "form": EVENT, "submit": True}).get_json()
    helper = make_citizen(full_name="Sari Kuasa")
    acting = delegated_headers(citizen, helper, ["pengumuman"], "cases")
    assert client.get(ME, headers=acting).get_json()["total"] == 0
    assert client.get(f"{ME}/{mine['id']}", headers=acting).status_code == 404
    refused = client.post(ME, headers=acting, json={"module": "perizinan", "service": "izin-keramaian",
                                                    "form": EVENT})
    assert refused.status_code == 403
    assert session().get(Case, uuid.UUID(mine["id"])).state == "in_review"
