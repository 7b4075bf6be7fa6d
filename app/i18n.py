"""Locales and user-visible texts: every text exists in every locale, keyed by a stable name.

Locale comes from `Accept-Language` (`id` default, `en`); an unknown or
malformed header falls back to the default, as HTTP content negotiation allows.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import g, has_request_context, request

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"

_messages: dict[str, Mapping[str, str]] = {}


class MissingLocaleError(ValueError):
    pass


def check_text(text: Mapping[str, str], what: str) -> None:
    """Refuse a text that is not given, non-empty, in every platform locale."""
    given = text if isinstance(text, Mapping) else {}
    missing = [loc for loc in LOCALES if not (isinstance(given.get(loc), str) and given[loc].strip())]
    if missing:
        raise MissingLocaleError(f"{what} has no text for locale(s) {', '.join(missing)}")


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add keyed texts; called at import time by each package that owns texts."""
    for key, text in messages.items():
        check_text(text, f"message {key!r}")
        if key in _messages and _messages[key] != text:
            raise ValueError(f"message {key!r} registered twice with different texts")
        _messages[key] = text


def registered() -> Mapping[str, Mapping[str, str]]:
    return _messages


def negotiate(header_locales) -> str:
    best = header_locales.best_match(LOCALES, default=DEFAULT_LOCALE)
    return best or DEFAULT_LOCALE


def current_locale() -> str:
    if not has_request_context():
        return DEFAULT_LOCALE
    state = g._get_current_object()  # each proxy access resolves the context again
    loc = state.get("locale")
    if loc is None:
        loc = state.locale = negotiate(request.accept_languages)
    return loc


def pick(text: Mapping[str, str], locale: str | None = None) -> str:
    """The text in the request's locale (or the given one), falling back to the default."""
    loc = locale or current_locale()
    return text.get(loc) or text[DEFAULT_LOCALE]


def t(key: str, locale: str | None = None, **params) -> str:
    text = pick(_messages[key], locale)
    return text.format(**params) if params else text
