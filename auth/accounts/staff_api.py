"""Staff management (agency and platform admins) and account administration (platform admins)."""

from __future__ import annotations

import uuid

from app.access import current_principal, platform_admin, require_role
from app.api import API_PREFIX, Blueprint
from app.pagination import PageArgs
from auth.accounts import staff
from auth.accounts.models import AGENCY_ADMIN, PLATFORM_ADMIN
from auth.accounts.schemas import AccountStatusSchema, StaffCreateSchema, StaffPage, StaffSchema

staff_blp = Blueprint("staff", __name__, url_prefix=f"{API_PREFIX}/staff",
                      description="Staff accounts of agencies and platform operators.")
admin_blp = Blueprint("accounts_admin", __name__, url_prefix=f"{API_PREFIX}/admin/accounts",
                      description="Suspending, reactivating and unlocking accounts.")


@staff_blp.route("", methods=["POST"])
@require_role(AGENCY_ADMIN, PLATFORM_ADMIN)
@staff_blp.arguments(StaffCreateSchema)
@staff_blp.response(201, StaffSchema)
def create_staff(body):
    """Create a staff account; a code to choose a password goes to its email.

    Agency admins create officers of their own agency only.
    """
    return staff.create_staff(full_name=body["full_name"], email=body["email"], role=body["role"],
                              agency_code=body.get("agency"), created_by=current_principal())


@staff_blp.route("", methods=["GET"])
@require_role(AGENCY_ADMIN, PLATFORM_ADMIN)
@staff_blp.arguments(PageArgs, location="query", as_kwargs=True)
@staff_blp.response(200, StaffPage)
def list_staff(page: int, per_page: int):
    """Staff the caller administers (an agency admin: their agency's), by name."""
    items, total = staff.list_staff(current_principal(), page=page, per_page=per_page)
    return {"items": items, "page": page, "per_page": per_page, "total": total}


@admin_blp.route("/<uuid:account_id>/suspend", methods=["POST"])
@platform_admin
@admin_blp.response(200, AccountStatusSchema)
def suspend(account_id: uuid.UUID):
    """Suspend an account: every token it holds stops working at once."""
    return staff.suspend(account_id, by=current_principal())


@admin_blp.route("/<uuid:account_id>/reactivate", methods=["POST"])
@platform_admin
@admin_blp.response(200, AccountStatusSchema)
def reactivate(account_id: uuid.UUID):
    """Lift a suspension."""
    return staff.reactivate(account_id)


@admin_blp.route("/<uuid:account_id>/unlock", methods=["POST"])
@platform_admin
@admin_blp.response(200, AccountStatusSchema)
def unlock(account_id: uuid.UUID):
    """Lift a lockout after too many failed sign-ins."""
    return staff.unlock(account_id)
