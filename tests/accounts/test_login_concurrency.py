"""Overlapping password sign-ins on one database: every one is answered (accepted or refused),
none fails on the database (SQLite: the argon2 hash runs outside any transaction, so a slow
hash never holds a snapshot that a concurrent sign-in's commit makes stale).
Real threads, each with its own connection, on a scratch database file."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from app import create_app, migrate
from app.db import session
from auth.accounts.errors import LoginRefused
from auth.accounts.service import check_password_login

SIGN_INS = 8
PASSWORD = "kopi tubruk di teras pagi"


@pytest.fixture
def scratch_app(app_config, scratch_database_url):
    app = create_app({**app_config, "DATABASE_URL": scratch_database_url})
    migrate.upgrade(app)
    yield app
    app.extensions["satupintu.engine"].dispose()


def _accounts(app, count: int) -> list[str]:
    from auth.accounts.records import build_account
    from auth.testing.accounts import nik_for

    niks = []
    with app.app_context():
        for number in range(count):
            nik = nik_for(date(1990, 1, 1 + number), "M", serial=100 + number)
            session.add(build_account(full_name=f"Warga {number}", password=PASSWORD, nik=nik,
                                      birth_date=date(1990, 1, 1 + number), sex="M"))
            niks.append(nik)
        session.commit()
        session.remove()
    return niks


def _sign_in_together(app, attempts: list[tuple[str, str]]) -> list[str]:
    start = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def sign_in(identifier: str, password: str, number: int) -> None:
        with app.app_context():
            try:
                start.wait()
                check_password_login(identifier, password, client_ip=f"10.0.0.{number}")
                outcomes.append("ok")
            except LoginRefused as refused:
                outcomes.append(refused.code)
            except Exception as error:  # e.g. "database is locked": reported by the main thread
                outcomes.append(repr(error))
            finally:
                session.remove()

    threads = [threading.Thread(target=sign_in, args=(*attempt, n)) for n, attempt in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_overlapping_sign_ins_all_get_an_answer(scratch_app):
    niks = _accounts(scratch_app, SIGN_INS)
    outcomes = _sign_in_together(scratch_app, [(nik, PASSWORD) for nik in niks])
    assert outcomes == ["ok"] * SIGN_INS


def test_overlapping_right_and_wrong_passwords_on_one_account(scratch_app):
    [nik] = _accounts(scratch_app, 1)
    attempts = [(nik, PASSWORD if n % 2 else "salah sandi sekali lagi") for n in range(SIGN_INS)]
    outcomes = _sign_in_together(scratch_app, attempts)
    assert sorted(outcomes) == sorted(["ok"] * (SIGN_INS // 2) + ["invalid_credentials"] * (SIGN_INS // 2))


def test_overlapping_password_changes_all_succeed(scratch_app):
    """Re-authentication hashes too (the current password, then the new one) before writing."""
    from auth.accounts import credentials
    from auth.accounts.models import Account
    from auth.accounts.service import find_account

    niks = _accounts(scratch_app, SIGN_INS)
    start = threading.Barrier(len(niks))
    outcomes: list[str] = []

    def change(nik: str, number: int) -> None:
        with scratch_app.app_context():
            try:
                account_id = find_account(nik).id
                session.remove()
                start.wait()
                account = session.get(Account, account_id)  # a read, as a request's authentication
                credentials.change_password(account, PASSWORD, f"teh manis hangat di sore hari {number}")
                outcomes.append("ok")
            except Exception as error:
                outcomes.append(repr(error))
            finally:
                session.remove()

    threads = [threading.Thread(target=change, args=(nik, n)) for n, nik in enumerate(niks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes == ["ok"] * SIGN_INS


def test_overlapping_sign_ins_through_the_login_page_never_answer_503(scratch_app):
    """The same, end to end: several browsers post the real sign-in form at once."""
    from types import SimpleNamespace

    from oidc.browser import Browser

    runner = scratch_app.test_cli_runner()
    with scratch_app.app_context():
        assert runner.invoke(args=["keys", "rotate"]).exit_code == 0
        made = runner.invoke(args=["clients", "create", "--name", "Aplikasi Uji", "--type", "public",
                                   "--redirect-uri", "https://app.contoh.id/callback", "--scope", "openid"])
        assert made.exit_code == 0, made.output
        session.remove()
    client_id = made.output.split("client_id: ")[1].split()[0]
    niks = _accounts(scratch_app, SIGN_INS)
    scratch_app.config["RATELIMIT_LOGIN"] = "1000/minute"
    browsers = [Browser(scratch_app.test_client(), SimpleNamespace(client_id=client_id)) for _ in niks]
    pages = []
    for browser in browsers:
        started = browser.authorize(scope="openid")
        assert started.status_code == 302, started.text[:300]
        pages.append(started.headers["Location"].removeprefix("http://localhost"))
    start = threading.Barrier(len(browsers))
    statuses: list[int] = []

    def sign_in(browser, page: str, nik: str) -> None:
        from oidc.browser import form_field

        form = browser.http.get(page)
        start.wait()
        response = browser.http.post("/oauth/login", data={
            "csrf_token": form_field(form.text, "csrf_token"), "ticket": form_field(form.text, "ticket"),
            "identifier": nik, "password": PASSWORD})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=sign_in, args=args)
               for args in zip(browsers, pages, niks, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * SIGN_INS
