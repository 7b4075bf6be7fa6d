"""The account's section of the citizen's data export (see app.consent.export)."""

from __future__ import annotations

import uuid

from app.db import session
from auth.accounts.models import Account
from auth.accounts.profile import profile, security_overview


def export_account(subject: uuid.UUID) -> dict | None:
    """Profile basics (the NIK masked, as everywhere outside the `nik` scope) and security state."""
    account = session().get(Account, subject)
    if account is None:
        return None
    return {**profile(account), "created_at": account.created_at, "security": security_overview(account)}
