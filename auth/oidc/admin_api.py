"""Client registration for platform admins: /api/v1/admin/clients."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app import db, i18n
from app.access import platform_admin
from app.api import API_PREFIX, Blueprint
from app.problems import Problem
from auth.oidc import clients
from auth.oidc.models import Client
from auth.oidc.schemas import (
    ClientCreateSchema,
    ClientSchema,
    ClientUpdateSchema,
    ClientWithSecretSchema,
    SecretSchema,
)
from auth.oidc.server import supported_scopes

blp = Blueprint("oidc_admin", __name__, url_prefix=f"{API_PREFIX}/admin/clients",
                description="OpenID Connect clients (platform admins).")


def _known_scopes() -> set[str]:
    return set(supported_scopes(current_app))


def _client(client_id: str) -> Client:
    row = db.session.scalar(select(Client).where(Client.client_id == client_id))
    if row is None:
        raise Problem(404)
    return row


def _invalid(error: clients.ClientError) -> Problem:
    return Problem(422, errors={error.field: [error.message(i18n.current_locale())]})


@blp.route("")
@platform_admin
@blp.response(200, ClientSchema(many=True))
def list_clients():
    """Every registered client, newest first."""
    return db.session.scalars(select(Client).order_by(Client.created_at.desc())).all()


@blp.route("", methods=["POST"])
@platform_admin
@blp.arguments(ClientCreateSchema)
@blp.response(201, ClientWithSecretSchema)
def create_client(body):
    """Register a client. A confidential client's secret is in this response only."""
    try:
        row, secret = clients.create_client(known_scopes=_known_scopes(), **body)
    except clients.ClientError as error:
        raise _invalid(error) from error
    row.client_secret = secret  # for this response only; the database keeps a keyed hash
    return row


@blp.route("/<client_id>")
@platform_admin
@blp.response(200, ClientSchema)
def get_client(client_id: str):
    """One client's registration (never its secret)."""
    return _client(client_id)


@blp.route("/<client_id>", methods=["PATCH"])
@platform_admin
@blp.arguments(ClientUpdateSchema)
@blp.response(200, ClientSchema)
def update_client(changes, client_id: str):
    """Change redirect URIs, scopes, grant types or keys; takes effect within seconds."""
    try:
        return clients.update_client(_client(client_id), changes, known_scopes=_known_scopes())
    except clients.ClientError as error:
        raise _invalid(error) from error


@blp.route("/<client_id>/secret", methods=["POST"])
@platform_admin
@blp.response(200, SecretSchema)
def rotate_secret(client_id: str):
    """A new client secret; the old one stops working at once."""
    row = _client(client_id)
    try:
        return {"client_id": row.client_id, "client_secret": clients.rotate_secret(row)}
    except clients.ClientError as error:
        raise _invalid(error) from error


@blp.route("/<client_id>", methods=["DELETE"])
@platform_admin
@blp.response(204)
def deactivate_client(client_id: str):
    """Switch the client off and revoke every grant it holds."""
    clients.deactivate(_client(client_id))
