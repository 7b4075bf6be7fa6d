"""NIST password rules and argon2id parameters."""

import pytest
from argon2 import extract_parameters
from argon2.low_level import Type

from auth.accounts.passwords import (
    common_passwords,
    hash_password,
    password_problems,
    verify_password,
)


def test_hash_is_argon2id_with_at_least_19_mib_and_two_passes():
    params = extract_parameters(hash_password("bukan kata sandi biasa"))
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_verify_accepts_the_password_and_refuses_others():
    stored = hash_password("bukan kata sandi biasa")
    assert verify_password(stored, "bukan kata sandi biasa")
    assert not verify_password(stored, "bukan kata sandi biasA")
    assert not verify_password("not-a-hash", "bukan kata sandi biasa")


def test_minimum_eight_characters():
    assert password_problems("Zq7!x#2") == ["password.too_short"]
    assert password_problems("Zq7!x#2w") == []


def test_long_passwords_are_allowed_and_never_truncated():
    long = "sebuah kalimat panjang yang hanya aku tahu " * 3  # > 64 characters
    assert len(long) > 64 and password_problems(long) == []
    stored = hash_password(long)
    assert verify_password(stored, long)
    assert not verify_password(stored, long[:-1])  # the last character counts
    assert not verify_password(stored, long[:72])  # no bcrypt-style 72-byte cut


def test_any_unicode_is_allowed_and_normalised():
    assert password_problems("kataSandi🔑rahasiaku") == []
    assert password_problems("пароль-тайный-мой") == []
    stored = hash_password("ｃａｆｅ sejuk di bogor")  # full-width letters
    assert verify_password(stored, "cafe sejuk di bogor")  # NFKC makes them one password


def test_no_composition_rules():
    assert password_problems("semuanyahurufkecil") == []  # no digits, no capitals, no symbols


@pytest.mark.parametrize("password", ["password", "12345678", "qwertyuiop", "Password", "iloveyou"])
def test_common_passwords_from_the_shipped_list_are_refused(password):
    assert "password.common" in password_problems(password)


@pytest.mark.parametrize("password", ["bismillah123", "Indonesia45", "merdeka1945", "sayangku"])
def test_indonesian_common_passwords_are_refused(password):
    assert "password.common" in password_problems(password)


def test_the_list_is_substantial():
    assert len(common_passwords()) > 20_000


def test_passwords_built_from_the_users_identifiers_are_refused():
    identifiers = ("3171015708900001", "+6281234567890", "siti.rahma@contoh.id")
    assert "password.personal" in password_problems("nik3171015708900001", identifiers=identifiers)
    assert "password.personal" in password_problems("hp081234567890!", identifiers=identifiers)
    assert "password.personal" in password_problems("xx81234567890xx", identifiers=identifiers)
    assert "password.personal" in password_problems("Siti.Rahma@contoh.id", identifiers=identifiers)
    assert "password.personal" in password_problems("siti.rahma-2024", identifiers=identifiers)
    assert password_problems("kebun teh puncak", identifiers=identifiers) == []
