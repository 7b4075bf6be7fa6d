"""The `address` claim (OIDC Core 5.1.1) comes from the citizen profile, with region names
from the reference data: in UserInfo and in the ID token, only with the `address` scope."""

from __future__ import annotations

from joserfc import jwt
from joserfc.jwk import KeySet

from app.db import session
from app.profile import service
from auth.accounts.service import account_claims
from oidc.conftest import bearer

ADDRESS = {"province_code": "32", "regency_code": "32.73", "district_code": "32.73.05",
           "village_code": "32.73.05.1001", "street": "Jl. Braga No. 5", "rt": "004", "rw": "011",
           "postal_code": "40111"}
EXPECTED = {
    "street_address": "Jl. Braga No. 5, RT 004/RW 011",
    "locality": "Kota Bandung",
    "region": "Jawa Barat",
    "postal_code": "40111",
    "country": "ID",
    "formatted": "Jl. Braga No. 5, RT 004/RW 011\nKota Bandung\nJawa Barat 40111\nIndonesia",
}


def _give_address(account) -> None:
    service.edit(account.id, {"address": ADDRESS}, if_match={service.current(account.id).etag})


def test_address_claim_from_the_profile(citizen):
    _give_address(citizen)
    assert account_claims(citizen, ["openid", "address"])["address"] == EXPECTED
    assert "address" not in account_claims(citizen, ["openid", "profile", "email", "phone"])


def test_no_address_in_the_profile_no_claim(citizen, officer):
    assert "address" not in account_claims(citizen, ["openid", "address"])
    assert "address" not in account_claims(officer, ["openid", "address"])


def test_a_removed_address_is_no_longer_claimed(citizen):
    _give_address(citizen)
    service.edit(citizen.id, {"address": None}, if_match={service.current(citizen.id).etag})
    assert "address" not in account_claims(citizen, ["openid", "address"])


def test_userinfo_and_id_token_carry_the_address(client, browser, citizen):
    _give_address(citizen)
    session.commit()
    tokens = browser.tokens(citizen, scope="openid address")
    jwks = KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    assert jwt.decode(tokens["id_token"], jwks).claims["address"] == EXPECTED
    info = client.get("/oauth/userinfo", headers=bearer(tokens["access_token"]))
    assert info.status_code == 200 and info.get_json()["address"] == EXPECTED
    without = browser.tokens(citizen, scope="openid profile")
    assert "address" not in client.get("/oauth/userinfo", headers=bearer(without["access_token"])).get_json()


def test_discovery_lists_the_address_claim_and_scope(client):
    metadata = client.get("/.well-known/openid-configuration").get_json()
    assert "address" in metadata["claims_supported"] and "address" in metadata["scopes_supported"]
