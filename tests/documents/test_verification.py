"""GET /api/v1/documents/verify and offline checks against the published JWKS."""

import base64
import json
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from app.db import utcnow
from app.registry import services
from tests.documents.conftest import ISSUER

URL = "/api/v1/documents/verify"


def verify(client, token):
    response = client.get(URL, query_string={"token": token})
    assert response.status_code == 200, response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_genuine_document_is_valid_with_minimal_data(client, citizen, issue):
    ref = issue(citizen)
    body = verify(client, ref.token)
    assert body["valid"] is True and body["status"] == "valid"
    document = body["document"]
    assert document["holder_name"] == "R*** M***"  # masked
    assert document["type"] == "surat_domisili" and document["title"] == "Surat Keterangan Domisili"
    assert document["issuer"] == {"module": ISSUER, "module_title": "Pengumuman Instansi",
                                  "agency": "kemendagri"}
    assert document["valid_until"] is not None and document["issued_at"]
    assert "data" not in document and "Jl. Braga" not in json.dumps(body)


def test_the_verification_url_needs_no_token_and_no_cookies(client, citizen, issue):
    ref = issue(citizen)
    response = client.get(URL, query_string={"token": ref.token})
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("query", "field"), [
    ({}, "token"), ({"token": ""}, "token"), ({"token": "a.b.c" * 1000}, "token"),
    ({"token": "a.b.c", "debug": "1"}, "debug"),
])
def test_the_query_is_checked_like_any_other(client, query, field):
    response = client.get(URL, query_string=query, headers={"Accept-Language": "id"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    [message] = response.get_json()["errors"][field]
    assert message in ("Isian wajib diisi.", "Isian tidak dikenal.", "Panjang harus antara 1 dan 4096.")


def tampered(token: str) -> list[str]:
    header, payload, signature = token.split(".")
    claims = json.loads(unb64(payload))
    forged = b64(json.dumps({**claims, "name": "B*** S***"}).encode())
    other_alg = b64(json.dumps({**json.loads(unb64(header)), "alg": "RS256"}).encode())
    no_typ = b64(json.dumps({k: v for k, v in json.loads(unb64(header)).items() if k != "typ"}).encode())
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    return [f"{header}.{forged}.{signature}", f"{header}.{payload}.{flipped}",
            f"{other_alg}.{payload}.{signature}", f"{no_typ}.{payload}.{signature}", f"{header}.{payload}.",
            f"{header}.{payload}", "garbage",
            f"{b64(b'{}')}.{payload}.{signature}", f"{header}.{b64(b'[1]')}.{signature}", "a.b.c"]


def test_a_tampered_token_is_invalid(client, citizen, issue):
    ref = issue(citizen)
    for token in tampered(ref.token):
        assert verify(client, token) == {"valid": False, "status": "invalid"}, token


def test_an_access_token_is_not_a_document(client, citizen, token_for):
    assert verify(client, token_for("profile", user=citizen)) == {"valid": False, "status": "invalid"}


def test_revocation_shows_at_once(client, citizen, issue, db_session):
    ref = issue(citizen)
    assert verify(client, ref.token)["status"] == "valid"
    services().get("documents").revoke(ref.id, "issued in error", module=ISSUER)
    db_session.commit()
    body = verify(client, ref.token)
    assert body["valid"] is False and body["status"] == "revoked"
    assert body["document"]["holder_name"] == "R*** M***"


def test_only_the_issuing_module_revokes(citizen, issue):
    from app.contracts.documents import DocumentNotFound

    ref = issue(citizen)
    with pytest.raises(DocumentNotFound):
        services().get("documents").revoke(ref.id, "not mine", module="probe")


def test_a_superseded_document_says_so(client, citizen, issue):
    old = issue(citizen)
    new = issue(citizen, supersedes=old.id)
    assert verify(client, old.token)["status"] == "superseded"
    assert verify(client, new.token)["valid"] is True


def test_an_expired_document_is_not_valid(client, citizen, issue, db_session):
    from app.documents.models import Document

    ref = issue(citizen)
    db_session.get(Document, ref.id).valid_until = utcnow() - timedelta(seconds=1)
    db_session.commit()
    assert verify(client, ref.token) == {**verify(client, ref.token), "valid": False, "status": "expired"}


def test_a_document_row_gone_means_invalid(client, citizen, issue, db_session):
    from app.documents.models import Document

    ref = issue(citizen)
    db_session.delete(db_session.get(Document, ref.id))
    db_session.commit()
    assert verify(client, ref.token) == {"valid": False, "status": "invalid"}


def offline_check(jwks: dict, token: str) -> dict:
    """A verifier's own check with `cryptography` alone: JWK -> P-256 key -> ECDSA over the input."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(unb64(header_b64))
    assert header["alg"] == "ES256" and header["typ"] == "sp-document+jwt"
    [jwk] = [key for key in jwks["keys"] if key["kid"] == header["kid"]]
    assert jwk["kty"] == "EC" and jwk["crv"] == "P-256"
    x, y = (int.from_bytes(unb64(jwk[name]), "big") for name in ("x", "y"))
    public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    raw = unb64(signature_b64)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unb64(payload_b64))


def test_a_verifier_checks_offline_against_the_published_jwks(client, citizen, issue):
    ref = issue(citizen)
    claims = offline_check(client.get("/oauth/jwks").get_json(), ref.token)
    assert claims["jti"] == str(ref.id) and claims["iss"] == "http://localhost"
    assert claims["doc"] == "surat_domisili" and claims["by"] == ISSUER and claims["name"] == "R*** M***"
    header, payload, signature = tampered(ref.token)[0].split(".")
    with pytest.raises(InvalidSignature):
        offline_check(client.get("/oauth/jwks").get_json(), f"{header}.{payload}.{signature}")


def test_old_documents_stay_verifiable_after_the_keys_rotate_away(app, client, citizen, issue,
                                                                  override_config):
    from app.documents.signing import document_keys
    from auth.oidc.keys import keyring, rotate

    ref = issue(citizen)
    kid = json.loads(unb64(ref.token.split(".")[0]))["kid"]
    try:
        with app.test_request_context("/"):
            rotate()
        # long after: the provider no longer publishes the retired key for its own tokens
        override_config(OIDC_ACCESS_TOKEN_TTL=-100, OIDC_ID_TOKEN_TTL=-100, OIDC_LEEWAY=0)
        keyring(app).invalidate()
        document_keys(app).invalidate()
        assert kid not in {key["kid"] for key in keyring(app).jwks()["keys"]}
        jwks = client.get("/oauth/jwks").get_json()
        assert kid in {key["kid"] for key in jwks["keys"]}
        offline_check(jwks, ref.token)
        assert verify(client, ref.token)["valid"] is True
        newer = issue(citizen)
        assert json.loads(unb64(newer.token.split(".")[0]))["kid"] != kid
        assert verify(client, newer.token)["valid"] is True
    finally:
        keyring(app).invalidate()
        document_keys(app).invalidate()


def test_verification_is_rate_limited(client, citizen, issue, override_config):
    ref = issue(citizen)
    override_config(RATELIMIT_DOCUMENT_VERIFY="3/minute")
    answers = [client.get(URL, query_string={"token": ref.token}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_a_token_is_spelt_one_way_only(client, citizen, issue):
    """The last base64url character of a signature carries spare bits; another character with the
    same used bits decodes to the same signature, and is refused: one document, one token."""
    import base64

    token = issue(citizen).token
    head, last = token[:-1], token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    other = alphabet[alphabet.index(last) ^ 1]  # the lowest bit: spare in a 64-byte ES256 signature
    decode = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # noqa: E731
    assert decode(token.split(".")[2]) == decode((head + other).split(".")[2])
    assert verify(client, token)["valid"] is True
    assert verify(client, head + other) == {"valid": False, "status": "invalid"}
