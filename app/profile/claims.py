"""The OpenID Connect `address` claim (scope `address`), built from the citizen profile.

The provider registers this on the app (`app.extensions["satupintu.oidc.claims"]["address"]`),
so single sign-on asks for the claim without knowing how profiles are stored. Granting the
`address` scope to a client is the citizen's consent to it (the provider's consent screen), so
no module data-use consent applies. Region names come from the reference data; levels it does
not hold (districts and villages today) are left out of the text, never shown as codes.
"""

from __future__ import annotations

import uuid

from app.profile.store import load_state
from app.registry import services

COUNTRY = "ID"  # ISO 3166-1 alpha-2, as OIDC Core 5.1.1 recommends


def _name(regions, code: str) -> str | None:
    found = regions.get(code)
    return found.name if found is not None else None


def address_claim(account_id: uuid.UUID) -> dict | None:
    """OIDC Core 5.1.1 address of citizen `account_id`, or None when their profile has none."""
    state = load_state(account_id)
    stored = state.fields.get("address") if state is not None else None
    if stored is None or not stored.value:
        return None
    address = stored.value
    regions = services().get("regions")
    village, district = _name(regions, address["village_code"]), _name(regions, address["district_code"])
    regency, province = _name(regions, address["regency_code"]), _name(regions, address["province_code"])
    street = ", ".join(part for part in (
        address["street"], f"RT {address['rt']}/RW {address['rw']}", village, district) if part)
    claim = {"street_address": street, "postal_code": address["postal_code"], "country": COUNTRY}
    if regency:
        claim["locality"] = regency
    if province:
        claim["region"] = province
    last_line = " ".join(part for part in (province, address["postal_code"]) if part)
    claim["formatted"] = "\n".join(part for part in (street, regency, last_line, "Indonesia") if part)
    return claim
