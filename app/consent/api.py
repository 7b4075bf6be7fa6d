"""/api/v1/me/data-sharing, /api/v1/me/data-access and /api/v1/me/export: the citizen's view of
who may use their data, who did, and everything held about them. Scope `data`."""

from __future__ import annotations

import uuid

from flask import Response

from app.access import citizen_id, require_scope
from app.api import API_PREFIX, Blueprint
from app.consent import access_log, citizen
from app.consent.export import export_all
from app.consent.present import access_page_json, consent_view, request_view
from app.consent.schemas import (
    DataAccessPageSchema,
    DataAccessQuery,
    DataConsentQuery,
    DataConsentRequestSchema,
    DataConsentSchema,
    DataExportSchema,
    DataRequestQuery,
)
from app.limits import rate_limit

DATA_SCOPE_NAME = "data"

blp = Blueprint("me_data", __name__, url_prefix=f"{API_PREFIX}/me",
                description="The citizen's data sharing: requests, consents, data-access log, export.")


@blp.route("/data-sharing/requests")
@require_scope(DATA_SCOPE_NAME)
@blp.arguments(DataRequestQuery, location="query", as_kwargs=True)
@blp.response(200, DataConsentRequestSchema(many=True))
def list_requests(status: str | None = None):
    """Requests modules made for the citizen's data, newest first (at most 200)."""
    return [request_view(row) for row in citizen.list_requests(citizen_id(), status=status)]


@blp.route("/data-sharing/requests/<uuid:request_id>")
@require_scope(DATA_SCOPE_NAME)
@blp.response(200, DataConsentRequestSchema)
def get_request(request_id: uuid.UUID):
    """One request."""
    return request_view(citizen.get_request(citizen_id(), request_id))


@blp.route("/data-sharing/requests/<uuid:request_id>/approve", methods=["POST"])
@require_scope(DATA_SCOPE_NAME)
@blp.response(200, DataConsentRequestSchema)
def approve_request(request_id: uuid.UUID):
    """Consent to the request: the module may read the items for that purpose until it expires."""
    return request_view(citizen.decide(citizen_id(), request_id, approve=True))


@blp.route("/data-sharing/requests/<uuid:request_id>/refuse", methods=["POST"])
@require_scope(DATA_SCOPE_NAME)
@blp.response(200, DataConsentRequestSchema)
def refuse_request(request_id: uuid.UUID):
    """Refuse the request."""
    return request_view(citizen.decide(citizen_id(), request_id, approve=False))


@blp.route("/data-sharing/consents")
@require_scope(DATA_SCOPE_NAME)
@blp.arguments(DataConsentQuery, location="query", as_kwargs=True)
@blp.response(200, DataConsentSchema(many=True))
def list_consents(status: str | None = None):
    """Consents given, newest first (at most 200): active, withdrawn or expired."""
    return [consent_view(row) for row in citizen.list_consents(citizen_id(), status=status)]


@blp.route("/data-sharing/consents/<uuid:consent_id>/withdraw", methods=["POST"])
@require_scope(DATA_SCOPE_NAME)
@blp.response(200, DataConsentSchema)
def withdraw_consent(consent_id: uuid.UUID):
    """Withdraw a consent; the module's very next read is refused."""
    return consent_view(citizen.withdraw(citizen_id(), consent_id))


@blp.route("/data-access")
@require_scope(DATA_SCOPE_NAME)
@blp.arguments(DataAccessQuery, location="query", as_kwargs=True)
@blp.response(200, DataAccessPageSchema)
def list_data_access(limit: int, module: str | None = None, since=None, until=None, cursor=None):
    """Who used the citizen's data: every read and refused read by a module, newest first."""
    rows, next_cursor = access_log.page(citizen_id(), limit=limit, module=module, since=since, until=until,
                                        after=cursor)
    # JSON in the documented shape, put together directly, without a pass through the schema (it
    # would cost more than the query)
    return Response(access_page_json(rows, next_cursor), mimetype="application/json")


@blp.route("/export")
@require_scope(DATA_SCOPE_NAME)
@rate_limit("RATELIMIT_EXPORT")
@blp.response(200, DataExportSchema)
def export():
    """Everything the platform holds about the citizen, as one JSON document (UU PDP access right)."""
    return export_all(citizen_id()), {"Content-Disposition": 'attachment; filename="satupintu-data.json"'}
