"""Platform tests use the fixtures of the published test kit (app.testing.plugin)."""
