"""The benchmark database: a fresh SQLite file by default, or a dedicated PostgreSQL database
(its name must contain "bench", since it is dropped and recreated), loaded the way a deploy would
be (migrations, reference and demo data) plus the synthetic catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.servers import ROOT

DEFAULT_SQLITE = ROOT / "var" / "bench" / "satupintu_bench.db"


def database_url() -> str:
    return os.environ.get("SATUPINTU_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def reset(url: str) -> None:
    """Start from an empty database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:":
            raise SystemExit("the benchmark needs a SQLite file, not an in-memory database")
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        return
    name = parsed.database or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {quoted}"))
    admin.dispose()


def load(env: dict[str, str], count: int) -> None:
    """Migrate and fill the database through the same CLI an operator uses."""
    flask = [sys.executable, "-m", "flask"]
    for step in (["db", "upgrade"], ["demo", "load"], ["catalog", "generate", "--count", str(count)]):
        completed = subprocess.run(  # noqa: S603 - fixed argv
            [*flask, *step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"`flask {' '.join(step)}` failed:\n{completed.stderr[-3000:]}")
        last_line = (completed.stdout.strip().splitlines() or [""])[-1]
        print(f"  flask {' '.join(step)}: {last_line}", flush=True)


def analyze(url: str) -> None:
    """Refresh planner statistics after the bulk load, as autovacuum would shortly do."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
