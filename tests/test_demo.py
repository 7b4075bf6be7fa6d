"""`flask demo load`, the step of `make run` that fills a fresh database, and the first request
README.md tells a newcomer to try: it must find something in what the demo loaded."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README, MAKEFILE = ROOT / "README.md", ROOT / "Makefile"
# Try `curl -H 'Accept-Language: en' 'http://127.0.0.1:5000/api/v1/catalog?q=...'`.
_EXAMPLE = re.compile(r"Try `curl((?: -H '[^']+')*) 'http://127\.0\.0\.1:5000(/api/v1/[^']+)'`")


def test_demo_load_runs_twice_and_the_readme_example_finds_what_it_loaded(
        app, db_session, client, oidc_signing_keys):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "module catalog entries: " in first.output
    assert "client satupintu-mobile: registered" in first.output
    from auth.oidc.models import Client

    mobile = db_session.query(Client).filter_by(client_id="satupintu-mobile").one()
    assert {"openid", "account", "cases", "payments", "data"} <= set(mobile.scopes.split())  # first-party app
    again = runner.invoke(args=["demo", "load"])  # `make run` loads on every start
    assert again.exit_code == 0, again.output
    assert "client satupintu-mobile: already registered" in again.output

    example = _EXAMPLE.search(README.read_text())
    assert example, "README.md no longer has its `Try curl ...` example"
    headers = dict(h.split(": ", 1) for h in re.findall(r"-H '([^']+)'", example.group(1)))
    answer = client.get(example.group(2), headers=headers)
    assert answer.status_code == 200
    assert answer.get_json()["items"], f"{example.group(2)} finds nothing in the demo data"


def test_every_address_make_run_prints_answers(app, db_session, client, oidc_signing_keys):
    """The addresses README.md shows (as the Makefile's `run` target prints them) all answer 200."""
    shown = re.findall(r"^  [A-Za-z() -]+: +http://127\.0\.0\.1:5000(/\S*)$", README.read_text(),
                       re.MULTILINE)
    printed = re.findall(r'@echo "  [A-Za-z() -]+: +http://\$\(HOST\):\$\(PORT\)(/\S*)"',
                         MAKEFILE.read_text())
    assert shown and shown == printed
    for path in shown:
        assert client.get(path).status_code == 200, path
