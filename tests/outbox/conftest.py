"""Fixtures for the outbox tests: consumers registered for one test only."""

import pytest

from app.outbox import consume
from app.outbox.delivery import CONSUMERS


@pytest.fixture
def consumers(app):
    """`consumers(topic, name, handler)`: a consumer that is unregistered after the test."""
    registry = app.extensions[CONSUMERS]
    added = []

    def add(topic, name, handler):
        consume(app, topic, name, handler)
        added.append((topic, name))

    yield add
    for topic, name in added:
        registry[topic] = [entry for entry in registry[topic] if entry[0] != name]
        if not registry[topic]:
            del registry[topic]
