"""What each profile field may hold: request schemas (structure) and the checks that need the
database (regions, linked accounts). Values come out JSON-shaped, ready to store.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from itertools import pairwise

import marshmallow as ma

from app import i18n
from app.contracts.profile import FIELDS
from app.registry import services

# A citizen's edit may clear these; the identity basics stay (they were seeded from the account).
REQUIRED = frozenset({"full_name", "birth_date", "sex"})
RELATIONSHIPS = ("head", "spouse", "child", "parent", "sibling", "grandchild", "in_law", "other")
HOUSEHOLD_MAX = 30

_REGION = {  # Kemendagri code shapes per level
    "province_code": re.compile(r"^[0-9]{2}\Z"),
    "regency_code": re.compile(r"^[0-9]{2}\.[0-9]{2}\Z"),
    "district_code": re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\Z"),
    "village_code": re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}\Z"),
}
_LEVELS = tuple(_REGION)
_RT_RW = re.compile(r"^[0-9]{3}\Z")
_POSTAL = re.compile(r"^[1-9][0-9]{4}\Z")
_KK = re.compile(r"^[0-9]{16}\Z")


def _fail(key: str, **params) -> None:
    raise ma.ValidationError(i18n.t(key, **params))


def _text(max_length: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(min=1, max=max_length), **kwargs)


def _past_date(value: date) -> None:
    if value > date.today() or value.year < 1900:
        _fail("profile.error.date_range")


def _shape(pattern: re.Pattern, key: str):
    def check(value: str) -> None:
        if not pattern.match(value):
            _fail(key)

    return check


def family_card_problem(number: str) -> str | None:
    """The text key saying what is wrong with a KK number's structure, or None.

    16 digits = PP RR DD (region of issue, as in the NIK) ddmmyy (date of issue) SSSS (serial).
    The year has no century; 20yy accepts every calendar date 19yy could hold."""
    if not _KK.match(number):
        return "profile.error.kk_format"
    if "00" in (number[0:2], number[2:4], number[4:6]):
        return "profile.error.kk_region"
    try:
        date(2000 + int(number[10:12]), int(number[8:10]), int(number[6:8]))
    except ValueError:
        return "profile.error.kk_date"
    if number[12:16] == "0000":
        return "profile.error.kk_format"
    return None


def _family_card(value: str) -> None:
    key = family_card_problem(value)
    if key:
        _fail(key)


class AddressSchema(ma.Schema):
    province_code = ma.fields.String(required=True, validate=_shape(_REGION["province_code"],
                                                                    "profile.error.region_code"))
    regency_code = ma.fields.String(required=True, validate=_shape(_REGION["regency_code"],
                                                                   "profile.error.region_code"))
    district_code = ma.fields.String(required=True, validate=_shape(_REGION["district_code"],
                                                                    "profile.error.region_code"))
    village_code = ma.fields.String(required=True, validate=_shape(_REGION["village_code"],
                                                                   "profile.error.region_code"))
    street = _text(200, required=True)
    rt = ma.fields.String(required=True, validate=_shape(_RT_RW, "profile.error.rt_rw"))
    rw = ma.fields.String(required=True, validate=_shape(_RT_RW, "profile.error.rt_rw"))
    postal_code = ma.fields.String(required=True, validate=_shape(_POSTAL, "profile.error.postal_code"))

    @ma.validates_schema
    def _nested_codes(self, data, **_kwargs):
        """Each level's code starts with its parent's: a village lies in its district, and so on."""
        for parent, child in pairwise(_LEVELS):
            if parent in data and child in data and not data[child].startswith(data[parent] + "."):
                raise ma.ValidationError(i18n.t("profile.error.region_nesting"), child)


class HouseholdMemberSchema(ma.Schema):
    account_id = ma.fields.UUID(load_default=None, allow_none=True,
                                metadata={"description": "A linked SatuPintu citizen account."})
    name = _text(200, required=True)
    relationship = ma.fields.String(required=True, validate=ma.validate.OneOf(RELATIONSHIPS))
    birth_date = ma.fields.Date(load_default=None, allow_none=True, validate=_past_date)


class ProfileValuesSchema(ma.Schema):
    """A field-level change: only the fields given change; null clears an optional field."""

    full_name = _text(200)
    birth_place = _text(100, allow_none=True)
    birth_date = ma.fields.Date(validate=_past_date)
    sex = ma.fields.String(validate=ma.validate.OneOf(("M", "F")))
    address = ma.fields.Nested(AddressSchema, allow_none=True)
    family_card_number = ma.fields.String(allow_none=True, validate=_family_card)
    household = ma.fields.List(ma.fields.Nested(HouseholdMemberSchema), allow_none=True,
                               validate=ma.validate.Length(max=HOUSEHOLD_MAX))
    phone = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=32))
    email = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=254))

    @ma.validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ma.ValidationError(i18n.t("profile.error.nothing_to_change"), "_body")


assert set(ProfileValuesSchema._declared_fields) == set(FIELDS)


def to_stored(name: str, value):
    """JSON shape of a loaded value (dates as ISO strings, UUIDs as strings)."""
    if value is None:
        return None
    if name == "birth_date":
        return value.isoformat()
    if name == "household":
        return [{"account_id": str(m["account_id"]) if m["account_id"] else None, "name": m["name"],
                 "relationship": m["relationship"],
                 "birth_date": m["birth_date"].isoformat() if m["birth_date"] else None} for m in value]
    return value


def check_values(values: dict) -> tuple[dict, dict[str, list[str]]]:
    """Normalise contact points and check what needs the database.

    Returns (JSON-shaped values, {field: [messages]}); `values` come from ProfileValuesSchema."""
    from auth.accounts.identifiers import normalise_email, normalise_phone

    errors: dict[str, list[str]] = {}
    stored = {name: to_stored(name, value) for name, value in values.items()}
    for name in REQUIRED & values.keys():
        if values[name] is None:
            errors[name] = [i18n.t("profile.error.required")]
    if stored.get("phone"):
        stored["phone"] = normalise_phone(stored["phone"])
        if stored["phone"] is None:
            errors["phone"] = [i18n.t("profile.error.phone")]
    if stored.get("email"):
        stored["email"] = normalise_email(stored["email"])
        if stored["email"] is None:
            errors["email"] = [i18n.t("profile.error.email")]
    regions = services().get("regions")
    if stored.get("address") and _unknown_province(regions, stored["address"]["province_code"]):
        errors["address"] = [i18n.t("profile.error.region_unknown")]
    kk = stored.get("family_card_number")
    if kk and _unknown_province(regions, kk[:2]):
        errors["family_card_number"] = [i18n.t("profile.error.kk_region")]
    if stored.get("household") and not _linked_accounts_exist(stored["household"]):
        errors["household"] = [i18n.t("profile.error.household_account")]
    return stored, errors


def _unknown_province(regions, code: str) -> bool:
    found = regions.get(code)
    return found is None or found.level != "province"


def _linked_accounts_exist(members: list[dict]) -> bool:
    from sqlalchemy import func, select

    from app.db import session
    from auth.accounts.models import CITIZEN, Account

    ids = {uuid.UUID(m["account_id"]) for m in members if m["account_id"]}
    if not ids:
        return True
    found = session().scalar(select(func.count()).select_from(Account).where(
        Account.id.in_(ids), Account.kind == CITIZEN))
    return found == len(ids)
