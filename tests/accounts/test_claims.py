"""OpenID Connect claims by scope; the NIK only with the `nik` scope."""

from datetime import date

from auth.accounts.service import account_claims


def test_claims_follow_the_granted_scopes(make_citizen):
    account = make_citizen(full_name="Siti Rahmawati", nik="3171015708900001", birth_date=date(1990, 8, 17))
    assert account_claims(account, ["openid"]) == {"sub": str(account.id)}
    profile = account_claims(account, ["openid", "profile"])
    assert profile["name"] == "Siti Rahmawati" and profile["birthdate"] == "1990-08-17"
    assert profile["gender"] == "female" and profile["locale"] == "id" and profile["ial"] == "ial1"
    assert isinstance(profile["updated_at"], int)
    assert "email" not in profile and "phone_number" not in profile and "nik" not in profile
    email = account_claims(account, ["openid", "email"])
    assert email["email"] == account.email and email["email_verified"] is True
    phone = account_claims(account, ["openid", "phone"])
    assert phone["phone_number"] == account.phone and phone["phone_number_verified"] is True


def test_nik_claim_only_with_the_nik_scope(make_citizen):
    account = make_citizen(nik="3171015708900001", birth_date=date(1990, 8, 17))
    assert "nik" not in account_claims(account, ["openid", "profile", "email", "phone", "address"])
    assert account_claims(account, ["openid", "nik"])["nik"] == "3171015708900001"


def test_unverified_contacts_are_reported_as_such(make_citizen):
    account = make_citizen(verified=False)
    claims = account_claims(account, ["email", "phone"])
    assert claims["email_verified"] is False and claims["phone_number_verified"] is False


def test_staff_without_nik_have_no_nik_claim(officer):
    claims = account_claims(officer, ["openid", "profile", "nik"])
    assert "nik" not in claims and "birthdate" not in claims
