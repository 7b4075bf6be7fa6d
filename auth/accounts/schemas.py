"""Request and response bodies of the account API (unknown fields are refused)."""

from __future__ import annotations

import marshmallow as ma

from app.i18n import LOCALES
from app.pagination import page_schema
from auth.accounts.models import AGENCY_ADMIN, OFFICER, PLATFORM_ADMIN

CHANNELS = ("phone", "email")
# Passwords are checked by the NIST policy (auth.accounts.passwords); this bound only stops
# absurd bodies before hashing.


def Password(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(max=4096), **kwargs)


def Code(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(min=6, max=16), **kwargs)


class RegistrationSchema(ma.Schema):
    nik = ma.fields.String(required=True, validate=ma.validate.Length(max=32))
    full_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    birth_date = ma.fields.Date(required=True)
    phone = ma.fields.String(validate=ma.validate.Length(max=32))
    email = ma.fields.String(validate=ma.validate.Length(max=254))
    password = Password(required=True)
    locale = ma.fields.String(load_default="id", validate=ma.validate.OneOf(LOCALES))


class RegisteredSchema(ma.Schema):
    id = ma.fields.UUID()
    phone = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    codes_sent_to = ma.fields.List(ma.fields.String(), metadata={"description": "phone and/or email"})


class VerifyContactSchema(ma.Schema):
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS))
    destination = ma.fields.String(required=True, validate=ma.validate.Length(max=254))
    code = Code(required=True)


class ResendSchema(ma.Schema):
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS))
    destination = ma.fields.String(required=True, validate=ma.validate.Length(max=254))


class ResetRequestSchema(ma.Schema):
    identifier = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254),
                                  metadata={"description": "NIK, verified phone or verified email"})


class ResetConfirmSchema(ResetRequestSchema):
    code = Code(required=True)
    new_password = Password(required=True)


class MeSchema(ma.Schema):
    id = ma.fields.UUID()
    kind = ma.fields.String()
    full_name = ma.fields.String()
    birth_date = ma.fields.Date(allow_none=True)
    sex = ma.fields.String(allow_none=True)
    nik_masked = ma.fields.String(allow_none=True, metadata={"description": "last four digits only"})
    phone = ma.fields.String(allow_none=True)
    phone_verified = ma.fields.Boolean()
    email = ma.fields.String(allow_none=True)
    email_verified = ma.fields.Boolean()
    ial = ma.fields.String()
    locale = ma.fields.String()
    roles = ma.fields.List(ma.fields.String())
    agency = ma.fields.String(allow_none=True)


class ProfileUpdateSchema(ma.Schema):
    full_name = ma.fields.String(validate=ma.validate.Length(min=1, max=200),
                                 metadata={"description": "only while the identity is unverified (ial1)"})
    locale = ma.fields.String(validate=ma.validate.OneOf(LOCALES))


class SecuritySchema(ma.Schema):
    mfa_enabled = ma.fields.Boolean()
    mfa_required = ma.fields.Boolean()
    recovery_codes_remaining = ma.fields.Integer()
    password_changed_at = ma.fields.AwareDateTime()
    last_login_at = ma.fields.AwareDateTime(allow_none=True)
    ial = ma.fields.String()
    identity_verified_at = ma.fields.AwareDateTime(allow_none=True)
    phone_verified = ma.fields.Boolean()
    email_verified = ma.fields.Boolean()


class PasswordChangeSchema(ma.Schema):
    current_password = Password(required=True)
    new_password = Password(required=True)


class ReauthSchema(ma.Schema):
    """Re-authentication: the password, plus a TOTP or recovery code when MFA is on."""

    password = Password(required=True)
    otp = ma.fields.String(validate=ma.validate.Length(max=16))


class PhoneChangeSchema(ReauthSchema):
    phone = ma.fields.String(required=True, validate=ma.validate.Length(max=32))


class EmailChangeSchema(ReauthSchema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(max=254))


class CodeSchema(ma.Schema):
    code = Code(required=True)


class TotpEnrolmentSchema(ma.Schema):
    secret = ma.fields.String()
    otpauth_uri = ma.fields.String()


class RecoveryCodesSchema(ma.Schema):
    recovery_codes = ma.fields.List(ma.fields.String())


class IdentitySchema(ma.Schema):
    ial = ma.fields.String()


class StaffCreateSchema(ma.Schema):
    full_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    email = ma.fields.String(required=True, validate=ma.validate.Length(max=254))
    role = ma.fields.String(required=True,
                            validate=ma.validate.OneOf((PLATFORM_ADMIN, AGENCY_ADMIN, OFFICER)))
    agency = ma.fields.String(validate=ma.validate.Length(max=40))


class StaffSchema(ma.Schema):
    id = ma.fields.UUID()
    full_name = ma.fields.String()
    email = ma.fields.String()
    roles = ma.fields.List(ma.fields.String())
    agency = ma.fields.String(allow_none=True, attribute="agency_code")
    status = ma.fields.String()
    mfa_enabled = ma.fields.Boolean()


StaffPage = page_schema(StaffSchema, "StaffPage")


class AccountStatusSchema(ma.Schema):
    id = ma.fields.UUID()
    status = ma.fields.String()
    locked_out = ma.fields.Boolean()
