"""Consent and delegation settings read from SATUPINTU_* variables take their defaults' types."""

from __future__ import annotations

from app import create_app


def test_day_and_second_settings_from_the_environment_are_numbers(app_config, monkeypatch):
    monkeypatch.setenv("SATUPINTU_CONSENT_MAX_DAYS", "90")
    monkeypatch.setenv("SATUPINTU_CONSENT_REQUEST_DAYS", "7")
    monkeypatch.setenv("SATUPINTU_DELEGATION_TOKEN_TTL", "120")
    app = create_app(app_config, services=[])
    assert (app.config["CONSENT_MAX_DAYS"], app.config["CONSENT_REQUEST_DAYS"]) == (90, 7)
    assert app.config["DELEGATION_TOKEN_TTL"] == 120
