"""Drive the provider like a browser and an app would: authorize, sign in, consent, redeem."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

REDIRECT = "https://app.contoh.id/callback"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def form_field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"no field {name!r} in page"
    return match.group(1).replace("&amp;", "&").replace("&#34;", '"').replace("&#39;", "'")


class Browser:
    """A test client playing both the citizen's browser and the relying party."""

    def __init__(self, client, oauth_client, *, redirect_uri: str = REDIRECT):
        self.http = client
        self.oauth_client = oauth_client
        self.redirect_uri = redirect_uri
        self.verifier, self.challenge = pkce_pair()
        self.state = secrets.token_urlsafe(8)
        self.nonce = secrets.token_urlsafe(8)

    def authorize_params(self, **overrides) -> dict:
        params = {
            "response_type": "code",
            "client_id": self.oauth_client.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": "openid profile",
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
        }
        params.update(overrides)
        return {key: value for key, value in params.items() if value is not None}

    def authorize(self, **overrides):
        return self.http.get("/oauth/authorize?" + urlencode(self.authorize_params(**overrides)))

    def login(self, login_page_url: str, identifier: str, password: str):
        page = self.http.get(login_page_url)
        assert page.status_code == 200, page.text
        return self.http.post(
            "/oauth/login",
            data={
                "csrf_token": form_field(page.text, "csrf_token"),
                "ticket": form_field(page.text, "ticket"),
                "identifier": identifier,
                "password": password,
            },
        )

    def submit_mfa(self, mfa_page_url: str, code: str):
        page = self.http.get(mfa_page_url)
        assert page.status_code == 200, page.text
        return self.http.post(
            "/oauth/mfa",
            data={
                "csrf_token": form_field(page.text, "csrf_token"),
                "ticket": form_field(page.text, "ticket"),
                "code": code,
            },
        )

    def consent(self, consent_page, *, approve: bool = True):
        html = consent_page.text
        data = {"csrf_token": form_field(html, "csrf_token"), "ticket": form_field(html, "ticket")}
        data["approve" if approve else "deny"] = "1"
        return self.http.post("/oauth/consent", data=data)

    def follow_to_client(self, response, *, account=None, max_steps: int = 6):
        """Follow redirects inside the provider (signing in and consenting as needed) until the
        browser is sent to the client; returns the query of that final redirect."""
        for _ in range(max_steps):
            if response.status_code == 302:
                location = response.headers["Location"]
                if location.startswith(self.redirect_uri.split("?")[0]) or not location.startswith(
                    ("/", "http://localhost/")
                ):
                    return query_of(location)
                path = location.removeprefix("http://localhost")
                if path.startswith("/oauth/login"):
                    assert account is not None, "sign-in needed but no account given"
                    response = self.login(path, account.email, account.test_password)
                else:
                    response = self.http.get(path)
            elif response.status_code == 200 and 'action="/oauth/consent"' in response.text:
                response = self.consent(response)
            else:
                raise AssertionError(f"unexpected {response.status_code}: {_summary(response.text)}")
        raise AssertionError("too many steps")

    def code(self, account, **overrides) -> str:
        result = self.follow_to_client(self.authorize(**overrides), account=account)
        assert result.get("state") == self.state, result
        assert "code" in result, result
        return result["code"]

    def redeem(
        self,
        code: str,
        *,
        verifier: str | None = None,
        redirect_uri: str | None = None,
        secret: str | None = None,
    ):
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri or self.redirect_uri,
            "code_verifier": verifier or self.verifier,
        }
        return self.token_request(data, secret=secret)

    def token_request(self, data: dict, *, secret: str | None = None):
        headers = {}
        if secret is not None:
            basic = base64.b64encode(f"{self.oauth_client.client_id}:{secret}".encode()).decode()
            headers["Authorization"] = f"Basic {basic}"
        else:
            data = {**data, "client_id": self.oauth_client.client_id}
        return self.http.post("/oauth/token", data=data, headers=headers)

    def tokens(self, account, **overrides) -> dict:
        response = self.redeem(self.code(account, **overrides))
        assert response.status_code == 200, response.text
        return response.get_json()


def _summary(html: str) -> str:
    """The error code line of a provider error page, or the start of any other page."""
    found = re.search(r'class="muted">([^<]*<code>.*?)</p>', html, re.S)
    return found.group(1) if found else html[:500]
