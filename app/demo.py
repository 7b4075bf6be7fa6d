"""Demo data for `make run`: reference data, the modules' catalog entries, sample services."""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from app.registry import import_string


def load_demo() -> Iterator[str]:
    from app.catalog.service import sync_modules
    from app.reference.service import load_reference_data

    counts = load_reference_data()
    yield "reference data: " + ", ".join(f"{n} {what}" for what, n in counts.items())
    synced = sync_modules(current_app.extensions["satupintu.modules"].values())
    yield "module catalog entries: " + (
        ", ".join(f"{slug} {n}" for slug, n in synced.items()) or "none")
    for module in current_app.extensions["satupintu.modules"].values():
        if module.demo:
            yield from import_string(module.demo)()
    from auth.oidc.demo import load_demo as load_sso_demo

    yield from load_sso_demo()  # signing keys and demo OpenID Connect clients
