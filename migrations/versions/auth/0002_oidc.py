"""auth tables of the OpenID Connect provider: signing keys, clients, SSO sessions, consents,
authorization codes, grants, refresh tokens, revoked access tokens, used client assertions

Revision ID: auth_0002
Revises: auth_0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "auth_0002"
down_revision = "auth_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auth_client',
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('auth_method', sa.String(length=32), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=True),
    sa.Column('jwks', sa.JSON(), nullable=True),
    sa.Column('redirect_uris', sa.JSON(), nullable=False),
    sa.Column('post_logout_redirect_uris', sa.JSON(), nullable=False),
    sa.Column('grant_types', sa.JSON(), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('id_token_alg', sa.String(length=8), nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=True),
    sa.Column('may_introspect', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_auth_client'),
    sa.UniqueConstraint('client_id', name='uq_auth_client_client_id')
    )
    op.create_table('auth_revoked_access_token',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('jti', name='pk_auth_revoked_access_token')
    )
    op.create_index('ix_auth_revoked_access_token_expires_at', 'auth_revoked_access_token', ['expires_at'], unique=False)
    op.create_table('auth_signing_key',
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('alg', sa.String(length=8), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('private_key', sa.LargeBinary(), nullable=False),
    sa.Column('wrapping_key_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('kid', name='pk_auth_signing_key')
    )
    op.create_table('auth_used_assertion',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name='pk_auth_used_assertion')
    )
    op.create_index('ix_auth_used_assertion_expires_at', 'auth_used_assertion', ['expires_at'], unique=False)
    op.create_table('auth_authorization_code',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('sso_session_id', sa.Uuid(), nullable=True),
    sa.Column('redirect_uri', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('nonce', sa.String(length=255), nullable=True),
    sa.Column('code_challenge', sa.String(length=128), nullable=False),
    sa.Column('code_challenge_method', sa.String(length=8), nullable=False),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acr', sa.String(length=8), nullable=False),
    sa.Column('amr', sa.JSON(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('grant_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['auth_account.id'], name='fk_auth_authorization_code_account_id_auth_account', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_auth_authorization_code'),
    sa.UniqueConstraint('code_hash', name='uq_auth_authorization_code_code_hash')
    )
    op.create_table('auth_consent',
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['auth_account.id'], name='fk_auth_consent_account_id_auth_account', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_auth_consent')
    )
    op.create_index('uq_auth_consent_account_client', 'auth_consent', ['account_id', 'client_id'], unique=True)
    op.create_table('auth_grant',
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('sso_session_id', sa.Uuid(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acr', sa.String(length=8), nullable=False),
    sa.Column('amr', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['auth_account.id'], name='fk_auth_grant_account_id_auth_account', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_auth_grant')
    )
    op.create_index('ix_auth_grant_account_id', 'auth_grant', ['account_id'], unique=False)
    op.create_index('ix_auth_grant_client_id', 'auth_grant', ['client_id'], unique=False)
    op.create_index('ix_auth_grant_sso_session_id', 'auth_grant', ['sso_session_id'], unique=False)
    op.create_table('auth_sso_session',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acr', sa.String(length=8), nullable=False),
    sa.Column('amr', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['auth_account.id'], name='fk_auth_sso_session_account_id_auth_account', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_auth_sso_session'),
    sa.UniqueConstraint('token_hash', name='uq_auth_sso_session_token_hash')
    )
    op.create_index('ix_auth_sso_session_account_id', 'auth_sso_session', ['account_id'], unique=False)
    op.create_table('auth_refresh_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('grant_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['auth_grant.id'], name='fk_auth_refresh_token_grant_id_auth_grant', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_auth_refresh_token'),
    sa.UniqueConstraint('token_hash', name='uq_auth_refresh_token_token_hash')
    )
    op.create_index('ix_auth_refresh_token_grant_id', 'auth_refresh_token', ['grant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('auth_refresh_token')
    op.drop_table('auth_sso_session')
    op.drop_table('auth_grant')
    op.drop_table('auth_consent')
    op.drop_table('auth_authorization_code')
    op.drop_table('auth_used_assertion')
    op.drop_table('auth_signing_key')
    op.drop_table('auth_revoked_access_token')
    op.drop_table('auth_client')
