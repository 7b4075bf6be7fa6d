"""`flask services new`: the refusals, and a generated module that really works: it is built and
installed with pip, passes `flask services check` and runs its own tests green. The generated
module only ever runs in subprocesses, so this test process never sees its entry point."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.modules import scaffold as scaffold_module
from app.modules.scaffold import ScaffoldError, scaffold

SLUG = "izin_usaha"
AGENCY = "dpmptsp-3273"


@pytest.mark.parametrize("slug", ["Izin", "1izin", "i", "izin-usaha", "izin usaha", "x" * 32, ""])
def test_refuses_a_malformed_slug(tmp_path, slug):
    with pytest.raises(ScaffoldError, match="must match"):
        scaffold(slug, agency=AGENCY, target=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("slug", ["catalog", "admin", "auth", "core"])
def test_refuses_a_reserved_slug(tmp_path, slug):
    with pytest.raises(ScaffoldError, match="reserved"):
        scaffold(slug, agency=AGENCY, target=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("agency", "reason"), [("Bapenda", "must match"), ("bapenda-99", "reference data")])
def test_refuses_a_malformed_or_unknown_agency(tmp_path, agency, reason):
    with pytest.raises(ScaffoldError, match=reason):
        scaffold(SLUG, agency=agency, target=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_an_existing_folder(tmp_path):
    root = scaffold(SLUG, agency=AGENCY, target=tmp_path)
    descriptor = root / "satupintu_izin_usaha" / "__init__.py"
    descriptor.write_text("# the agency's own work\n")
    with pytest.raises(ScaffoldError, match="already exists"):
        scaffold(SLUG, agency=AGENCY, target=tmp_path)
    assert descriptor.read_text() == "# the agency's own work\n"


def test_in_tree_target_writes_a_services_package(tmp_path, monkeypatch):
    services = tmp_path / "services"
    monkeypatch.setattr(scaffold_module, "IN_TREE_SERVICES", services)
    root = scaffold(SLUG, agency=AGENCY, target=services)
    assert root == services / SLUG
    assert not (root / "pyproject.toml").exists()  # in-tree modules are declared in the root one
    written = {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
    assert written == {
        "__init__.py", "api.py", "models.py", "schemas.py", "service.py", "texts.py",
        "migrations/0001_izin_usaha.py", "tests/__init__.py", "tests/test_izin_usaha.py",
    }
    assert 'import_module("services.izin_usaha.api")' in (root / "__init__.py").read_text()
    for path in root.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")  # every file is valid Python
        assert "$" not in path.read_text(), path  # every template value was filled in


def test_cli_reports_refusals_and_writes_the_module(app, tmp_path):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["services", "new", "admin", "--agency", AGENCY, "--target", str(tmp_path)])
    assert refused.exit_code != 0
    assert "reserved" in refused.output
    created = runner.invoke(args=["services", "new", SLUG, "--agency", AGENCY, "--target", str(tmp_path)])
    assert created.exit_code == 0, created.output
    assert f"created {tmp_path / 'satupintu-izin-usaha'}" in created.output
    assert f"flask services check {SLUG}" in created.output


def _run(command: list[str], *, env: dict[str, str], cwd: Path, ok: bool = True) -> str:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180)
    assert (done.returncode == 0) is ok, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_generated_module_installs_passes_check_and_its_own_tests(tmp_path, scratch_database_url):
    """The module gets a database of its own (the test kit's scratch one), never this run's."""
    project = scaffold(SLUG, agency=AGENCY, target=tmp_path / "src")
    site = tmp_path / "site"
    run = tmp_path / "run"  # an empty working directory: nothing importable by accident
    run.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SATUPINTU_", "PYTEST_"))}
    # A real install (wheel built by setuptools, entry point in its dist-info), offline.
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-index", "--no-cache-dir", "--target", str(site), str(project)], env=env, cwd=run)
    assert (site / "satupintu_izin_usaha" / "migrations" / "0001_izin_usaha.py").is_file()

    env.update({
        "PYTHONPATH": str(site),
        "SATUPINTU_DATABASE_URL": scratch_database_url,
        "SATUPINTU_SERVICES_ENABLED": SLUG,
        "SATUPINTU_LOG_LEVEL": "WARNING",
    })
    check = [sys.executable, "-m", "flask", "--app", "app:create_app", "services", "check", SLUG]
    checked = _run(check, env=env, cwd=run)
    assert f"{SLUG}: OK" in checked
    assert "schema: the migrations build exactly the module's models" in checked

    tested = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
                   str(tmp_path / "pytest"), str(site / "satupintu_izin_usaha")], env=env, cwd=run)
    summary = tested.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed in [\d.]+s", summary), tested  # no failure, skip or warning

    # A model change without its migration is caught by the check.
    models = site / "satupintu_izin_usaha" / "models.py"
    column = '    status: Mapped[str] = mapped_column(String(20), default="")\n'
    models.write_text(models.read_text().replace("    created_at:", column + "    created_at:"))
    refused = _run(check, env=env, cwd=run, ok=False)
    assert "models and migrations disagree" in refused and "'status'" in refused
