"""Exceptions the account services raise (views turn them into problems or form messages)."""

from __future__ import annotations


class LoginRefused(Exception):
    """A sign-in attempt refused.

    code: "invalid_credentials" (also for unknown accounts), "locked" (too many failures:
    `retry_after` seconds of back-off, or None when locked out until a password reset) or
    "suspended" (told only after the right password). `message_key` names the user text.
    """

    def __init__(self, code: str, *, retry_after: int | None = None):
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after

    @property
    def message_key(self) -> str:
        if self.code == "locked":
            return "accounts.login.locked_out" if self.retry_after is None else "accounts.login.backoff"
        return f"accounts.login.{self.code}"

    @property
    def message_params(self) -> dict:
        return {"seconds": self.retry_after} if self.retry_after is not None else {}
