"""/api/v1/me/profile: the citizen's own profile (read: `profile` scope, change: `account`).

Changes are field-level and optimistic: send the ETag you read as `If-Match` (428 without
it, 412 when the profile changed since). Personal data: never cached.
"""

from __future__ import annotations

from flask import request

from app.access import require_scope
from app.api import API_PREFIX, Blueprint, documented
from app.contracts.profile import FIELDS
from app.delegation.capabilities import caller_for, record_read
from app.pagination import PageArgs
from app.problems import Problem
from app.profile import service
from app.profile.fields import ProfileValuesSchema
from app.profile.schemas import ProfileHistorySchema, ProfileSchema
from app.profile.store import ProfileState

blp = Blueprint("profile", __name__, url_prefix=f"{API_PREFIX}/me/profile",
                description="The citizen's profile, entered once and reused with consent.")

IF_MATCH = {"in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
            "description": "The ETag of the profile the change was made against."}


def _account_id(*, write: bool = False):
    """The profile's owner: the caller, or the subject of a delegation naming "profile" (reads only)."""
    return caller_for("profile", write=write)


def _field(state: ProfileState, name: str) -> dict:
    found = state.fields.get(name)
    if found is None:
        return {"value": None, "source": None, "verified_at": None}
    return {"value": found.value, "source": found.source, "verified_at": found.verified_at}


def _answer(state: ProfileState):
    body = {"version": state.version, "fields": {name: _field(state, name) for name in FIELDS}}
    return body, 200, {"ETag": f'"{state.etag}"'}


@blp.route("", methods=["GET"])
@require_scope("profile")
@blp.response(200, ProfileSchema, headers={"ETag": {"schema": {"type": "string"}}})
def get_profile():
    """The profile: every field with its value, source and verification time."""
    state = service.current(_account_id())
    record_read("profile", [f"profile:{name}" for name in FIELDS if name in state.fields])
    return _answer(state)


@blp.route("", methods=["PATCH"])
@require_scope("account")
@blp.arguments(ProfileValuesSchema)
@blp.response(200, ProfileSchema)
@blp.alt_response(412, response="PRECONDITION_FAILED")
@blp.alt_response(428, response="PRECONDITION_REQUIRED")
@documented(parameters=[IF_MATCH])
def patch_profile(body):
    """Change some fields (null clears an optional one). A changed verified field becomes the
    citizen's own, unverified value; the same value again keeps its verification."""
    account_id = _account_id(write=True)
    if not request.headers.get("If-Match") or request.if_match.star_tag:
        raise Problem(428)
    return _answer(service.edit(account_id, body, if_match=request.if_match.as_set()))


@blp.route("/history", methods=["GET"])
@require_scope("profile")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ProfileHistorySchema)
def get_history(args):
    """Every change, newest first, with the old and new values."""
    items, total = service.history(_account_id(), page=args["page"], per_page=args["per_page"])
    record_read("profile", ["profile:history"])
    return {"items": items, "page": args["page"], "per_page": args["per_page"], "total": total}, 200
