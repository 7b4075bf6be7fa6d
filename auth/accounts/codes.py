"""One-time codes: 8 random digits (~26.6 bits, CSPRNG), stored as a keyed hash, bound to an
account, a purpose and the destination they were sent to; valid 10 minutes, single use, five
tries. Issuing a code for the same account and purpose replaces the previous one."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from app.db import session, utcnow
from auth.accounts import crypto
from auth.accounts.models import Account, OneTimeCode

VERIFY_PHONE, VERIFY_EMAIL, RESET_PASSWORD = "verify_phone", "verify_email", "reset_password"
CHANGE_PHONE, CHANGE_EMAIL = "change_phone", "change_email"
PURPOSES = (VERIFY_PHONE, VERIFY_EMAIL, RESET_PASSWORD, CHANGE_PHONE, CHANGE_EMAIL)
CODE_DIGITS = 8
LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def _digest(account: Account, purpose: str, destination: str, code: str) -> str:
    return crypto.code_hash(code, context=f"otp:{account.id}:{purpose}:{destination}")


def issue(account: Account, purpose: str, destination: str) -> str:
    """A new code for `purpose`, replacing any earlier one; returns the plain code to send."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown one-time code purpose {purpose!r}")
    db = session()
    db.execute(delete(OneTimeCode).where(OneTimeCode.account_id == account.id,
                                         OneTimeCode.purpose == purpose))
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    now = utcnow()
    db.add(OneTimeCode(account_id=account.id, purpose=purpose, destination=destination,
                       code_hash=_digest(account, purpose, destination, code), attempts=0,
                       created_at=now, expires_at=now + LIFETIME))
    db.flush()
    return code


def redeem(account: Account, purpose: str, code: str) -> str | None:
    """The destination the code was sent to if `code` is right (the code is then used up)."""
    db = session()
    row = db.scalar(select(OneTimeCode).where(OneTimeCode.account_id == account.id,
                                              OneTimeCode.purpose == purpose))
    if row is None or row.expires_at <= utcnow() or row.attempts >= MAX_ATTEMPTS:
        return None
    candidate = "".join(ch for ch in code if ch in "0123456789")
    if hmac.compare_digest(_digest(account, purpose, row.destination, candidate), row.code_hash):
        # Deleting is the claim: of two concurrent redemptions only one deletes the row.
        claimed = db.execute(delete(OneTimeCode).where(OneTimeCode.id == row.id)).rowcount
        return row.destination if claimed == 1 else None
    db.execute(update(OneTimeCode).where(OneTimeCode.id == row.id)
               .values(attempts=OneTimeCode.attempts + 1))
    return None
