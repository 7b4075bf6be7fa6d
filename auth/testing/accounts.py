"""Account fixtures (citizen, staff) for the test kit.

    def test_something(client, citizen, account_headers):
        client.get("/api/v1/me", headers=account_headers(citizen, "profile"))  # a real JWT

Accounts carry their plain password as `account.test_password`; staff with MFA also
`test_totp_secret` and `test_recovery_codes`. `next_totp(account)` gives a code not yet used.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from datetime import date

import pyotp
import pytest
from sqlalchemy import select

CITIZEN_PASSWORD = "kopi tubruk di teras pagi"  # noqa: S105 - test data
STAFF_PASSWORD = "lampu meja kantor dinas biru"  # noqa: S105 - test data
_serials = itertools.count(1)


def nik_for(birth_date: date, sex: str = "M", *, region: str = "317101", serial: int | None = None) -> str:
    """A structurally valid NIK for `birth_date` (women's day + 40) in a shipped province."""
    day = birth_date.day + (40 if sex == "F" else 0)
    number = serial if serial is not None else next(_serials) % 10000 or 1
    return f"{region}{day:02d}{birth_date:%m%y}{number:04d}"


def _unique_phone() -> str:
    return f"+62812{secrets.randbelow(10 ** 7):07d}"


@pytest.fixture
def make_citizen(db_session):
    """`make_citizen(**fields)`: a citizen, phone and email verified unless told otherwise."""
    from app.db import utcnow
    from auth.accounts.records import build_account

    def make(*, full_name: str = "Rina Marlina", birth_date: date = date(1992, 5, 14), sex: str = "F",
             nik: str | None = None, phone: str | None = "auto", email: str | None = "auto",
             password: str = CITIZEN_PASSWORD, verified: bool = True, ial: str = "ial1",
             locale: str = "id"):
        n = secrets.token_hex(4)
        account = build_account(
            full_name=full_name, password=password, nik=nik or nik_for(birth_date, sex),
            birth_date=birth_date, sex=sex, locale=locale,
            phone=_unique_phone() if phone == "auto" else phone,
            email=f"warga-{n}@contoh.id" if email == "auto" else email)
        if verified:
            account.phone_verified_at = utcnow() if account.phone else None
            account.email_verified_at = utcnow() if account.email else None
        account.ial = ial
        db_session.add(account)
        db_session.commit()
        account.test_password = password
        return account

    return make


@pytest.fixture
def citizen(make_citizen):
    """A verified ial1 citizen whose password is `citizen.test_password`."""
    return make_citizen()


@pytest.fixture
def make_staff(db_session):
    """`make_staff(role, agency=..., mfa=True)`: a staff account with a known password and TOTP."""
    from auth.accounts import security
    from auth.accounts.records import build_account

    def make(role: str = "officer", *, agency: str | None = "dukcapil", mfa: bool = True,
             full_name: str = "Petugas Layanan", password: str = STAFF_PASSWORD):
        account = build_account(full_name=full_name, password=password, kind="staff",
                                email=f"staf-{secrets.token_hex(4)}@instansi.go.id", roles=(role,),
                                agency_code=None if role == "platform_admin" else agency)
        from app.db import utcnow

        account.email_verified_at = utcnow()
        db_session.add(account)
        db_session.commit()
        account.test_password = password
        if mfa:
            uri, account.test_recovery_codes = security.enrol_totp_now(account)
            account.test_totp_secret = pyotp.parse_uri(uri).secret
        return account

    return make


@pytest.fixture
def officer(make_staff):
    """An officer of agency `dukcapil`, MFA enabled."""
    return make_staff("officer", agency="dukcapil")


@pytest.fixture
def agency_admin(make_staff):
    return make_staff("agency_admin", agency="dukcapil", full_name="Admin Dukcapil")


@pytest.fixture
def platform_admin_account(make_staff):
    return make_staff("platform_admin", full_name="Operator Platform")


def next_totp(account) -> str:
    """A valid TOTP code for a time step the account has not used yet."""
    from app.db import session
    from auth.accounts.models import Account

    last_step = session().get(Account, account.id, populate_existing=True).mfa_last_step
    totp = pyotp.TOTP(account.test_totp_secret)
    now_step = totp.timecode(time.time())
    for step in (now_step, now_step + 1):  # not the previous step: it may lapse mid-request
        if last_step is None or step > last_step:
            return totp.generate_otp(step)
    raise AssertionError("every TOTP step in the window is used; wait for the next one")


@pytest.fixture
def account_headers(token_for):
    """`account_headers(account, *scopes)` -> Authorization headers with a real access token
    (see token_for): suspending the account stops it at once."""

    def headers(account, *scopes: str) -> dict:
        return {"Authorization": f"Bearer {token_for(*scopes, user=account)}"}

    return headers


@pytest.fixture
def delegated_headers(client, account_headers):
    """`delegated_headers(subject, representative, modules, *scopes)` -> Authorization headers of a
    delegated token: `representative` acting for `subject` (RFC 8693 `act`) in `modules`, with
    `scopes`. Made as citizens make it, through the API: the subject grants (30 days), the
    representative accepts and exchanges it for a token."""
    from datetime import timedelta

    from app.db import utcnow

    def act(subject, representative, modules, *scopes: str) -> dict:
        granted = client.post("/api/v1/me/delegations", headers=account_headers(subject, "delegation"), json={
            "representative": str(representative.id), "modules": list(modules),
            "valid_until": (utcnow() + timedelta(days=30)).isoformat()})
        assert granted.status_code == 201, granted.get_json()
        delegation = granted.get_json()["id"]
        own = account_headers(representative, "delegation", *scopes)
        accepted = client.post(f"/api/v1/me/delegations/{delegation}/accept", headers=own)
        assert accepted.status_code == 200, accepted.get_json()
        token = client.post(f"/api/v1/me/delegations/{delegation}/act", headers=own)
        assert token.status_code == 200, token.get_json()
        return {"Authorization": f"Bearer {token.get_json()['access_token']}"}

    return act


@pytest.fixture
def outbox(db_session):
    """`outbox.code_for(recipient)`: the latest one-time code the development sender 'sent'."""
    from auth.accounts.models import OutboxMessage

    class Outbox:
        def messages(self, recipient: str | None = None) -> list:
            query = select(OutboxMessage).order_by(OutboxMessage.created_at)
            if recipient is not None:
                query = query.where(OutboxMessage.recipient == recipient)
            return list(db_session.scalars(query))

        def code_for(self, recipient: str) -> str:
            sent = self.messages(recipient)
            assert sent, f"no message was sent to {recipient}"
            return re.search(r"\b(\d{8})\b", sent[-1].body).group(1)

    return Outbox()
