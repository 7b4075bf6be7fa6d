"""Provider tables (branch "auth", prefix auth_). Secrets, codes and tokens are stored hashed."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow


def account_fk() -> ForeignKey:
    return ForeignKey("auth_account.id", ondelete="CASCADE")


class SigningKey(Base):
    """A key pair that signs tokens; retired keys stay published until their tokens expire."""

    __tablename__ = "auth_signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(8))
    public_jwk: Mapped[dict] = mapped_column(JSON)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # AES-GCM wrapped PEM
    wrapping_key_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class Client(IdMixin, Base):
    """A registered relying party (mobile app, web frontend, agency back-end)."""

    __tablename__ = "auth_client"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    public: Mapped[bool]
    auth_method: Mapped[str] = mapped_column(String(32))  # none, client_secret_*, private_key_jwt
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    jwks: Mapped[dict | None] = mapped_column(JSON)  # public keys for private_key_jwt
    redirect_uris: Mapped[list] = mapped_column(JSON, default=list)
    post_logout_redirect_uris: Mapped[list] = mapped_column(JSON, default=list)
    grant_types: Mapped[list] = mapped_column(JSON, default=list)
    scopes: Mapped[str] = mapped_column(Text, default="")
    id_token_alg: Mapped[str] = mapped_column(String(8), default="RS256")
    agency: Mapped[str | None] = mapped_column(String(32))
    may_introspect: Mapped[bool] = mapped_column(default=False)  # resource servers
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SsoSession(IdMixin, Base):
    """A browser signed in at the provider; the cookie holds a random value hashed here."""

    __tablename__ = "auth_sso_session"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(account_fk(), index=True)
    auth_time: Mapped[datetime]
    acr: Mapped[str] = mapped_column(String(8))  # aal1 (password) or aal2 (with a second factor)
    amr: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")


class Consent(IdMixin, Base):
    """The scopes a citizen allowed a client; asked again only for scopes beyond these."""

    __tablename__ = "auth_consent"
    __table_args__ = (Index("uq_auth_consent_account_client", "account_id", "client_id", unique=True),)

    account_id: Mapped[uuid.UUID] = mapped_column(account_fk())
    client_id: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthorizationCode(IdMixin, Base):
    __tablename__ = "auth_authorization_code"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[uuid.UUID] = mapped_column(account_fk())
    sso_session_id: Mapped[uuid.UUID | None]
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str | None] = mapped_column(String(255))
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(8))
    auth_time: Mapped[datetime]
    acr: Mapped[str] = mapped_column(String(8))
    amr: Mapped[list] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]  # set once, atomically, by the redemption that wins
    grant_id: Mapped[uuid.UUID | None]  # the grant its redemption created (revoked on reuse)

    # what authlib's code grant asks of a code
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class Grant(IdMixin, Base):
    """What one code redemption issued: its access tokens carry this id (`gid`) and its
    refresh tokens rotate within it. Revoking the grant stops all of them at once."""

    __tablename__ = "auth_grant"

    client_id: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(account_fk(), index=True)
    sso_session_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    scope: Mapped[str] = mapped_column(Text)
    auth_time: Mapped[datetime]
    acr: Mapped[str] = mapped_column(String(8))
    amr: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class RefreshToken(IdMixin, Base):
    __tablename__ = "auth_refresh_token"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    grant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth_grant.id", ondelete="CASCADE"),
                                                index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]  # rotated: presenting it again is a replay


class RevokedAccessToken(Base):
    """Revoked client-credentials access tokens (user tokens are revoked through their grant)."""

    __tablename__ = "auth_revoked_access_token"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class UsedAssertion(Base):
    """`jti`s of private_key_jwt client assertions seen, so none is accepted twice."""

    __tablename__ = "auth_used_assertion"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(client_id + jti)
    expires_at: Mapped[datetime] = mapped_column(index=True)
