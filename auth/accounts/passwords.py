"""Passwords per NIST SP 800-63B: length, any Unicode, no composition rules, no truncation,
refused when common/breached or built from the user's own identifiers; hashed with argon2id."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 1024  # far above NIST's 64; bounds the work one request can cause
MIN_PERSONAL_PART = 4  # shorter identifier fragments would refuse too much by chance

# argon2id, m = 19 MiB, t = 2, p = 1 (the OWASP minimum for argon2id).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def normalise(password: str) -> str:
    """NFKC, so the same password typed on different keyboards/platforms hashes the same."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return _hasher.hash(normalise(password))


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@cache
def dummy_hash() -> str:
    """Verified against when no account matches, so both answers take the same time."""
    return _hasher.hash("no such account: constant-time filler")


@cache
def common_passwords() -> frozenset[str]:
    """zxcvbn's list of the most used leaked passwords, plus a shipped Indonesian list."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    shipped = resources.files("auth.accounts").joinpath("data", "common_passwords_id.txt")
    local = (line.strip() for line in shipped.read_text(encoding="utf-8").splitlines())
    return frozenset(FREQUENCY_LISTS["passwords"]) | {w.casefold() for w in local if w and w[0] != "#"}


def _personal_parts(identifiers: Iterable[str | None]) -> set[str]:
    parts = set()
    for value in identifiers:
        if not value:
            continue
        value = value.casefold()
        parts.add(value)
        if "@" in value:
            parts.add(value.split("@", 1)[0])  # email local part
        if value.startswith("+62"):
            parts.update({value[3:], "0" + value[3:]})  # the number as people type it
    return {part for part in parts if len(part) >= MIN_PERSONAL_PART}


def password_problems(password: str, *, identifiers: Iterable[str | None] = ()) -> list[str]:
    """Text keys of every rule `password` breaks (empty when acceptable)."""
    value = normalise(password)
    if len(value) < MIN_LENGTH:
        return ["password.too_short"]
    if len(value) > MAX_LENGTH:
        return ["password.too_long"]
    problems = []
    folded = value.casefold()
    if folded in common_passwords() or folded.strip() in common_passwords():
        problems.append("password.common")
    if any(part in folded for part in _personal_parts(identifiers)):
        problems.append("password.personal")
    return problems
