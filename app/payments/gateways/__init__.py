"""Payment gateways behind one interface: charge, read a signed callback, refund.

Adapters: "simulated" (runs on one machine: its own pay page and signed callbacks) and
"midtrans" (Core API). Statuses are normalised to the attempt statuses of app.payments.models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import current_app

METHODS = ("va_bca", "va_bni", "va_bri", "va_mandiri", "qris")


class SignatureInvalid(Exception):
    """The callback's signature (or timestamp) does not check out: nothing in it can be trusted."""


class GatewayError(Exception):
    """The gateway refused or did not answer in time."""


@dataclass(frozen=True)
class ChargeRequest:
    order_id: str
    amount: int  # IDR
    method: str  # one of METHODS
    expires_in: int  # seconds
    description: str = ""


@dataclass(frozen=True)
class ChargeResult:
    gateway_ref: str
    instructions: Mapping[str, Any] = field(default_factory=dict)  # va_number / bank / qr_string / pay_url


@dataclass(frozen=True)
class CallbackEvent:
    event_id: str  # unique per gateway: the same event sent twice carries the same id
    order_id: str
    status: str  # pending | paid | failed | expired | refunded
    amount: int
    currency: str


class Gateway(Protocol):
    name: str

    def charge(self, request: ChargeRequest) -> ChargeResult:
        """Create the charge (GatewayError when refused or unreachable)."""
        ...

    def read_callback(self, raw_body: bytes, headers: Mapping[str, str]) -> CallbackEvent:
        """Verify the callback's signature (constant time) and what it claims; SignatureInvalid
        when it does not verify. May ask the gateway to confirm the status (never trusts the body
        alone when the gateway offers a status API)."""
        ...

    def refund(self, order_id: str, amount: int, *, key: str, reason: str) -> str:
        """Refund a settled charge in full; the gateway's refund reference."""
        ...


_ADAPTERS = {"simulated": "app.payments.gateways.simulated:SimulatedGateway",
             "midtrans": "app.payments.gateways.midtrans:MidtransGateway"}


def _names(config) -> list[str]:
    return [name.strip() for name in config["PAYMENTS_GATEWAYS"].split(",") if name.strip()]


def enabled() -> list[str]:
    """Gateways in PAYMENTS_GATEWAYS (read on each call, so tests can switch them), first = default."""
    return _names(current_app.config)


def get(name: str) -> Gateway | None:
    """The adapter of an enabled gateway (adapters keep no state: they read the config per call)."""
    if name not in enabled() or name not in _ADAPTERS:
        return None
    cache = current_app.extensions.setdefault("satupintu.payments.gateways", {})
    if name not in cache:
        from app.registry import import_string

        cache[name] = import_string(_ADAPTERS[name])()
    return cache[name]


def check_config(config) -> None:
    from app.config import ConfigError

    names = _names(config)
    unknown = set(names) - set(_ADAPTERS)
    if unknown or not names:
        raise ConfigError(f"SATUPINTU_PAYMENTS_GATEWAYS: unknown gateways {sorted(unknown)} or none at all")
    staging = config["PAYMENTS_SIMULATED_IN_PRODUCTION"]
    if "simulated" in names and config["ENV"] == "production" and not staging:
        # its pay page marks an invoice paid with a click: no money moves
        raise ConfigError("the simulated payment gateway is refused in production: set "
                          "SATUPINTU_PAYMENTS_GATEWAYS to a real gateway (or "
                          "SATUPINTU_PAYMENTS_SIMULATED_IN_PRODUCTION=1 for a staging system)")
    if "midtrans" in names and not config["PAYMENTS_MIDTRANS_SERVER_KEY"]:
        raise ConfigError("SATUPINTU_PAYMENTS_MIDTRANS_SERVER_KEY is needed for the midtrans gateway")
