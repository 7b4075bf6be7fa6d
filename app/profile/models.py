"""Profile tables (branch "core", prefix profile_).

Field values are personal data (the KK number is an identifier), so every value, current or
historical, is stored AES-GCM encrypted with its key id, bound to its row and field name.
Accounts live on the "auth" branch, which comes after "core": `account_id` is a plain column.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin, utcnow


class CitizenProfile(IdMixin, TimestampMixin, Base):
    """One per citizen account. `version` counts committed changes and makes the ETag; the ORM
    writes it with `WHERE version = <the one read>`, so of two concurrent edits one fails."""

    __tablename__ = "profile_profile"

    account_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    version: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {"version_id_col": version}


class ProfileField(Base):
    """The current value of one field, with where it came from and when it was verified."""

    __tablename__ = "profile_field"

    profile_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("profile_profile.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40))
    sealed_value: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str] = mapped_column(String(80))  # self | registry:<name> | document:<id>
    verified_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileChange(IdMixin, Base):
    """One field's change, for the citizen's history (old and new values, both sealed)."""

    __tablename__ = "profile_change"
    __table_args__ = (Index("ix_profile_change_profile_id_version", "profile_id", "version"),)

    profile_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("profile_profile.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))  # the citizen's account id or a module slug
    field: Mapped[str] = mapped_column(String(40))
    key_id: Mapped[str] = mapped_column(String(40))
    sealed_old: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_new: Mapped[bytes | None] = mapped_column(LargeBinary)
    old_source: Mapped[str | None] = mapped_column(String(80))
    new_source: Mapped[str | None] = mapped_column(String(80))
