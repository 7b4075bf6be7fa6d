"""Issuing a one-time code and sending it to a phone or an email address, in the user's language."""

from __future__ import annotations

import logging

from app import i18n
from app.db import session
from app.problems import Problem
from auth.accounts import codes
from auth.accounts.models import Account
from auth.accounts.senders import EMAIL, SMS, DeliveryFailed, Message, sender_for

log = logging.getLogger(__name__)


def send_code(account: Account, purpose: str, destination: str) -> None:
    """Issue a code for `purpose` (replacing the previous one) and send it to `destination`; 503
    when it cannot be sent (nothing of the operation stays)."""
    try:
        _issue_and_send(account, purpose, destination)
    except DeliveryFailed:
        session().rollback()
        raise Problem(503, "delivery-failed", headers={"Retry-After": "30"}) from None


def send_code_unless_failing(account: Account, purpose: str, destination: str) -> None:
    """send_code for requests whose answer must not tell whether an account matched (password
    reset, verification resend): a code that cannot be sent is logged, not answered with the 503
    only a real account could get. The citizen asks again, as for a message that went astray."""
    try:
        _issue_and_send(account, purpose, destination)
    except DeliveryFailed:
        session().rollback()
        log.warning("a %s code could not be sent; the request was answered as usual", purpose)


def _issue_and_send(account: Account, purpose: str, destination: str) -> None:
    code = codes.issue(account, purpose, destination)
    channel = EMAIL if "@" in destination else SMS
    locale = account.locale if account.locale in i18n.LOCALES else i18n.DEFAULT_LOCALE
    action = i18n.t(f"accounts.otp.purpose.{purpose}", locale)
    sender_for(channel).send(Message(
        channel=channel, recipient=destination,
        subject=i18n.t("accounts.otp.subject", locale, action=action),
        body=i18n.t("accounts.otp.body", locale, code=code, action=action,
                    minutes=int(codes.LIFETIME.total_seconds() // 60)),
    ))
