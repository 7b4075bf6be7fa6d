"""The catalog: every citizen-facing service, searchable, localised (the app's home screen)."""
