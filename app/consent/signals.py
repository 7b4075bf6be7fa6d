"""Consent signals, sent after the transaction commits (payloads are plain values)."""

from app.events import signals

consent_requested = signals.signal(
    "consent.requested",
    doc="A module asked a citizen for data (notify them). Payload: request_id: str, subject: str, "
        "module: str, purpose: str.",
)
consent_decided = signals.signal(
    "consent.decided",
    doc="A citizen approved or refused a request. Payload: request_id: str, subject: str, module: str, "
        "approved: bool.",
)
consent_withdrawn = signals.signal(
    "consent.withdrawn",
    doc="A citizen withdrew a consent; reads stop at once. Payload: consent_id: str, subject: str, "
        "module: str, purpose: str.",
)
