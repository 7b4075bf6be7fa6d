"""Citizen and staff accounts: registration, credentials, one-time codes, MFA, suspension."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Register account blueprints, CLI and services on the app."""
