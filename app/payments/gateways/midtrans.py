"""Midtrans Core API adapter: bank-transfer virtual accounts and QRIS.

Charges: POST {base}/v2/charge. Notifications (HTTP POST, JSON) carry
signature_key = SHA512(order_id + status_code + gross_amount + server_key), checked in constant
time; the status is then re-read from GET {base}/v2/<order_id>/status and only that answer is
trusted. Every call uses HTTP basic auth with the server key and PAYMENTS_HTTP_TIMEOUT.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from flask import current_app

from app.payments import http
from app.payments.gateways import CallbackEvent, ChargeRequest, ChargeResult, GatewayError, SignatureInvalid

NAME = "midtrans"
BANKS = {"va_bca": "bca", "va_bni": "bni", "va_bri": "bri"}
# transaction_status -> normalised attempt status (capture counts only when fraud_status is accept)
STATUSES = {"settlement": "paid", "capture": "paid", "pending": "pending", "deny": "failed",
            "cancel": "failed", "failure": "failed", "expire": "expired", "refund": "refunded"}


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512((order_id + status_code + gross_amount + server_key).encode()).hexdigest()


def whole_rupiah(value: Any) -> int:
    """"10000.00" -> 10000; a fractional amount gives -1, which matches no invoice (flagged)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise SignatureInvalid("gross_amount is not a number") from None
    return int(amount) if amount == amount.to_integral_value() else -1


class MidtransGateway:
    name = NAME

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> dict:
        config = current_app.config
        url = config["PAYMENTS_MIDTRANS_BASE_URL"].rstrip("/") + path
        try:
            status, raw = http.call(method, url, json_body=body, headers={"Accept": "application/json"},
                                    basic_auth=(config["PAYMENTS_MIDTRANS_SERVER_KEY"], ""),
                                    timeout=config["PAYMENTS_HTTP_TIMEOUT"])
            answer = json.loads(raw)
        except (OSError, ValueError) as error:
            raise GatewayError(f"midtrans {method} {path}: {error}") from None
        if status >= 300 or not isinstance(answer, dict):
            raise GatewayError(f"midtrans {method} {path}: HTTP {status}")
        return answer

    def charge(self, request: ChargeRequest) -> ChargeResult:
        body: dict[str, Any] = {
            "transaction_details": {"order_id": request.order_id, "gross_amount": request.amount},
            "custom_expiry": {"expiry_duration": max(1, request.expires_in // 60), "unit": "minute"},
        }
        if request.method == "qris":
            body["payment_type"] = "qris"
        elif request.method == "va_mandiri":
            body.update(payment_type="echannel",
                        echannel={"bill_info1": "Payment", "bill_info2": "SatuPintu"})
        else:
            body.update(payment_type="bank_transfer", bank_transfer={"bank": BANKS[request.method]})
        answer = self._call("POST", "/v2/charge", body)
        if str(answer.get("status_code")) not in ("200", "201"):
            raise GatewayError(f"midtrans refused the charge: {answer.get('status_message')}")
        instructions: dict[str, Any] = {}
        if request.method == "qris":
            instructions["qr_string"] = answer.get("qr_string", "")
            urls = [a.get("url") for a in answer.get("actions", []) if a.get("name") == "generate-qr-code"]
            if urls:
                instructions["qr_url"] = urls[0]
        elif request.method == "va_mandiri":
            instructions.update(bank="mandiri", biller_code=answer.get("biller_code", ""),
                                va_number=answer.get("bill_key", ""))
        else:
            numbers = answer.get("va_numbers") or [{}]
            instructions.update(bank=numbers[0].get("bank", BANKS[request.method]),
                                va_number=numbers[0].get("va_number", ""))
        return ChargeResult(gateway_ref=str(answer.get("transaction_id", "")), instructions=instructions)

    def read_callback(self, raw_body: bytes, headers: Mapping[str, str]) -> CallbackEvent:
        try:
            note = json.loads(raw_body)
            order_id, status_code = str(note["order_id"]), str(note["status_code"])
            gross, claimed = str(note["gross_amount"]), str(note["signature_key"])
        except (ValueError, KeyError, TypeError):
            raise SignatureInvalid("not a Midtrans notification") from None
        expected = signature(order_id, status_code, gross, current_app.config["PAYMENTS_MIDTRANS_SERVER_KEY"])
        if not hmac.compare_digest(expected.encode(), claimed.encode()):
            raise SignatureInvalid("bad signature_key")
        # The notification only says "look again": what counts is the gateway's own status answer.
        try:
            status = self._call("GET", f"/v2/{quote(order_id, safe='')}/status")
        except GatewayError as error:
            raise GatewayError(f"status re-check failed: {error}") from None
        if str(status.get("order_id")) != order_id:
            raise SignatureInvalid("the status API answered for another order")
        word = str(status.get("transaction_status", ""))
        if word == "capture" and status.get("fraud_status") != "accept":
            word = "pending"  # a card payment the fraud check has not cleared (or not said so): no money yet
        return CallbackEvent(event_id=f"{status.get('transaction_id', '')}:{word}"[:120],
                             order_id=order_id[:50], status=STATUSES.get(word, "pending"),
                             amount=whole_rupiah(status.get("gross_amount")),
                             currency=str(status.get("currency", "IDR"))[:3])

    def refund(self, order_id: str, amount: int, *, key: str, reason: str) -> str:
        answer = self._call("POST", f"/v2/{quote(order_id, safe='')}/refund",
                            {"refund_key": key, "amount": amount, "reason": reason[:200]})
        if str(answer.get("status_code")) != "200":
            raise GatewayError(f"midtrans refused the refund: {answer.get('status_message')}")
        return str(answer.get("refund_key", key))
