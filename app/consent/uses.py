"""What modules declared they may read (their descriptors' `data_uses`), and item names.

Items name a kind of data ("profile:address", "document:akta_kelahiran"). A request may also
name one instance ("document:<id>"); the capability that owns it registers a resolver that
says which declared kind the instance is (and None when it is not the subject's).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from flask import Flask, current_app

from app.modules.descriptor import DataUse, ServiceModule
from app.modules.validate import DATA_ITEM

ItemResolver = Callable[[uuid.UUID, str], "str | None"]
_RESOLVERS = "satupintu.consent.resolvers"


def register_item_resolver(app: Flask, source: str, resolve: ItemResolver) -> None:
    """`resolve(subject, "document:<id>")` -> "document:<type>", or None if the subject has none."""
    resolvers = app.extensions.setdefault(_RESOLVERS, {})
    if source in resolvers:
        raise ValueError(f"items of {source!r} already have a resolver")
    resolvers[source] = resolve


def installed_module(slug: str) -> ServiceModule | None:
    return current_app.extensions["satupintu.modules"].get(slug)


def declared_use(module: ServiceModule, purpose: str) -> DataUse | None:
    return next((use for use in module.data_uses if use.purpose == purpose), None)


def kind_of(subject: uuid.UUID, item: str) -> str | None:
    """The declared kind an item stands for: itself when it names a kind, the resolver's answer
    when it names an instance, None when it names nothing the subject has."""
    if not isinstance(item, str) or len(item) > 200:
        return None
    if DATA_ITEM.match(item):
        return item
    source, _, name = item.partition(":")
    resolve = current_app.extensions.get(_RESOLVERS, {}).get(source)
    if resolve is None or not name:
        return None
    kind = resolve(subject, item)
    return kind if kind is not None and DATA_ITEM.match(kind) else None
