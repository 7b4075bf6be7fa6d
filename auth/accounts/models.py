"""Account tables: citizens and staff, their recovery codes, one-time codes, throttles and outbox.

Identifiers are protected at rest: the NIK is stored AES-GCM encrypted (with the key id, for
rotation) beside a keyed hash ("blind index") used for look-up and uniqueness; the TOTP secret
is encrypted the same way. Passwords, recovery codes and one-time codes are stored hashed.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin, utcnow

CITIZEN, STAFF = "citizen", "staff"
ACTIVE, SUSPENDED = "active", "suspended"
IAL1, IAL2 = "ial1", "ial2"
PLATFORM_ADMIN, AGENCY_ADMIN, OFFICER = "platform_admin", "agency_admin", "officer"
STAFF_ROLES = (PLATFORM_ADMIN, AGENCY_ADMIN, OFFICER)


class Account(IdMixin, TimestampMixin, Base):
    """A person who signs in: a citizen (with a NIK) or a staff member (with roles)."""

    __tablename__ = "auth_account"

    kind: Mapped[str] = mapped_column(String(10))  # citizen | staff
    status: Mapped[str] = mapped_column(String(10), default=ACTIVE)  # active | suspended
    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))  # "M" | "F", decoded from the NIK

    nik_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    nik_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    nik_key_id: Mapped[str | None] = mapped_column(String(40))

    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    phone_verified_at: Mapped[datetime | None]
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # lower-cased
    email_verified_at: Mapped[datetime | None]

    ial: Mapped[str] = mapped_column(String(4), default=IAL1)
    identity_verified_at: Mapped[datetime | None]

    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    mfa_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    mfa_secret_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    mfa_key_id: Mapped[str | None] = mapped_column(String(40))
    mfa_last_step: Mapped[int | None] = mapped_column(Integer)  # last TOTP step accepted

    roles: Mapped[list[str]] = mapped_column(JSON, default=list)  # staff only
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agency.code"), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="id")

    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # consecutive
    locked_until: Mapped[datetime | None]  # back-off after repeated failures
    locked_out: Mapped[bool] = mapped_column(Boolean, default=False)  # until reset / unlock
    last_login_at: Mapped[datetime | None]
    suspended_at: Mapped[datetime | None]

    @property
    def is_staff(self) -> bool:
        return self.kind == STAFF

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


class RecoveryCode(IdMixin, Base):
    """A single-use MFA recovery code (keyed hash of a high-entropy random code)."""

    __tablename__ = "auth_recovery_code"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth_account.id", ondelete="CASCADE"),
                                                  index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class OneTimeCode(IdMixin, Base):
    """A short code sent to a phone or email for one purpose; one live code per account+purpose."""

    __tablename__ = "auth_one_time_code"
    __table_args__ = (UniqueConstraint("account_id", "purpose"),)

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth_account.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(String(254))  # the phone or email it went to
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class LoginThrottle(Base):
    """Failure counters for a client IP or an identifier that names no account."""

    __tablename__ = "auth_login_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "ip:..." or "id:<keyed hash>"
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    locked_out: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxMessage(IdMixin, Base):
    """A message the development sender 'sent' (the embedded default and tests read these)."""

    __tablename__ = "auth_outbox_message"

    channel: Mapped[str] = mapped_column(String(10))  # sms | email
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
