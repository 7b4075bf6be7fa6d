"""NIK structure: digits, region codes, birth date (women +40), sex, match with the birth date."""

from datetime import date

import pytest

from auth.accounts.nik import InvalidNik, decode_nik, validate_nik

TODAY = date(2026, 11, 28)


def test_decodes_a_man():
    decoded = decode_nik("3273011203850002", today=TODAY)
    assert decoded.province == "32" and decoded.regency == "32.73" and decoded.district == "32.73.01"
    assert decoded.birth_date == date(1985, 3, 12) and decoded.sex == "M"


def test_womens_day_has_forty_added():
    decoded = decode_nik("3171015708900001", today=TODAY)
    assert decoded.birth_date == date(1990, 8, 17) and decoded.sex == "F"


def test_century_is_the_latest_not_in_the_future():
    assert decode_nik("8272016512000003", today=TODAY).birth_date == date(2000, 12, 25)
    assert decode_nik("3171010101250001", today=TODAY).birth_date == date(2025, 1, 1)
    assert decode_nik("3171010101300001", today=TODAY).birth_date == date(1930, 1, 1)
    # later this year than today: born a century ago
    assert decode_nik("3171011512260001", today=TODAY).birth_date == date(1926, 12, 15)


@pytest.mark.parametrize("nik, key", [
    ("317101570890000", "nik.format"),       # 15 digits
    ("31710157089000012", "nik.format"),     # 17 digits
    ("31710157089O0001", "nik.format"),      # a letter O
    ("3171015708900000", "nik.format"),      # serial 0000
    ("0071015708900001", "nik.region"),      # province 00
    ("3100015708900001", "nik.region"),      # regency 00
    ("3171005708900001", "nik.region"),      # district 00
    ("3171013208900001", "nik.birth_date"),  # day 32 (neither man nor woman)
    ("3171017208900001", "nik.birth_date"),  # day 72 = woman's 32
    ("3171011513900001", "nik.birth_date"),  # month 13
    ("3171013002900001", "nik.birth_date"),  # 30 February
])
def test_malformed_niks_are_refused(nik, key):
    with pytest.raises(InvalidNik) as refused:
        decode_nik(nik, today=TODAY)
    assert refused.value.key == key


def test_province_must_exist_in_the_region_table(db_session):
    # 99 is not a province (structurally fine otherwise)
    with pytest.raises(InvalidNik) as refused:
        validate_nik("9971015708900001", birth_date=date(1990, 8, 17), today=TODAY)
    assert refused.value.key == "nik.region"


def test_regency_not_in_the_shipped_list_is_accepted_structurally(db_session):
    # 31.99 is not among the shipped regencies; only provinces are checked against the table.
    decoded = validate_nik("3199015708900001", birth_date=date(1990, 8, 17), today=TODAY)
    assert decoded.regency == "31.99"


def test_birth_date_must_match(db_session):
    assert validate_nik("3171015708900001", birth_date=date(1990, 8, 17), today=TODAY).sex == "F"
    with pytest.raises(InvalidNik) as refused:
        validate_nik("3171015708900001", birth_date=date(1990, 8, 18), today=TODAY)
    assert refused.value.key == "nik.birth_date_mismatch"


def test_a_citizen_of_a_hundred_or_more_fits_the_nik_too(db_session):
    """The NIK has no century: 01-01-25 decodes to 2025 (not in the future), and a citizen born in
    1925 gives that date in full; 1825 or another day still do not fit."""
    decoded = validate_nik("3171010101250001", birth_date=date(1925, 1, 1), today=TODAY)
    assert decoded.birth_date == date(1925, 1, 1)
    assert validate_nik("3171010101250001", birth_date=date(2025, 1, 1), today=TODAY).birth_date.year == 2025
    for other in (date(1825, 1, 1), date(1925, 1, 2)):
        with pytest.raises(InvalidNik):
            validate_nik("3171010101250001", birth_date=other, today=TODAY)
