"""`flask services check`: validate one installed module the way start-up would, and more."""

from __future__ import annotations

from collections.abc import Iterator

from alembic.script import ScriptDirectory
from flask import Flask

from app.modules.loader import discover, migrations_path
from app.modules.validate import ModuleError


def check_installed(slug: str) -> Iterator[str]:
    from app import create_app

    installed = {m.slug: m for m in discover()}
    if slug not in installed:
        raise ModuleError(f"no installed module named {slug!r} (is its entry point declared?)")
    module = installed[slug]
    yield f"descriptor: {module.slug} {module.version} by {module.agency}"
    app = create_app({"SERVICES_ENABLED": ",".join(_with_requirements(module, installed))})
    yield f"installs: blueprints, {len(module.scopes)} scopes, {len(module.catalog)} catalog entries"
    yield from _check_migrations(app, module)


def _with_requirements(module, installed) -> list[str]:
    wanted, queue = [], [module]
    providers = {name: m for m in installed.values() for name in (m.slug, *m.provides)}
    while queue:
        current = queue.pop()
        if current.slug in wanted:
            continue
        wanted.append(current.slug)
        queue.extend(providers[n] for n in current.requires if n in providers)
    return wanted


def _check_migrations(app: Flask, module) -> Iterator[str]:
    from app.migrate import alembic_config

    folder = migrations_path(module)
    if folder is None:
        yield "migrations: none declared"
        return
    scripts = ScriptDirectory.from_config(alembic_config(app))
    revisions = [r for r in scripts.walk_revisions() if r.path.startswith(folder)]
    if not revisions:
        raise ModuleError(f"service module {module.slug!r}: no migrations in {folder}")
    roots = [r for r in revisions if r.down_revision is None]
    for root in roots:
        if module.slug not in (root.branch_labels or ()):
            raise ModuleError(
                f"service module {module.slug!r}: first migration {root.revision} must carry "
                f"branch label {module.slug!r}")
        depends = root.dependencies or ()
        depends = (depends,) if isinstance(depends, str) else depends
        core = {r.revision for r in scripts.iterate_revisions("core@heads", "base")}
        if not any(d in core or str(d).startswith("core") for d in depends):
            raise ModuleError(
                f"service module {module.slug!r}: first migration must depend on core@head")
    yield f"migrations: {len(revisions)} revision(s) on branch {module.slug!r}"
