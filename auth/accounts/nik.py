"""NIK (Nomor Induk Kependudukan) structure: 16 digits = PP RR DD ddmmyy SSSS.

PP province, RR regency/city, DD district (Kemendagri codes), ddmmyy the birth date (women add
40 to the day), SSSS a serial from 0001. The province must exist in the `region` table. Only
provinces and a few regencies are shipped as reference data, so the regency and district are
checked structurally (01-99) rather than against a full list; a real registry adapter
(auth.accounts.registry) confirms the rest when the account is raised to ial2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.db import session
from app.reference.models import Region
from auth.accounts.identifiers import is_nik_shaped

FEMALE_DAY_OFFSET = 40


@dataclass(frozen=True)
class DecodedNik:
    province: str
    regency: str  # "PP.RR", the form region codes take
    district: str  # "PP.RR.DD"
    birth_date: date
    sex: str  # "M" | "F"


class InvalidNik(ValueError):
    """`key` names the text that explains what is wrong."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _birth_date(day: int, month: int, two_digit_year: int, today: date) -> date:
    """The NIK has no century: the latest real date, not in the future, that fits."""
    for year in (2000 + two_digit_year, 1900 + two_digit_year):
        try:
            born = date(year, month, day)
        except ValueError:
            continue
        if born <= today:
            return born
    raise InvalidNik("nik.birth_date")


def decode_nik(nik: str, *, today: date | None = None) -> DecodedNik:
    """The structure of `nik` (no database access), or InvalidNik."""
    if not is_nik_shaped(nik):
        raise InvalidNik("nik.format")
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    if province == "00" or regency == "00" or district == "00":
        raise InvalidNik("nik.region")
    if nik[12:16] == "0000":
        raise InvalidNik("nik.format")
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "M"
    if day > FEMALE_DAY_OFFSET:
        day, sex = day - FEMALE_DAY_OFFSET, "F"
    born = _birth_date(day, month, year, today or date.today())
    return DecodedNik(province=province, regency=f"{province}.{regency}",
                      district=f"{province}.{regency}.{district}", birth_date=born, sex=sex)


def validate_nik(nik: str, *, birth_date: date, today: date | None = None) -> DecodedNik:
    """Decode `nik`, check its province exists and that it carries `birth_date`."""
    decoded = decode_nik(nik, today=today)
    province = session().get(Region, decoded.province)
    if province is None or province.level != "province":
        raise InvalidNik("nik.region")
    # The NIK has no century: a date a hundred years before the one decoded fits it as well (a
    # citizen of 100 or more); the application's full date says which.
    decoded_date = decoded.birth_date
    if (birth_date.day, birth_date.month) != (decoded_date.day, decoded_date.month) or (
            birth_date.year not in (decoded_date.year, decoded_date.year - 100)):
        raise InvalidNik("nik.birth_date_mismatch")
    return replace(decoded, birth_date=birth_date)
