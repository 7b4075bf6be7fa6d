"""Public account endpoints: registration, contact verification, password reset."""

from __future__ import annotations

from app.access import public
from app.api import API_PREFIX, Blueprint
from app.limits import rate_limit
from auth.accounts import credentials, registration
from auth.accounts.schemas import (
    RegisteredSchema,
    RegistrationSchema,
    ResendSchema,
    ResetConfirmSchema,
    ResetRequestSchema,
    VerifyContactSchema,
)

blp = Blueprint("accounts", __name__, url_prefix=f"{API_PREFIX}/accounts",
                description="Citizen registration, phone/email verification and password reset.")


@blp.route("/register", methods=["POST"])
@public
@rate_limit("RATELIMIT_REGISTRATION")
@blp.arguments(RegistrationSchema)
@blp.response(201, RegisteredSchema)
def register(body):
    """Register a citizen (ial1); codes to verify the phone and/or email are sent."""
    account = registration.register_citizen(registration.CitizenApplication(**body))
    sent = [channel for channel in ("phone", "email") if getattr(account, channel)]
    return {"id": account.id, "phone": account.phone, "email": account.email, "codes_sent_to": sent}


@blp.route("/verify", methods=["POST"])
@public
@rate_limit("RATELIMIT_OTP")
@blp.arguments(VerifyContactSchema)
@blp.response(204)
def verify_contact(body):
    """Confirm a phone number or email address with the code sent to it."""
    registration.verify_contact(body["channel"], body["destination"], body["code"])


@blp.route("/verify/resend", methods=["POST"])
@public
@rate_limit("RATELIMIT_OTP")
@blp.arguments(ResendSchema)
@blp.response(202)
def resend_code(body):
    """Send a new verification code (the previous one stops working). Always 202."""
    registration.resend_verification(body["channel"], body["destination"])


@blp.route("/password-reset", methods=["POST"])
@public
@rate_limit("RATELIMIT_PASSWORD_RESET")
@blp.arguments(ResetRequestSchema)
@blp.response(202)
def request_password_reset(body):
    """Send a reset code to the account's verified phone or email. Always 202."""
    credentials.request_password_reset(body["identifier"])


@blp.route("/password-reset/confirm", methods=["POST"])
@public
@rate_limit("RATELIMIT_PASSWORD_RESET")
@blp.arguments(ResetConfirmSchema)
@blp.response(204)
def confirm_password_reset(body):
    """Choose a new password with the reset code (also lifts a lockout)."""
    credentials.confirm_password_reset(body["identifier"], body["code"], body["new_password"])
