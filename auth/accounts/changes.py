"""Telling the rest of the platform, in the same transaction, that account data changed.

The citizen profile (app.profile) keeps copies of the name, birth data and contact points the
account holds; it registers a listener here so that a stored profile follows the account (a
newly verified phone, a registry-confirmed identity, a corrected name). The listener joins the
caller's transaction, so the account and the profile commit or roll back together.

Listeners: `app.extensions["satupintu.accounts.listeners"]`, callables
`(account, previous: {field: value before the change})`; field names are the profile's
(full_name, birth_date, sex, phone, email) and values JSON-shaped (dates as "YYYY-MM-DD").
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from auth.accounts.models import CITIZEN, Account

LISTENERS = "satupintu.accounts.listeners"


def add_listener(app, listener) -> None:
    app.extensions.setdefault(LISTENERS, []).append(listener)


def account_changed(account: Account, **previous) -> None:
    """Call after changing `account` (not yet committed), with the old values of what changed."""
    if account.kind != CITIZEN:  # staff have no citizen profile
        return
    values = {name: value.isoformat() if isinstance(value, date) else value
              for name, value in previous.items()}
    for listener in current_app.extensions.get(LISTENERS, ()):
        listener(account, values)
