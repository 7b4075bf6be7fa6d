"""One alembic environment, one version table, a labelled branch per package.

Branches: "core" (migrations/versions/core), "auth" (when present) and one per enabled
module (its descriptor's `migrations` folder). Autogenerate is filtered to the tables of
the branch being revised, so it never proposes dropping another branch's tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent / "migrations"
PLATFORM_BRANCHES = {"core": ROOT / "versions" / "core", "auth": ROOT / "versions" / "auth"}


def branch_folders(app: Flask) -> dict[str, str]:
    folders = {name: str(path) for name, path in PLATFORM_BRANCHES.items() if path.is_dir()}
    folders.update(app.extensions["satupintu.migrations"])
    return folders


def alembic_config(app: Flask, *, branch: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT))
    config.set_main_option("version_locations", " ".join(branch_folders(app).values()))
    config.set_main_option("path_separator", "space")
    config.attributes["app"] = app
    config.attributes["branch"] = branch
    return config


def upgrade(app: Flask, target: str = "heads") -> None:
    command.upgrade(alembic_config(app), target)


def downgrade(app: Flask, target: str) -> None:
    command.downgrade(alembic_config(app), target)


def revision(app: Flask, branch: str, message: str, *, autogenerate: bool) -> None:
    folders = branch_folders(app)
    if branch not in folders:
        raise ValueError(f"unknown branch {branch!r}; known: {', '.join(sorted(folders))}")
    config = alembic_config(app, branch=branch)
    try:
        heads = ScriptDirectory.from_config(config).get_revisions(f"{branch}@heads")
    except CommandError:
        heads = ()  # the branch has no revision yet
    kwargs = {"head": f"{branch}@head"} if heads else {
        "head": "base", "branch_label": branch, "version_path": folders[branch],
        "depends_on": None if branch == "core" else "core",
    }
    command.revision(config, message=message, autogenerate=autogenerate, **kwargs)


# Objects migrations below 0014_catalog_search_index own but the ORM does not map (FTS tables,
# search columns), there when a database is taken down to one of those.
UNMAPPED = frozenset({"catalog_fts", "search_vector", "ix_catalog_entry_search_vector", "title_vector",
                      "title_length", "ix_catalog_entry_title_vector", "ix_catalog_entry_search_rank"})


def comparison_filters(tables: set[str]) -> dict:
    """alembic `include_object` / `include_name` limiting autogenerate to `tables`."""

    def include_object(obj, name, type_, reflected, compare_to):
        if name in UNMAPPED:
            return False
        if type_ == "table":
            return name in tables
        table = getattr(obj, "table", None)
        return table is None or table.name in tables

    def include_name(name, type_, parent_names):
        if type_ == "table":
            return name in tables and not name.startswith("catalog_fts")
        return name not in UNMAPPED

    return {"include_object": include_object, "include_name": include_name}


def owned_tables(app: Flask, branch: str | None) -> set[str]:
    tables = app.extensions["satupintu.tables"]
    return {name for name, owner in tables.items() if branch is None or owner == branch}
