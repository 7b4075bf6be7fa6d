"""The citizen's own SSO sessions and consents: /api/v1/me/sessions, /api/v1/me/consents.

They need the `account` scope, as the account's other settings do: every app a citizen signs in
to holds `openid`, and none of them should see, or end, the citizen's other apps and sessions."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app import db
from app.access import require_scope
from app.api import API_PREFIX, Blueprint
from app.problems import Problem
from auth.accounts import ACCOUNT_SCOPE
from auth.accounts.profile import current_account
from auth.oidc import sessions
from auth.oidc.models import Client
from auth.oidc.schemas import ConsentSchema, SsoSessionSchema

blp = Blueprint("me_sso", __name__, url_prefix=f"{API_PREFIX}/me",
                description="The signed-in citizen's sessions and the consents given to apps.")


@blp.route("/sessions")
@require_scope(ACCOUNT_SCOPE.name)
@blp.response(200, SsoSessionSchema(many=True))
def list_sessions():
    """Browsers signed in with this account (newest activity first)."""
    return sessions.list_sessions(current_account().id)


@blp.route("/sessions/<uuid:session_id>", methods=["DELETE"])
@require_scope(ACCOUNT_SCOPE.name)
@blp.response(204)
def revoke_session(session_id: uuid.UUID):
    """Sign that browser out and revoke the tokens apps got through it."""
    if not sessions.revoke_session(current_account().id, session_id):
        raise Problem(404)


@blp.route("/consents")
@require_scope(ACCOUNT_SCOPE.name)
@blp.response(200, ConsentSchema(many=True))
def list_consents():
    """Apps the citizen allowed, and what each may see."""
    rows = sessions.list_consents(current_account().id)
    names = dict(db.session.execute(select(Client.client_id, Client.name)
                                    .where(Client.client_id.in_([row.client_id for row in rows]))).all())
    return [{"id": row.id, "client_id": row.client_id, "client_name": names.get(row.client_id, row.client_id),
             "scopes": row.scopes.split(), "granted_at": row.granted_at} for row in rows]


@blp.route("/consents/<uuid:consent_id>", methods=["DELETE"])
@require_scope(ACCOUNT_SCOPE.name)
@blp.response(204)
def revoke_consent(consent_id: uuid.UUID):
    """Withdraw consent: the app asks again next time and its tokens stop working now."""
    if not sessions.revoke_consent(current_account().id, consent_id):
        raise Problem(404)
