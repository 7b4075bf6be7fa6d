"""/api/v1/agency/cases: the queue of the officer's agency (roles officer, agency_admin).

A case of another agency answers 404, like one that does not exist, and never shows in lists.
"""

from __future__ import annotations

import uuid

from app.access import require_role
from app.api import API_PREFIX, Blueprint
from app.cases import attachments, staff
from app.cases.api import file_response
from app.cases.schemas import (
    CaseDetailSchema,
    CasePage,
    CorrectionRequestSchema,
    EventSchema,
    QueueArgs,
    StaffCommentSchema,
    TransitionSchema,
)
from app.contracts.cases import AGENCY_ADMIN, OFFICER
from app.pagination import encoded_page

blp = Blueprint("cases_agency", __name__, url_prefix=f"{API_PREFIX}/agency/cases",
                description="Cases of the caller's agency, for its officers.")
STAFF = (OFFICER, AGENCY_ADMIN)


@blp.route("", methods=["GET"])
@require_role(*STAFF)
@blp.arguments(QueueArgs, location="query", as_kwargs=True)
@blp.response(200, CasePage)
def queue(page, per_page, **filters):
    """My agency's cases, soonest due first (filter by service, state, overdue, due date, mine)."""
    items, total = staff.queue(page=page, per_page=per_page, **filters)
    return encoded_page(items, page=page, per_page=per_page, total=total)


@blp.route("/<uuid:case_id>", methods=["GET"])
@require_role(*STAFF)
@blp.response(200, CaseDetailSchema)
def get_case(case_id: uuid.UUID):
    """One case with its full timeline (internal comments included)."""
    return staff.read(case_id), 200


@blp.route("/<uuid:case_id>/claim", methods=["POST"])
@require_role(*STAFF)
@blp.response(200, CaseDetailSchema)
def claim(case_id: uuid.UUID):
    """Take the case (an agency admin may take it from another officer)."""
    return staff.claim(case_id), 200


@blp.route("/<uuid:case_id>/transitions", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(TransitionSchema)
@blp.response(200, CaseDetailSchema)
def transition(body, case_id: uuid.UUID):
    """Move the case (409 lists the transitions allowed from its state)."""
    return staff.move(case_id, body["to"], body["reason"]), 200


@blp.route("/<uuid:case_id>/correction-request", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(CorrectionRequestSchema)
@blp.response(200, CaseDetailSchema)
def request_correction(body, case_id: uuid.UUID):
    """Send the case back to the citizen with what to correct."""
    return staff.move(case_id, "needs_correction", body["reason"]), 200


@blp.route("/<uuid:case_id>/comments", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(StaffCommentSchema)
@blp.response(201, EventSchema)
def comment(body, case_id: uuid.UUID):
    """A comment: internal (staff only) or visible to the citizen."""
    return staff.comment(case_id, body["body"], internal=body["internal"]), 201


@blp.route("/<uuid:case_id>/attachments/<uuid:attachment_id>", methods=["GET"])
@require_role(*STAFF)
@blp.response(200, content_type="application/octet-stream", description="The attachment's bytes.")
def download_attachment(case_id: uuid.UUID, attachment_id: uuid.UUID):
    """Download an attachment of a case of my agency."""
    row, data = attachments.fetch(case_id, attachment_id, staff=True)
    return file_response(row, data)
