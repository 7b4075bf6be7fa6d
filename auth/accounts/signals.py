"""Account signals, sent after the transaction commits (payloads are plain values)."""

from app.events import signals

account_suspended = signals.signal(
    "account.suspended",
    doc="An account was suspended: its sessions and tokens must stop working. Payload: account_id: str.",
)
password_changed = signals.signal(
    "account.password_changed",
    doc="An account's password was changed or reset. Payload: account_id: str.",
)
