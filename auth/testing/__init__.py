"""Fixtures for identity, loaded by the platform test kit (app.testing.plugin)."""
