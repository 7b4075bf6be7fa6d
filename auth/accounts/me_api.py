"""/api/v1/me: the signed-in person's profile and security settings.

Reading the profile needs the `profile` scope; every change needs the `account` scope (granted
to SatuPintu's own apps), and changes to phone, email or MFA re-authenticate first.
"""

from __future__ import annotations

from flask import current_app

from app.access import require_scope
from app.api import API_PREFIX, Blueprint
from app.limits import rate_limit
from auth.accounts import credentials, security
from auth.accounts.profile import current_account, my_profile, profile, security_overview, update_profile
from auth.accounts.schemas import (
    CodeSchema,
    EmailChangeSchema,
    IdentitySchema,
    MeSchema,
    PasswordChangeSchema,
    PhoneChangeSchema,
    ProfileUpdateSchema,
    ReauthSchema,
    RecoveryCodesSchema,
    SecuritySchema,
    TotpEnrolmentSchema,
)

ACCOUNT_SCOPE = "account"

blp = Blueprint("me", __name__, url_prefix=f"{API_PREFIX}/me",
                description="The signed-in person's own account.")


@blp.route("", methods=["GET"])
@require_scope("profile")
@blp.response(200, MeSchema)
def get_me():
    """Profile basics (the NIK only masked)."""
    return current_app.json.response(my_profile())  # already dumped: no schema work per call


@blp.route("", methods=["PATCH"])
@require_scope(ACCOUNT_SCOPE)
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, MeSchema)
def patch_me(body):
    """Change the language, or the name while the identity is unverified."""
    return update_profile(current_account(), **body)


@blp.route("/security", methods=["GET"])
@require_scope(ACCOUNT_SCOPE)
@blp.response(200, SecuritySchema)
def get_security():
    """MFA state, recovery codes left, password age, verification state."""
    return security_overview(current_account())


@blp.route("/password", methods=["PUT"])
@require_scope(ACCOUNT_SCOPE)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(body):
    """Change the password (the current one is required)."""
    credentials.change_password(current_account(), body["current_password"], body["new_password"])


@blp.route("/mfa/totp", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@blp.arguments(ReauthSchema)
@blp.response(201, TotpEnrolmentSchema)
def begin_totp(body):
    """Start authenticator-app enrolment: returns the secret and its otpauth:// URI."""
    account = current_account()
    credentials.reauthenticate(account, body["password"], body.get("otp"))
    secret, uri = security.begin_totp_enrolment(account)
    return {"secret": secret, "otpauth_uri": uri}


@blp.route("/mfa/totp/confirm", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.arguments(CodeSchema)
@blp.response(200, RecoveryCodesSchema)
def confirm_totp(body):
    """Turn MFA on with a code from the app; returns recovery codes (shown once)."""
    return {"recovery_codes": security.confirm_totp_enrolment(current_account(), body["code"])}


@blp.route("/mfa/disable", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@blp.arguments(ReauthSchema)
@blp.response(204)
def disable_mfa(body):
    """Turn MFA off (refused for staff, for whom it is mandatory)."""
    account = current_account()
    credentials.reauthenticate(account, body["password"], body.get("otp"))
    security.disable_mfa(account)


@blp.route("/mfa/recovery-codes", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@blp.arguments(ReauthSchema)
@blp.response(200, RecoveryCodesSchema)
def new_recovery_codes(body):
    """Replace all recovery codes."""
    account = current_account()
    credentials.reauthenticate(account, body["password"], body.get("otp"))
    return {"recovery_codes": security.regenerate_recovery_codes(account)}


@blp.route("/phone", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.arguments(PhoneChangeSchema)
@blp.response(202)
def change_phone(body):
    """Send a code to the new number; it replaces the old one once confirmed."""
    account = current_account()
    credentials.reauthenticate(account, body["password"], body.get("otp"))
    security.request_contact_change(account, "phone", body["phone"])


@blp.route("/phone/confirm", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.arguments(CodeSchema)
@blp.response(200, MeSchema)
def confirm_phone(body):
    """Confirm the new phone number with the code sent to it."""
    account = current_account()
    security.confirm_contact_change(account, "phone", body["code"])
    return profile(account)


@blp.route("/email", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.arguments(EmailChangeSchema)
@blp.response(202)
def change_email(body):
    """Send a code to the new address; it replaces the old one once confirmed."""
    account = current_account()
    credentials.reauthenticate(account, body["password"], body.get("otp"))
    security.request_contact_change(account, "email", body["email"])


@blp.route("/email/confirm", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.arguments(CodeSchema)
@blp.response(200, MeSchema)
def confirm_email(body):
    """Confirm the new email address with the code sent to it."""
    account = current_account()
    security.confirm_contact_change(account, "email", body["code"])
    return profile(account)


@blp.route("/identity/verify", methods=["POST"])
@require_scope(ACCOUNT_SCOPE)
@rate_limit("RATELIMIT_OTP")
@blp.response(200, IdentitySchema)
def verify_identity():
    """Confirm NIK, name and birth date with the population registry (raises to ial2)."""
    return {"ial": security.raise_to_ial2(current_account())}
