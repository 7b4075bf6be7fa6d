"""The simulated gateway of the embedded default: it keeps its own books (payments_sim_charge),
shows a pay page (app.payments.sim_pages) and sends signed callbacks like a real gateway.

Callback signature: X-Sim-Signature = hex HMAC-SHA256(secret, "<timestamp>." + raw body), with
X-Sim-Timestamp (Unix seconds) within PAYMENTS_CALLBACK_TOLERANCE of now. The callback reaches the
platform's callback endpoint by HTTP (PAYMENTS_SIM_CALLBACK_URL) or, when that is empty, through
the very function that endpoint calls.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from datetime import timedelta

from flask import current_app, url_for

from app.db import session, utcnow
from app.payments.gateways import CallbackEvent, ChargeRequest, ChargeResult, SignatureInvalid
from app.payments.models import SimCharge

NAME = "simulated"
STATUS_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER = "X-Sim-Status", "X-Sim-Signature", "X-Sim-Timestamp"
# the simulator's words -> normalised attempt statuses
STATUSES = {"pending": "pending", "settlement": "paid", "failure": "failed", "expire": "expired",
            "refund": "refunded"}


def secret() -> bytes:
    configured = current_app.config["PAYMENTS_SIM_SECRET"]
    if configured:
        return configured.encode()
    # derived from SECRET_KEY (never the key itself): the embedded default needs no extra setting
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"satupintu.payments.sim", hashlib.sha256).digest()


def sign(raw_body: bytes, timestamp: int) -> str:
    return hmac.new(secret(), str(timestamp).encode() + b"." + raw_body, hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_callback(order_id: str, status: str, amount: int, *, currency: str = "IDR",
                    event_id: str | None = None, timestamp: int | None = None) -> tuple[bytes, dict]:
    """The body and headers the simulator POSTs for a charge reaching `status` (its own word)."""
    body = json.dumps({"event_id": event_id or f"sim-{order_id}-{status}", "order_id": order_id,
                       "status": status, "gross_amount": amount, "currency": currency},
                      separators=(",", ":")).encode()
    stamp = int(time.time()) if timestamp is None else timestamp
    return body, {"Content-Type": "application/json", TIMESTAMP_HEADER: str(stamp),
                  SIGNATURE_HEADER: sign(body, stamp)}


def deliver(body: bytes, headers: Mapping[str, str]) -> int:
    """Send a callback to the platform as a gateway would; the HTTP status it answered."""
    url = current_app.config["PAYMENTS_SIM_CALLBACK_URL"]
    if url:
        from app.payments import http

        status, _answer = http.call("POST", url, data=body, headers=dict(headers),
                                    timeout=current_app.config["PAYMENTS_HTTP_TIMEOUT"])
        return status
    from app.payments.callbacks import receive

    return receive(NAME, body, headers)[0]


class SimulatedGateway:
    name = NAME

    def charge(self, request: ChargeRequest) -> ChargeResult:
        token = secrets.token_urlsafe(24)
        now = utcnow()
        session().add(SimCharge(order_id=request.order_id, method=request.method, amount=request.amount,
                                currency="IDR", status="pending", token_hash=token_hash(token),
                                created_at=now, expires_at=now + timedelta(seconds=request.expires_in)))
        pay_url = url_for("payments_sim.pay_page", token=token, _external=True)
        instructions: dict = {"pay_url": pay_url}
        if request.method == "qris":
            instructions["qr_string"] = f"SIMQRIS|{request.order_id}|{request.amount}"
        else:
            instructions["bank"] = request.method.removeprefix("va_")
            digits = int(hashlib.sha256(request.order_id.encode()).hexdigest(), 16) % 10 ** 12
            instructions["va_number"] = f"8808{digits:012d}"
        return ChargeResult(gateway_ref=f"sim-{request.order_id}", instructions=instructions)

    def read_callback(self, raw_body: bytes, headers: Mapping[str, str]) -> CallbackEvent:
        stamp, signature = headers.get(TIMESTAMP_HEADER, ""), headers.get(SIGNATURE_HEADER, "")
        if not (stamp.isascii() and stamp.isdigit()) or not signature:
            raise SignatureInvalid("missing signature or timestamp")
        if not hmac.compare_digest(sign(raw_body, int(stamp)), signature):
            raise SignatureInvalid("bad signature")
        if abs(time.time() - int(stamp)) > current_app.config["PAYMENTS_CALLBACK_TOLERANCE"]:
            raise SignatureInvalid("timestamp outside the tolerance")
        try:
            data = json.loads(raw_body)
            event = CallbackEvent(event_id=str(data["event_id"])[:120], order_id=str(data["order_id"])[:50],
                                  status=STATUSES[data["status"]], amount=int(data["gross_amount"]),
                                  currency=str(data["currency"])[:3])
        except (ValueError, KeyError, TypeError) as error:
            raise SignatureInvalid(f"signed but malformed: {error}") from None
        return event

    def refund(self, order_id: str, amount: int, *, key: str, reason: str) -> str:
        charge = session().get(SimCharge, order_id, with_for_update=True)
        if charge is None or charge.status != "settlement" or charge.amount != amount:
            from app.payments.gateways import GatewayError

            raise GatewayError("the simulator has no settled charge of that amount")
        charge.status = "refund"
        return f"simrefund-{key}"
