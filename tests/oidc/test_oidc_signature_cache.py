"""Access-token signatures are verified once per process and token; everything else, every time."""

import pytest

from auth.oidc import jws
from auth.oidc.keys import keyring
from auth.oidc.tokens import InvalidToken, validate_access_token

BASE = "http://localhost/"


@pytest.fixture
def verifications(monkeypatch):
    calls = []
    real_verify = jws.verify

    def counting(token, alg, key):
        calls.append(token)
        return real_verify(token, alg, key)

    monkeypatch.setattr(jws, "verify", counting)
    return calls


def test_a_token_presented_again_is_not_verified_again(app, token_for, verifications):
    token = token_for("profile")
    with app.test_request_context("/", base_url=BASE):
        first = validate_access_token(token)
        again = validate_access_token(token)
    assert again.claims == first.claims and verifications == [token]


def test_a_reloaded_keyring_verifies_again(app, token_for, verifications):
    token = token_for("profile")
    with app.test_request_context("/", base_url=BASE):
        validate_access_token(token)
        keyring().invalidate()
        validate_access_token(token)
    assert verifications == [token, token]


def test_claims_are_checked_on_every_use(app, token_for, monkeypatch):
    token = token_for("profile")
    with app.test_request_context("/", base_url=BASE):
        claims = validate_access_token(token).claims
        monkeypatch.setattr("auth.oidc.tokens.time.time", lambda: claims["exp"] + 3600)
        with pytest.raises(InvalidToken):
            validate_access_token(token)


def test_a_tampered_copy_of_a_remembered_token_is_refused(app, token_for):
    token = token_for("profile")
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    with app.test_request_context("/", base_url=BASE):
        validate_access_token(token)
        with pytest.raises(InvalidToken):
            validate_access_token(tampered)
