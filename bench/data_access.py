"""Data for the "who used my data" scenario: a citizen with 10,000 data-access log entries and
an access token (scope `data`) for them, made with the platform's own code against the bench
database, whatever the run already loaded."""

from __future__ import annotations

import itertools
import secrets
import uuid
from datetime import timedelta

from bench.database import analyze, database_url
from bench.sso import _citizen, _user_token

EMAIL = "warga-bench@contoh.id"
ENTRIES = 10_000
MODULES = (("pengumuman", "kemendagri"), ("bansos", "kemensos"), ("pajak", "bapenda-31"),
           ("bpjs", "bpjs-kesehatan"))
SCOPE = "openid data"


def prepare(base_url: str) -> tuple[str, str]:
    """The citizen's bearer token, and a cursor half-way down their log."""
    from sqlalchemy import func, insert, select

    from app import create_app
    from app.consent.access_log import page
    from app.consent.models import DataAccess
    from app.db import session, utcnow

    app = create_app({"DATABASE_URL": database_url(), "LOG_LEVEL": "WARNING"})
    with app.test_request_context("/", base_url=base_url + "/"):
        # nobody signs in with it: the scenario's token is minted directly
        account = _citizen(EMAIL, "Warga Uji Beban", secrets.token_urlsafe(24))
        held = session.scalar(select(func.count()).select_from(DataAccess)
                              .where(DataAccess.subject == account.id))
        if held < ENTRIES:
            start = utcnow() - timedelta(days=365)
            modules = itertools.cycle(MODULES)
            session.execute(insert(DataAccess), [
                {"id": uuid.uuid4(), "subject": account.id, "occurred_at": start + timedelta(minutes=50 * n),
                 "module": module, "agency": agency, "actor": "system", "purpose": "eligibility",
                 "basis": "consent", "allowed": ["profile:address"], "refused": [], "reason": None}
                for n, (module, agency) in zip(range(ENTRIES - held), modules, strict=False)])
            session.commit()
            analyze(database_url())  # fresh planner statistics, as autovacuum would give a live system
        _rows, middle = page(account.id, limit=ENTRIES // 2 + 1)  # the cursor after the middle entry
        token = _token(app, account)
        session.remove()
    app.extensions["satupintu.engine"].dispose()
    return token, middle


def _token(app, account) -> str:
    from sqlalchemy import select

    from app.db import session
    from auth.oidc.clients import create_client
    from auth.oidc.models import Client
    from auth.oidc.server import supported_scopes

    row = session.scalar(select(Client).where(Client.name == "Bench data access"))
    if row is None:
        row, _secret = create_client(name="Bench data access", public=False,
                                     auth_method="client_secret_basic", grant_types=["client_credentials"],
                                     scopes=SCOPE.split(), known_scopes=set(supported_scopes(app)))
    return _user_token(account, row, SCOPE)
