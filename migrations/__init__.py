"""Alembic environment and the core migration branch."""
