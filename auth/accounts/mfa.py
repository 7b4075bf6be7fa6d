"""TOTP second factor (RFC 6238, each time step accepted once) and single-use recovery codes."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
from sqlalchemy import or_, update

from app.db import session, utcnow
from auth.accounts import crypto
from auth.accounts.models import Account, RecoveryCode

ISSUER = "SatuPintu"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l look-alikes
_RECOVERY_LENGTH = 10  # 31^10 ~ 2^49.5


def _secret_context(account: Account) -> str:
    return f"mfa:{account.id}"


def new_secret() -> str:
    return pyotp.random_base32(length=32)  # 160 bits, as RFC 4226 recommends


def store_secret(account: Account, secret: str) -> None:
    key_id, ciphertext = crypto.encrypt(secret, context=_secret_context(account))
    account.mfa_key_id, account.mfa_secret_ciphertext = key_id, ciphertext
    account.mfa_last_step = None


def read_secret(account: Account) -> str | None:
    if account.mfa_secret_ciphertext is None or account.mfa_key_id is None:
        return None
    return crypto.decrypt(account.mfa_key_id, account.mfa_secret_ciphertext, context=_secret_context(account))


def provisioning_uri(account: Account, secret: str) -> str:
    label = account.email or account.phone or str(account.id)
    return pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=ISSUER)


def matching_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step (previous, current or next, for clock drift) whose code is `code`."""
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(at or time.time())
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_totp(account: Account, code: str) -> bool:
    """True once per time step: the step is claimed atomically, so a replayed code fails."""
    secret = read_secret(account)
    step = matching_step(secret, code) if secret else None
    if step is None:
        return False
    claimed = session().execute(
        update(Account).where(Account.id == account.id)
        .where(or_(Account.mfa_last_step.is_(None), Account.mfa_last_step < step))
        .values(mfa_last_step=step)
    ).rowcount
    if claimed:
        account.mfa_last_step = step
    return claimed == 1


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_recovery_codes(account: Account) -> list[str]:
    """Replace the account's recovery codes; the plain codes are shown once and never stored."""
    db = session()
    db.query(RecoveryCode).filter(RecoveryCode.account_id == account.id).delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.add(RecoveryCode(account_id=account.id,
                            code_hash=crypto.code_hash(raw, context=f"recovery:{account.id}")))
    return codes


def accept_recovery_code(account: Account, code: str) -> bool:
    digest = crypto.code_hash(_normalise_recovery(code), context=f"recovery:{account.id}")
    used = session().execute(
        update(RecoveryCode)
        .where(RecoveryCode.account_id == account.id, RecoveryCode.code_hash == digest,
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    return used == 1


def remaining_recovery_codes(account: Account) -> int:
    return session().query(RecoveryCode).filter(
        RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None)).count()


def accept_second_factor(account: Account, code: str) -> bool:
    """A current TOTP code (6 digits) or an unused recovery code."""
    candidate = code.strip().replace(" ", "")
    if candidate.isascii() and candidate.isdigit() and len(candidate) == 6:
        return accept_totp(account, candidate)
    return accept_recovery_code(account, candidate)
