"""Service modules that exist only in tests: `bansos` reads citizens' data through the consent
service (with consent for one purpose, on a legal duty for another) and asks for consent;
`pajak` declares no data use at all. Both go through app.sdk / app.contracts only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import marshmallow as ma

from app.contracts.consent import ReadRequest
from app.sdk import (
    API_PREFIX,
    Blueprint,
    DataUse,
    ServiceModule,
    current_principal,
    require_role,
    services,
    session,
)

OFFICER = "bansos.officer"
ELIGIBILITY = {"id": "Menilai kelayakan penerima bantuan sosial",
               "en": "Assessing eligibility for social assistance"}
FRAUD = {"id": "Mencegah penerimaan bantuan ganda", "en": "Preventing double receipt of assistance"}

blp = Blueprint("bansos", __name__, url_prefix=f"{API_PREFIX}/bansos", description="Test module.")


class ReadBody(ma.Schema):
    purpose = ma.fields.String(required=True)
    items = ma.fields.List(ma.fields.String(), required=True)
    as_system = ma.fields.Boolean(load_default=False)


class AskBody(ma.Schema):
    purpose = ma.fields.String(required=True)
    items = ma.fields.List(ma.fields.String(), required=True)
    days = ma.fields.Integer(load_default=None)


@blp.route("/citizens/<uuid:subject>/read", methods=["POST"])
@require_role(OFFICER)
@blp.arguments(ReadBody)
@blp.response(200)
def read(body, subject: uuid.UUID):
    """Read a citizen's data the way a module does: whatever the consent service allows."""
    actor = "system" if body["as_system"] else current_principal().subject
    allowed = services().get("consent").authorize(ReadRequest(
        subject=subject, module="bansos", purpose=body["purpose"], items=tuple(body["items"]), actor=actor))
    session.commit()
    return {"allowed": list(allowed)}


@blp.route("/citizens/<uuid:subject>/consent-requests", methods=["POST"])
@require_role(OFFICER)
@blp.arguments(AskBody)
@blp.response(201)
def ask(body, subject: uuid.UUID):
    """Ask the citizen for consent."""
    expires_in = timedelta(days=body["days"]) if body["days"] else None
    request_id = services().get("consent").request(
        subject=subject, module="bansos", purpose=body["purpose"], items=tuple(body["items"]),
        actor=current_principal().subject, expires_in=expires_in)
    session.commit()
    return {"id": str(request_id)}


class BansosExport:
    """The module's section of the citizen's export ("bansos.export")."""

    def export(self, subject: uuid.UUID):
        return {"applications": [{"subject": subject, "status": "draft"}]}


BANSOS = ServiceModule(
    slug="bansos",
    title={"id": "Bantuan Sosial", "en": "Social Assistance"},
    agency="kemensos",
    version="1.0.0",
    blueprints=lambda: (blp,),
    roles=(OFFICER,),
    provides={"bansos.export": f"{__name__}:BansosExport"},
    data_uses=(
        DataUse("eligibility", ELIGIBILITY,
                ("profile:address", "profile:household", "document:akta_kelahiran")),
        DataUse("fraud_check", FRAUD, ("profile:address",), lawful_basis="legal_duty"),
    ),
    package=__name__,
)

PAJAK = ServiceModule(
    slug="pajak",
    title={"id": "Pajak Kendaraan", "en": "Vehicle Tax"},
    agency="bapenda-31",
    version="1.0.0",
    package=f"{__name__}_pajak",
)
