"""Account settings and their defaults (override in instance/config.py or SATUPINTU_* variables)."""

from __future__ import annotations

from flask import Flask

from app import config

DEFAULTS = {
    # Keys for NIK / MFA secret encryption and the NIK look-up hash (see auth.accounts.crypto).
    "ENCRYPTION_KEYS": None,  # JSON object {"key-id": "<base64 32 bytes>"}
    "ENCRYPTION_KEY_ID": "",
    "BLIND_INDEX_KEY": "",
    # Brute force: free failures before back-off, lockout (NIST: at most 100), per-IP allowance.
    "LOGIN_FREE_FAILURES": 5,
    "LOGIN_LOCKOUT_AFTER": 100,
    "LOGIN_IP_FREE_FAILURES": 50,
    # Stricter request limits per client IP (Flask-Limiter syntax, see app.limits.rate_limit).
    # Load tests from one address raise these or set SATUPINTU_RATELIMIT_ENABLED=false.
    "RATELIMIT_LOGIN": "30/minute;300/hour",
    "RATELIMIT_REGISTRATION": "5/minute;30/hour",
    "RATELIMIT_OTP": "10/minute;60/hour",
    "RATELIMIT_PASSWORD_RESET": "5/minute;30/hour",
    # One-time code delivery: "development" (log + outbox table), or real channels.
    "OTP_EMAIL_SENDER": "development",  # development | smtp
    "OTP_SMS_SENDER": "development",  # development | http
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 587,
    "SMTP_SECURITY": "starttls",  # starttls | tls | none
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_FROM": "SatuPintu <no-reply@satupintu.go.id>",
    "SMTP_TIMEOUT": 10.0,
    "SMS_GATEWAY_URL": "",
    "SMS_GATEWAY_TOKEN": "",
    "SMS_GATEWAY_TIMEOUT": 5.0,
    # Population registry adapter for identity assurance (ial2): "fake" ships test data.
    "POPULATION_REGISTRY": "fake",
}


def apply_defaults(app: Flask) -> None:
    config.apply_defaults(app.config, DEFAULTS)
