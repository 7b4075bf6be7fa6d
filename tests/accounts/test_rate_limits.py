"""Registration, code and password-reset endpoints have stricter request limits (429 problem)."""

import pytest

CASES = [
    ("RATELIMIT_REGISTRATION", "/api/v1/accounts/register", {"nik": "1"}),
    ("RATELIMIT_OTP", "/api/v1/accounts/verify",
     {"channel": "phone", "destination": "0812", "code": "1" * 8}),
    ("RATELIMIT_OTP", "/api/v1/accounts/verify/resend", {"channel": "email", "destination": "a@b.id"}),
    ("RATELIMIT_PASSWORD_RESET", "/api/v1/accounts/password-reset", {"identifier": "a@b.id"}),
]


@pytest.mark.parametrize("setting, url, body", CASES)
def test_the_limit_answers_429_with_retry_after(client, override_config, setting, url, body):
    override_config(**{setting: "3/minute"})
    answers = [client.post(url, json=body).status_code for _ in range(4)]
    assert 429 not in answers[:3] and answers[3] == 429
    limited = client.post(url, json=body)
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0


def test_limits_count_per_client_address(client, override_config):
    override_config(RATELIMIT_PASSWORD_RESET="2/minute")
    body = {"identifier": "a@b.id"}
    for _ in range(2):
        client.post("/api/v1/accounts/password-reset", json=body)
    assert client.post("/api/v1/accounts/password-reset", json=body).status_code == 429
    other = client.post("/api/v1/accounts/password-reset", json=body,
                        environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert other.status_code == 202


def test_the_defaults_are_stricter_than_nothing(app):
    for setting in ("RATELIMIT_REGISTRATION", "RATELIMIT_OTP", "RATELIMIT_PASSWORD_RESET"):
        assert "/minute" in app.config[setting]


def test_limits_can_be_switched_off_from_the_environment(app_config, monkeypatch):
    from app import create_app
    from app.limits import limiter

    monkeypatch.setenv("SATUPINTU_RATELIMIT_ENABLED", "false")
    try:
        other = create_app(app_config, services=[])
        assert other.config["RATELIMIT_ENABLED"] is False
    finally:
        monkeypatch.delenv("SATUPINTU_RATELIMIT_ENABLED")
        limiter.enabled = True
