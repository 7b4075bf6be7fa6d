"""/api/v1/me/delegations (scope `delegation`): delegations I granted and received, granting,
accepting, ending, parents' children, and the token for acting under a delegation.

A delegation the caller is not a party to answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from app.access import require_scope
from app.api import API_PREFIX, Blueprint
from app.delegation import service
from app.delegation.family import children_of
from app.delegation.schemas import (
    ActTokenSchema,
    ChildListSchema,
    DelegationListSchema,
    DelegationSchema,
    GrantSchema,
    TermsSchema,
)

SCOPE = "delegation"
TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"  # noqa: S105 - RFC 8693 type name

blp = Blueprint("delegation", __name__, url_prefix=f"{API_PREFIX}/me/delegations",
                description="Acting for another citizen: delegations and delegated tokens.")


def _me():
    from auth.accounts.profile import current_account

    return current_account().id


def _listed(rows) -> tuple:
    return {"items": [service.view(row) for row in rows]}, 200


@blp.route("/granted", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, DelegationListSchema)
def list_granted():
    """Delegations that let someone act for me (newest 100), including my children's parents' ones."""
    return _listed(service.granted_by(_me()))


@blp.route("/received", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, DelegationListSchema)
def list_received():
    """Delegations that let me act for someone (newest 100)."""
    return _listed(service.received_by(_me()))


@blp.route("", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(GrantSchema)
@blp.response(201, DelegationSchema)
def grant(body):
    """Authorise another citizen to act for me in some modules; effective once they accept."""
    row = service.grant(_me(), body["representative"], body["modules"], body["valid_until"])
    return service.view(row), 201


@blp.route("/children", methods=["GET"])
@require_scope(SCOPE)
@blp.response(200, ChildListSchema)
def list_children():
    """The children under 17 I may act for (linked in my household, same KK)."""
    return {"items": children_of(_me())}, 200


@blp.route("/children/<uuid:child_id>", methods=["POST"])
@require_scope(SCOPE)
@blp.arguments(TermsSchema)
@blp.response(201, DelegationSchema)
def claim_child(body, child_id):
    """Start acting for my child in some modules (effective at once; ends by their 17th birthday)."""
    row = service.claim_child(_me(), child_id, body["modules"], body["valid_until"])
    return service.view(row), 201


@blp.route("/<uuid:delegation_id>/accept", methods=["POST"])
@require_scope(SCOPE)
@blp.response(200, DelegationSchema)
def accept(delegation_id):
    """Accept a delegation granted to me."""
    return service.view(service.accept(_me(), delegation_id)), 200


@blp.route("/<uuid:delegation_id>/revoke", methods=["POST"])
@require_scope(SCOPE)
@blp.response(200, DelegationSchema)
def revoke(delegation_id):
    """End a delegation: the grantor revokes it, the representative renounces it. Immediate."""
    return service.view(service.end(_me(), delegation_id)), 200


@blp.route("/<uuid:delegation_id>/act", methods=["POST"])
@require_scope(SCOPE)
@blp.response(200, ActTokenSchema)
def act(delegation_id):
    """Exchange my access token for a short-lived one to act for the grantor (RFC 8693 `act`)."""
    from auth.oidc.authn import current_access_token
    from auth.oidc.tokens import mint_delegated_access_token

    row = service.usable(_me(), delegation_id)
    token, expires_in = mint_delegated_access_token(
        current_access_token(), subject=str(row.grantor_id), delegation_id=str(row.id))
    service.record_act(row)
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in,
            "issued_token_type": TOKEN_TYPE}, 200
