"""/api/v1/admin/audit: verify the chains and read entries (platform admins)."""

from __future__ import annotations

from app.access import platform_admin
from app.api import API_PREFIX, Blueprint
from app.audit.chain import CHAIN_NAME
from app.audit.schemas import AuditEntriesQuery, AuditEntrySchema, AuditVerifyQuery, AuditVerifyResultSchema
from app.problems import Problem
from app.registry import services

blp = Blueprint("admin_audit", __name__, url_prefix=f"{API_PREFIX}/admin/audit",
                description="Tamper-evident audit log.")


@blp.route("/verify")
@platform_admin
@blp.arguments(AuditVerifyQuery, location="query", as_kwargs=True)
@blp.response(200, AuditVerifyResultSchema)
def verify(chain: str | None = None):
    """Recompute every chain (or one) and report the first broken link of each."""
    reports = services().get("audit").verify(chain)
    return {"ok": all(report.ok for report in reports), "chains": reports}


@blp.route("/chains/<chain>/entries")
@platform_admin
@blp.arguments(AuditEntriesQuery, location="query", as_kwargs=True)
@blp.response(200, AuditEntrySchema(many=True))
def list_entries(after: int, limit: int, chain: str):
    """A chain's entries in sequence order, `limit` at a time after sequence `after`."""
    if not CHAIN_NAME.match(chain):
        raise Problem(404)
    return services().get("audit").entries(chain, after=after, limit=limit)
