"""Normalising what people type as a login identifier: a NIK, a phone number or an email."""

from __future__ import annotations

import re

import phonenumbers

INDONESIA = "ID"
INDONESIA_COUNTRY_CODE = 62
_NIK = re.compile(r"^[0-9]{16}\Z")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+\Z")


_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalise_phone(raw: str) -> str | None:
    """+62 E.164 form of an Indonesian mobile number ("0812-3456-7890" -> "+6281234567890"), or
    None: codes go by SMS, so a landline or toll-free number could never be verified."""
    try:
        number = phonenumbers.parse(raw, INDONESIA)
    except phonenumbers.NumberParseException:
        return None
    if (number.country_code != INDONESIA_COUNTRY_CODE or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in _MOBILE):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str | None:
    value = raw.strip().lower()
    return value if len(value) <= 254 and _EMAIL.match(value) else None


def is_nik_shaped(value: str) -> bool:
    return bool(_NIK.match(value))


def classify(identifier: str) -> tuple[str, str] | None:
    """("nik" | "email" | "phone", normalised value), or None when it is none of them."""
    value = identifier.strip()
    if is_nik_shaped(value):
        return "nik", value
    if "@" in value:
        email = normalise_email(value)
        return ("email", email) if email else None
    phone = normalise_phone(value)
    return ("phone", phone) if phone else None
