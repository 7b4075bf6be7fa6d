"""A fake Midtrans Core API on a local port (threaded http.server) for the adapter's tests:
charge, status and refund, with basic auth checked against the server key."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.payments.gateways.midtrans import signature


class FakeMidtrans:
    def __init__(self, server_key: str):
        self.server_key = server_key
        self.orders: dict[str, dict] = {}  # order_id -> transaction as the status API shows it
        self.requests: list[tuple[str, str, dict | None]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                expected = "Basic " + base64.b64encode(f"{fake.server_key}:".encode()).decode()
                return self.headers.get("Authorization") == expected

            def do_GET(self):
                fake.requests.append(("GET", self.path, None))
                if self.path == "/elsewhere":
                    self.send_response(302)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if not self._authorised():
                    return self._answer(401, {"status_code": "401", "status_message": "unauthorised"})
                parts = self.path.strip("/").split("/")
                if len(parts) == 3 and parts[0] == "v2" and parts[2] == "status" and parts[1] in fake.orders:
                    return self._answer(200, fake.orders[parts[1]])
                return self._answer(404, {"status_code": "404", "status_message": "not found"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(("POST", self.path, body))
                if not self._authorised():
                    return self._answer(401, {"status_code": "401", "status_message": "unauthorised"})
                parts = self.path.strip("/").split("/")
                if self.path == "/v2/charge":
                    return self._answer(200, fake.charge(body))
                if len(parts) == 3 and parts[2] == "refund" and parts[1] in fake.orders:
                    fake.orders[parts[1]]["transaction_status"] = "refund"
                    return self._answer(200, {"status_code": "200", "refund_key": body["refund_key"]})
                return self._answer(404, {"status_code": "404"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def charge(self, body: dict) -> dict:
        details = body["transaction_details"]
        order_id, amount = details["order_id"], details["gross_amount"]
        transaction = {"status_code": "201", "transaction_id": str(uuid.uuid4()), "order_id": order_id,
                       "gross_amount": f"{amount}.00", "currency": "IDR",
                       "payment_type": body["payment_type"], "transaction_status": "pending",
                       "fraud_status": "accept"}
        self.orders[order_id] = dict(transaction)
        answer = dict(transaction)
        if body["payment_type"] == "qris":
            answer.update(qr_string="00020101021226620014COM.GO-JEK.WWW", actions=[
                {"name": "generate-qr-code", "method": "GET", "url": f"{self.url}/qr/{order_id}"}])
        elif body["payment_type"] == "bank_transfer":
            answer["va_numbers"] = [{"bank": body["bank_transfer"]["bank"], "va_number": "12345678901"}]
        return answer

    def settle(self, order_id: str, status: str = "settlement") -> None:
        self.orders[order_id]["transaction_status"] = status
        self.orders[order_id]["status_code"] = "200"

    def notification(self, order_id: str, *, status: str | None = None, gross_amount: str | None = None,
                     key: str | None = None) -> bytes:
        """The HTTP notification Midtrans would POST (signed with `key`, the server key by default)."""
        order = self.orders[order_id]
        gross = gross_amount or order["gross_amount"]
        status_code = order["status_code"]
        return json.dumps({
            "transaction_time": "2026-11-28 10:00:00",
            "transaction_status": status or order["transaction_status"],
            "transaction_id": order["transaction_id"], "status_code": status_code, "order_id": order_id,
            "gross_amount": gross, "currency": "IDR", "payment_type": order["payment_type"],
            "fraud_status": "accept",
            "signature_key": signature(order_id, status_code, gross, key or self.server_key)}).encode()
