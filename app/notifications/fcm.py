"""Push through Firebase Cloud Messaging, HTTP v1 API.

A service account's key signs a JWT (RS256) that the OAuth 2.0 token endpoint exchanges for an
access token (cached until shortly before it expires); each push is a POST to
`.../v1/projects/<project>/messages:send`. Endpoints are settings, so tests run the adapter
against a local server. Settings: NOTIFICATIONS_FCM_CREDENTIALS (the service-account JSON, or a
path to it), NOTIFICATIONS_FCM_PROJECT (default: its project_id), NOTIFICATIONS_FCM_TOKEN_URL
(default: its token_uri), NOTIFICATIONS_FCM_SEND_URL, NOTIFICATIONS_FCM_TIMEOUT.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from flask import Flask
from joserfc import jwt
from joserfc.jwk import RSAKey

from app.config import ConfigError
from app.notifications.channels import DeliveryFailed, Outgoing

log = logging.getLogger("satupintu.notifications.fcm")

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 - an endpoint, not a secret
SEND_URL = "https://fcm.googleapis.com/v1/projects/{project}/messages:send"
_CACHE = "satupintu.notifications.fcm"


class FcmClient:
    def __init__(self, credentials: dict, *, project: str, token_url: str, send_url: str, timeout: float):
        try:
            self.client_email = credentials["client_email"]
            self.key = RSAKey.import_key(credentials["private_key"])
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError("NOTIFICATIONS_FCM_CREDENTIALS is not a service-account key") from error
        self.key_id = credentials.get("private_key_id")
        self.token_url = token_url
        self.send_url = send_url.format(project=urllib.parse.quote(project, safe=""))
        self.timeout = timeout
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    # -- OAuth 2.0: JWT bearer assertion (RFC 7523) for an access token -------------------------

    def assertion(self) -> str:
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT"}
        if self.key_id:
            header["kid"] = self.key_id
        claims = {"iss": self.client_email, "scope": SCOPE, "aud": self.token_url, "iat": now,
                  "exp": now + 3600}
        return jwt.encode(header, claims, self.key, algorithms=["RS256"])

    def access_token(self) -> str:
        with self._lock:
            if self._token is None or time.time() >= self._token_expires:
                form = urllib.parse.urlencode({
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": self.assertion()}).encode()
                status, answer = self._post(self.token_url, form, {
                    "Content-Type": "application/x-www-form-urlencoded"})
                token = answer.get("access_token")
                if status != 200 or not isinstance(token, str):
                    raise DeliveryFailed(f"FCM token exchange answered {status}")
                lifetime = float(answer.get("expires_in", 3600))
                self._token, self._token_expires = token, time.time() + max(lifetime - 60, 0)
            return self._token

    def forget_token(self) -> None:
        with self._lock:
            self._token = None

    # -- sending ----------------------------------------------------------------------------------

    def send(self, message: Outgoing) -> bool:
        data = {**message.data, "link": message.link} if message.link else dict(message.data)
        body = json.dumps({"message": {
            "token": message.recipient,
            "notification": {"title": message.title, "body": message.body},
            "data": {key: str(value) for key, value in data.items()},
        }}).encode()
        for attempt in (1, 2):
            status, answer = self._post(self.send_url, body, {
                "Content-Type": "application/json", "Authorization": f"Bearer {self.access_token()}"})
            if status == 401 and attempt == 1:
                self.forget_token()  # revoked or expired early: exchange again, once
                continue
            break
        if 200 <= status < 300:
            return True
        if status == 404 or "UNREGISTERED" in _error_codes(answer):
            return False  # the app was uninstalled or the token expired: deactivate the device
        raise DeliveryFailed(f"FCM send answered {status} {sorted(_error_codes(answer))}")

    def _post(self, url: str, data: bytes, headers: dict) -> tuple[int, dict]:
        request = urllib.request.Request(url, data=data, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, _json(response.read(65536))
        except urllib.error.HTTPError as error:
            with error:
                return error.code, _json(error.read(65536))
        except (OSError, urllib.error.URLError) as error:
            log.warning("FCM endpoint unreachable: %s", type(error).__name__)
            raise DeliveryFailed("FCM unreachable") from error


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _error_codes(answer: dict) -> set[str]:
    error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
    codes = {str(error.get("status", ""))}
    for detail in error.get("details") or ():
        if isinstance(detail, dict) and "errorCode" in detail:
            codes.add(str(detail["errorCode"]))
    return codes - {""}


def load_credentials(value: str) -> dict:
    try:
        text = value if value.lstrip().startswith("{") else Path(value).read_text() if value else ""
        credentials = json.loads(text)
    except (OSError, ValueError):
        credentials = None
    if not isinstance(credentials, dict):
        raise ConfigError("NOTIFICATIONS_FCM_CREDENTIALS must be a service-account JSON key or its path")
    return credentials


def fcm_client(app: Flask) -> FcmClient:
    """The app's client (built once, so its access token is reused across deliveries)."""
    client = app.extensions.get(_CACHE)
    if client is None:
        config = app.config
        credentials = load_credentials(config["NOTIFICATIONS_FCM_CREDENTIALS"])
        project = config["NOTIFICATIONS_FCM_PROJECT"] or credentials.get("project_id", "")
        if not project:
            raise ConfigError("NOTIFICATIONS_FCM_PROJECT is not set and the key names no project_id")
        client = app.extensions[_CACHE] = FcmClient(
            credentials, project=project,
            token_url=(config["NOTIFICATIONS_FCM_TOKEN_URL"] or credentials.get("token_uri")
                       or GOOGLE_TOKEN_URL),
            send_url=config["NOTIFICATIONS_FCM_SEND_URL"], timeout=float(config["NOTIFICATIONS_FCM_TIMEOUT"]))
    return client
