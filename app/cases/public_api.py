"""/api/v1/cases/services/{module}/{service}: what a service asks for (public): its form as JSON
Schema, fee, SLA, extra states, the profile fields it may prefill; apps render the form from it."""

from __future__ import annotations

import marshmallow as ma

from app import i18n
from app.access import public
from app.api import API_PREFIX, Blueprint
from app.cases.service import service_or_404

blp = Blueprint("cases_services", __name__, url_prefix=f"{API_PREFIX}/cases/services",
                description="Definitions of the services citizens apply for.")


class ServiceDefinitionSchema(ma.Schema):
    module = ma.fields.String()
    service = ma.fields.String()
    title = ma.fields.String()
    agency = ma.fields.String()
    form = ma.fields.Dict(metadata={"description": "JSON Schema (draft 2020-12) of the form."})
    fee = ma.fields.Integer(metadata={"description": "IDR; 0 for a free service."})
    sla_days = ma.fields.Integer(allow_none=True, metadata={"description": "Working days, agency time."})
    document_type = ma.fields.String(allow_none=True)
    states = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(),
                            metadata={"description": "States the service adds, with their labels."})
    prefill = ma.fields.List(ma.fields.String())
    purpose = ma.fields.String()


@blp.route("/<module>/<service>", methods=["GET"])
@public
@blp.response(200, ServiceDefinitionSchema)
def get_definition(module: str, service: str):
    """One service's definition, in the caller's language."""
    found = service_or_404(module, service)
    definition = found.definition
    return {"module": found.module, "service": found.code, "title": i18n.pick(found.entry.title),
            "agency": found.agency, "form": dict(definition.form), "fee": definition.fee,
            "sla_days": definition.sla_days,
            "document_type": definition.document.type if definition.document else None,
            "states": {name: i18n.pick(label) for name, label in definition.states.items()},
            "prefill": list(definition.prefill), "purpose": definition.purpose}
