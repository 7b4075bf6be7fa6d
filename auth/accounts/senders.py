"""How one-time codes leave the platform: a Sender per channel (email, sms).

Real senders: SMTP for email, an HTTP SMS gateway (JSON POST). The development sender logs the
message (never its text in production) and writes it to `auth_outbox_message`; it is the
embedded default and what tests read codes from.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from flask import current_app

from app.db import session
from auth.accounts.models import OutboxMessage

log = logging.getLogger("satupintu.accounts.senders")

EMAIL, SMS = "email", "sms"


@dataclass(frozen=True)
class Message:
    channel: str  # email | sms
    recipient: str  # address or E.164 number
    subject: str  # email subject (ignored by SMS)
    body: str


class DeliveryFailed(RuntimeError):
    """The channel did not accept the message (the caller answers 503)."""


class Sender(Protocol):
    def send(self, message: Message) -> None: ...


class DevelopmentSender:
    """Writes the message to the outbox table (same transaction) and the log."""

    def __init__(self, *, log_body: bool):
        self.log_body = log_body

    def send(self, message: Message) -> None:
        session().add(OutboxMessage(channel=message.channel, recipient=message.recipient,
                                    subject=message.subject, body=message.body))
        if self.log_body:
            log.info("development %s to %s: %s", message.channel, message.recipient, message.body)
        else:
            log.info("development %s to %s written to the outbox", message.channel, message.recipient)


class SmtpSender:
    def __init__(self, *, host: str, port: int, security: str, username: str, password: str,
                 sender: str, timeout: float):
        if security not in ("starttls", "tls", "none"):
            raise ValueError("SMTP_SECURITY must be starttls, tls or none")
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.sender, self.timeout = username, password, sender, timeout

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.recipient, message.subject
        email.set_content(message.body)
        context = ssl.create_default_context()
        try:
            if self.security == "tls":
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.security == "starttls":
                    client.starttls(context=context)
                if self.username:
                    client.login(self.username, self.password)
                client.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("SMTP delivery to %s:%s failed: %s", self.host, self.port, type(error).__name__)
            raise DeliveryFailed("email delivery failed") from error


class HttpSmsSender:
    """POST {"to", "message"} as JSON with a bearer token; any 2xx means accepted."""

    def __init__(self, *, url: str, token: str, timeout: float):
        if not url.startswith(("https://", "http://")):
            raise ValueError("SMS_GATEWAY_URL must be an http(s) URL")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, message: Message) -> None:
        payload = json.dumps({"to": message.recipient, "message": message.body}).encode()
        request = urllib.request.Request(self.url, data=payload, method="POST", headers={  # noqa: S310
            "Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read(1024)
        except (OSError, urllib.error.URLError) as error:  # HTTPError (non-2xx) included
            log.warning("SMS gateway refused or unreachable: %s", type(error).__name__)
            raise DeliveryFailed("sms delivery failed") from error


def sender_for(channel: str) -> Sender:
    """The configured sender for `channel` (built from the current app's settings)."""
    config = current_app.config
    choice = config["OTP_EMAIL_SENDER"] if channel == EMAIL else config["OTP_SMS_SENDER"]
    if choice == "development":
        return DevelopmentSender(log_body=config["ENV"] != "production")
    if channel == EMAIL and choice == "smtp":
        return SmtpSender(host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]),
                          security=config["SMTP_SECURITY"], username=config["SMTP_USERNAME"],
                          password=config["SMTP_PASSWORD"], sender=config["SMTP_FROM"],
                          timeout=float(config["SMTP_TIMEOUT"]))
    if channel == SMS and choice == "http":
        return HttpSmsSender(url=config["SMS_GATEWAY_URL"], token=config["SMS_GATEWAY_TOKEN"],
                             timeout=float(config["SMS_GATEWAY_TIMEOUT"]))
    raise ValueError(f"unknown {channel} sender {choice!r}")
