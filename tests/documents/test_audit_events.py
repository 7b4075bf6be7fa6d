"""Issuing, revoking and sharing documents leave audit entries (ids only, never the data)."""

import json

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.registry import services
from tests.documents.conftest import ISSUER


def entries(db_session, chain):
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.chain == chain)
                                   .order_by(AuditEntry.sequence)))


def test_issuance_revocation_and_links_are_audited(client, citizen, wallet, issue, db_session):
    ref = issue(citizen)
    services().get("documents").revoke(ref.id, "issued in error", module=ISSUER)
    db_session.commit()
    link = client.post(f"/api/v1/me/documents/{ref.id}/links", headers=wallet, json={}).get_json()
    client.delete(f"/api/v1/me/documents/{ref.id}/links/{link['id']}", headers=wallet)

    staff = [(e.action, e.subject) for e in entries(db_session, "staff")
             if e.action.startswith("document.")]
    assert staff == [("document.issued", str(citizen.id)), ("document.revoked", str(citizen.id))]
    shares = [e for e in entries(db_session, "consent") if e.action.startswith("document.")]
    assert [(e.action, e.actor) for e in shares] == [("document.link_created", str(citizen.id)),
                                                     ("document.link_revoked", str(citizen.id))]
    payloads = [json.loads(e.payload) for e in shares]
    assert payloads[0]["document"] == str(ref.id) and payloads[1]["share"] == link["id"]
    everything = json.dumps([e.payload for e in entries(db_session, "staff") + shares])
    assert "Braga" not in everything and "Rina" not in everything
    assert services().get("audit").verify("staff")[0].ok
