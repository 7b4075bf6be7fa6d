"""OAuth errors outside authlib's own responses (bearer checks at UserInfo, logout):
RFC 6749 / RFC 6750 JSON with its WWW-Authenticate header, never a problem document."""

from __future__ import annotations

from flask import Flask, Response, json


class OAuthError(Exception):
    def __init__(self, error: str, description: str | None = None, *, status: int = 400,
                 bearer: bool = False):
        super().__init__(error)
        self.error = error
        self.description = description
        self.status = status
        self.bearer = bearer  # answer with a Bearer challenge (RFC 6750 section 3)


def oauth_error_response(error: OAuthError) -> Response:
    body = {"error": error.error}
    if error.description:
        body["error_description"] = error.description
    response = Response(json.dumps(body), status=error.status, mimetype="application/json")
    if error.bearer:
        challenge = f'Bearer realm="satupintu", error="{error.error}"'
        if error.description:
            challenge += f', error_description="{error.description}"'
        response.headers["WWW-Authenticate"] = challenge
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(OAuthError, oauth_error_response)
