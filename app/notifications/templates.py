"""Notification templates: registered texts `<template>.title` and `<template>.body` with
`{name}` placeholders, rendered in a given locale."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

from app import i18n

TEMPLATE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\Z")
_FORMATTER = string.Formatter()


class _Kept(dict):
    """Leave a placeholder without a value as it is rather than failing a whole inbox page."""

    def __missing__(self, key):
        return "{" + key + "}"


def check(template: str, params: Mapping[str, Any]) -> None:
    """ValueError unless both texts exist and every placeholder of every locale has a value."""
    if not TEMPLATE.match(template) or len(template) > 80:
        raise ValueError(f"notification template {template!r} must look like 'module.event'")
    texts = i18n.registered()
    for part in ("title", "body"):
        key = f"{template}.{part}"
        if key not in texts:
            raise ValueError(f"notification template text {key!r} is not registered")
        for locale, text in texts[key].items():
            for _literal, field, _spec, _conversion in _FORMATTER.parse(text):
                if field is not None and (not field.isidentifier() or field not in params):
                    raise ValueError(f"{key} ({locale}) needs parameter {field!r}")


def render(template: str, params: Mapping[str, Any], locale: str) -> tuple[str, str]:
    """(title, body) in `locale`. A parameter may itself be a text in every locale
    ({"id": ..., "en": ...}, e.g. a state a module names): the reader's is filled in."""
    values = _Kept({name: i18n.pick(value, locale) if isinstance(value, dict) else value
                    for name, value in params.items()})
    texts = i18n.registered()
    return tuple(i18n.pick(texts[f"{template}.{part}"], locale).format_map(values)  # type: ignore[return-value]
                 for part in ("title", "body"))
