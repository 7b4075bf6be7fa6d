"""/api/v1/me/cases: the citizen's applications across every agency (scope `cases`).

Someone else's case answers 404 exactly like a case that does not exist. A representative
acting under a delegation (a delegated token) files and follows the subject's cases of the
delegated modules; both are recorded.
"""

from __future__ import annotations

import uuid

from flask import Response, request

from app.access import require_scope
from app.api import API_PREFIX, Blueprint
from app.cases import attachments, service
from app.cases.permissions import citizen_case
from app.cases.schemas import (
    AttachmentSchema,
    CaseCreateSchema,
    CaseDetailSchema,
    CaseListArgs,
    CasePage,
    CommentSchema,
    CorrectionAnswerSchema,
    EventSchema,
    FormSchema,
    PrefillSchema,
    ReasonSchema,
    ServiceArgs,
    SubmitSchema,
    UploadSchema,
)
from app.contracts.cases import CITIZEN
from app.pagination import encoded_page
from app.web import accepts

SCOPE = "cases"

blp = Blueprint("cases_me", __name__, url_prefix=f"{API_PREFIX}/me/cases",
                description="The citizen's applications (cases), across all agencies.")


def _detail(case) -> dict:
    return service.detail(case, roles=frozenset({CITIZEN}), staff=False)


@blp.before_request
def _attachment_size():
    """Uploads may be larger than other bodies (the app-wide MAX_CONTENT_LENGTH), up to the limit."""
    if request.endpoint == f"{blp.name}.upload_attachment":
        from flask import current_app

        request.max_content_length = current_app.config["CASES_ATTACHMENT_MAX_BYTES"] + 64 * 1024


@blp.route("", methods=["GET"])
@require_scope(SCOPE)
@blp.arguments(CaseListArgs, location="query", as_kwargs=True)
@blp.response(200, CasePage)
def list_cases(page, per_page, **filters):
    """My cases, newest first (filter by state, module or service)."""
    items, total = service.list_mine(page=page, per_page=per_page, **filters)
    return encoded_page(items, page=page, per_page=per_page, total=total)


@blp.route("", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(CaseCreateSchema)
@blp.response(201, CaseDetailSchema)
def create_case(body):
    """Start an application: a draft, or submitted at once (`submit`); `prefill` fills missing
    fields from the profile as far as the citizen consented."""
    case = service.create(body["module"], body["service"], body["form"], submit=body["submit"],
                          use_prefill=body["prefill"])
    return _detail(case), 201


@blp.route("/prefill", methods=["GET"])
@require_scope(SCOPE)
@blp.arguments(ServiceArgs, location="query")
@blp.response(200, PrefillSchema)
def get_prefill(args):
    """Profile values the service may use to fill its form (read through the consent service)."""
    return {"values": service.prefill(args["module"], args["service"])}, 200


@blp.route("/<uuid:case_id>", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, CaseDetailSchema)
def get_case(case_id: uuid.UUID):
    """One case with its form, attachments and timeline."""
    return _detail(citizen_case(case_id)), 200


@blp.route("/<uuid:case_id>", methods=["PATCH"])
@require_scope(SCOPE)
@blp.arguments(FormSchema)
@blp.response(200, CaseDetailSchema)
def update_draft(body, case_id: uuid.UUID):
    """Replace a draft's form."""
    return _detail(service.update_draft(case_id, body["form"])), 200


@blp.route("/<uuid:case_id>/submit", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(SubmitSchema)
@blp.response(200, CaseDetailSchema)
def submit_case(body, case_id: uuid.UUID):
    """Submit a draft: the form is checked; a paid service then waits for its invoice."""
    return _detail(service.submit(case_id, body.get("form"))), 200


@blp.route("/<uuid:case_id>/withdraw", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(ReasonSchema)
@blp.response(200, CaseDetailSchema)
def withdraw_case(body, case_id: uuid.UUID):
    """Withdraw an application before it is decided."""
    return _detail(service.withdraw(case_id, body["reason"])), 200


@blp.route("/<uuid:case_id>/correction", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(CorrectionAnswerSchema)
@blp.response(200, CaseDetailSchema)
def answer_correction(body, case_id: uuid.UUID):
    """Answer a correction request with the updated form (and a note): back to the agency."""
    return _detail(service.correct(case_id, body["form"], body["comment"])), 200


@blp.route("/<uuid:case_id>/comments", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(CommentSchema)
@blp.response(201, EventSchema)
def add_comment(body, case_id: uuid.UUID):
    """A message to the agency, on the case's timeline."""
    return service.comment(case_id, body["body"]), 201


@blp.route("/<uuid:case_id>/attachments", methods=["POST"])
@require_scope(SCOPE)
@accepts("multipart/form-data")
@blp.arguments(UploadSchema, location="files")
@blp.response(201, AttachmentSchema)
def upload_attachment(files, case_id: uuid.UUID):
    """Attach a PDF, PNG or JPEG (the type is read from the file itself) while the case is a
    draft or needs correction."""
    upload = files["file"]
    row = attachments.add(case_id, upload.filename or "", upload.read())
    return service.attachment_view(row), 201


@blp.route("/<uuid:case_id>/attachments/<uuid:attachment_id>", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, content_type="application/octet-stream", description="The attachment's bytes.")
def download_attachment(case_id: uuid.UUID, attachment_id: uuid.UUID):
    """Download an attachment of my case."""
    row, data = attachments.fetch(case_id, attachment_id, staff=False)
    return file_response(row, data)


def file_response(row, data: bytes) -> Response:
    return Response(data, mimetype=row.content_type, headers={
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{row.id}"'})
