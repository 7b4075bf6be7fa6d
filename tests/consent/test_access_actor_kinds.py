"""The "who used my data" log names the kind of actor of every read: an officer, the module's
system, a representative acting for the citizen under a delegation, or the citizen themself,
with a label in the citizen's language. The audit entry keeps the bare actor id and subject."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.access import Principal
from app.audit.models import AuditEntry
from app.consent.models import DataAccess
from app.contracts.consent import ReadRequest
from app.db import session
from app.registry import services

ACCESS = "/api/v1/me/data-access"
ADDRESS = "profile:address"


def _read(actor: str, subject) -> None:
    services().get("consent").authorize(ReadRequest(
        subject=subject.id, module="bansos", purpose="fraud_check", items=(ADDRESS,), actor=actor))
    session.commit()


def test_each_kind_of_actor_is_recorded_and_shown(sharing_app, api, citizen, make_citizen, bansos_officer,
                                                 data_headers):
    helper = make_citizen(full_name="Budi Wakil")
    with sharing_app.test_request_context():
        _read("system", citizen)
        _read(str(bansos_officer.id), citizen)
        _read(str(citizen.id), citizen)
        _read(str(helper.id), citizen)  # e.g. a module's job a representative started
    with sharing_app.test_request_context():  # a representative's delegated request
        delegate = make_citizen(full_name="Sari Wakil")
        from flask import request
        request.environ["satupintu.principal"] = Principal(
            subject=str(citizen.id), scopes=frozenset({"openid"}), actor=str(delegate.id),
            delegated_modules=frozenset({"bansos"}))
        _read(str(delegate.id), citizen)

    stored = session.scalars(select(DataAccess.actor).where(DataAccess.subject == citizen.id)
                             .order_by(DataAccess.occurred_at, DataAccess.id)).all()
    assert set(stored) == {"system", str(bansos_officer.id), f"citizen:{citizen.id}",
                           f"representative:{helper.id}", f"representative:{delegate.id}"}

    response = api.get(ACCESS, headers=data_headers(citizen))
    shown = {(item["actor"]["kind"], item["actor"]["id"], item["actor"]["label"])
             for item in response.get_json()["items"]}
    assert shown == {
        ("system", "system", "Sistem layanan (otomatis)"),
        ("officer", str(bansos_officer.id), "Petugas instansi"),
        ("citizen", str(citizen.id), "Anda sendiri"),
        ("representative", str(helper.id), "Wakil Anda (dengan kuasa)"),
        ("representative", str(delegate.id), "Wakil Anda (dengan kuasa)"),
    }
    english = api.get(ACCESS, headers={**data_headers(citizen), "Accept-Language": "en"}).get_json()
    labels = {item["actor"]["kind"]: item["actor"]["label"] for item in english["items"]}
    assert labels == {"system": "The service's system (automatic)", "officer": "An agency officer",
                      "citizen": "You", "representative": "Your representative (under a delegation)"}

    entries = session.scalars(select(AuditEntry).where(AuditEntry.chain == "data-access.bansos",
                                                       AuditEntry.actor == str(delegate.id))).all()
    assert len(entries) == 1 and entries[0].subject == str(citizen.id)
    assert json.loads(entries[0].payload)["actor_kind"] == "representative"


def test_entries_written_before_kinds_were_recorded_read_as_officers(api, citizen, bansos_officer,
                                                                     data_headers, db_session):
    db_session.add(DataAccess(subject=citizen.id, module="bansos", agency="kemensos",
                              actor=str(bansos_officer.id), purpose="fraud_check", basis="legal_duty",
                              allowed=[ADDRESS], refused=[]))
    db_session.commit()
    [item] = api.get(ACCESS, headers=data_headers(citizen)).get_json()["items"]
    assert item["actor"] == {"kind": "officer", "id": str(bansos_officer.id), "label": "Petugas instansi"}
