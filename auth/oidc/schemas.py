"""Request and response bodies of the client admin API and the citizen's sessions/consents."""

from __future__ import annotations

import marshmallow as ma

from auth.oidc.clients import CONFIDENTIAL_METHODS, GRANT_TYPES, PUBLIC_METHODS

URIS = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=2000)),
                      validate=ma.validate.Length(max=20))


class ClientSchema(ma.Schema):
    client_id = ma.fields.String(dump_only=True)
    name = ma.fields.String()
    public = ma.fields.Boolean()
    auth_method = ma.fields.String()
    redirect_uris = ma.fields.List(ma.fields.String())
    post_logout_redirect_uris = ma.fields.List(ma.fields.String())
    grant_types = ma.fields.List(ma.fields.String())
    scopes = ma.fields.Function(lambda client: client.scopes.split())
    id_token_alg = ma.fields.String()
    agency = ma.fields.String(allow_none=True)
    may_introspect = ma.fields.Boolean()
    active = ma.fields.Boolean()
    created_at = ma.fields.DateTime()


class ClientWithSecretSchema(ClientSchema):
    client_secret = ma.fields.String(allow_none=True, metadata={"description": "Shown once; store it now."})


class ClientCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    public = ma.fields.Boolean(required=True)
    auth_method = ma.fields.String(required=True,
                                   validate=ma.validate.OneOf(PUBLIC_METHODS + CONFIDENTIAL_METHODS))
    redirect_uris = URIS
    post_logout_redirect_uris = URIS
    grant_types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(GRANT_TYPES)), required=True,
                                 validate=ma.validate.Length(min=1, max=3))
    scopes = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=80)), required=True,
                            validate=ma.validate.Length(max=100))
    jwks = ma.fields.Dict(allow_none=True)
    id_token_alg = ma.fields.String(load_default="RS256", validate=ma.validate.OneOf(["RS256", "ES256"]))
    agency = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32))
    may_introspect = ma.fields.Boolean(load_default=False)


class ClientUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    redirect_uris = URIS
    post_logout_redirect_uris = URIS
    grant_types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(GRANT_TYPES)),
                                 validate=ma.validate.Length(min=1, max=3))
    scopes = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=80)),
                            validate=ma.validate.Length(max=100))
    jwks = ma.fields.Dict(allow_none=True)
    id_token_alg = ma.fields.String(validate=ma.validate.OneOf(["RS256", "ES256"]))
    may_introspect = ma.fields.Boolean()


class SecretSchema(ma.Schema):
    client_id = ma.fields.String()
    client_secret = ma.fields.String()


class SsoSessionSchema(ma.Schema):
    id = ma.fields.UUID()
    created_at = ma.fields.DateTime()
    last_seen_at = ma.fields.DateTime()
    auth_time = ma.fields.DateTime()
    acr = ma.fields.String()
    user_agent = ma.fields.String()


class ConsentSchema(ma.Schema):
    id = ma.fields.UUID()
    client_id = ma.fields.String()
    client_name = ma.fields.String()
    scopes = ma.fields.List(ma.fields.String())
    granted_at = ma.fields.DateTime()
