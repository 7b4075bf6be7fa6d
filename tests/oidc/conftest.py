"""Fixtures of the provider tests (the published ones live in auth.testing.tokens)."""

from __future__ import annotations

import pytest

from oidc.browser import Browser


@pytest.fixture
def browser(client, public_client, oidc_signing_keys):
    return Browser(client, public_client)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
