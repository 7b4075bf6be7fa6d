"""The authorization endpoint's decisions: validate the request (authlib), then sign-in,
step-up, consent or a code, honouring prompt, max_age and acr_values.

A request waiting for the citizen travels as a signed, timestamped *ticket* (the original
parameters, never secrets), so the login, MFA and consent pages can resume it; a sign-in
after the ticket was issued satisfies `prompt=login` and `max_age`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from authlib.oauth2.base import OAuth2Error
from flask import current_app, redirect, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

from app import i18n
from auth.oidc import sessions
from auth.oidc.grants import Authorized
from auth.oidc.rendering import render_error, render_page
from auth.oidc.server import authorization_server

AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                    "code_challenge", "code_challenge_method", "prompt", "max_age", "acr_values",
                    "login_hint", "ui_locales", "response_mode", "display", "claims_locales")
PROMPTS = frozenset({"none", "login", "consent", "select_account"})
AAL2 = "aal2"
NIK_SHAPED = re.compile(r"^\s*[0-9]{16}\s*\Z")


class TicketError(Exception):
    pass


@dataclass(frozen=True)
class Ticket:
    params: dict
    issued_at: float
    value: str

    @property
    def prompts(self) -> set[str]:
        return set(self.params.get("prompt", "").split())

    @property
    def max_age(self) -> int | None:
        value = self.params.get("max_age")
        return int(value) if value not in (None, "") else None

    @property
    def needs_aal2(self) -> bool:
        requested = set(self.params.get("acr_values", "").split()) & {"aal1", AAL2}
        return requested == {AAL2}

    @property
    def locale(self) -> str | None:
        for tag in self.params.get("ui_locales", "").split():
            base = tag.split("-")[0].lower()
            if base in i18n.LOCALES:
                return base
        return None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="satupintu.oidc.ticket")


def issue_ticket(params: dict) -> Ticket:
    issued_at = time.time()
    return Ticket(params, issued_at, _serializer().dumps({"p": params, "t": issued_at}))


def load_ticket(value: str | None) -> Ticket:
    if not value or len(value) > 8000:
        raise TicketError("missing")
    try:
        data = _serializer().loads(value, max_age=current_app.config["OIDC_TICKET_TTL"])
    except (BadSignature, SignatureExpired) as error:
        raise TicketError("invalid") from error
    return Ticket(data["p"], data["t"], value)


def use_ticket_locale(ticket: Ticket) -> None:
    from flask import g

    if ticket.locale:
        g.locale = ticket.locale


def _redirect_error(grant, ticket: Ticket, error: str, description: str):
    failure = OAuth2Error(description=description, redirect_uri=grant.redirect_uri,
                          state=ticket.params.get("state"), error=error)
    return authorization_server().handle_error_response(grant.request, failure)


def _oauth_failure(error: OAuth2Error):
    """Errors before the redirect URI is trusted are shown here, never sent anywhere."""
    if error.redirect_uri:
        return authorization_server().handle_error_response(None, error)
    return render_error(error.error, error.description, status=400)


def _validate(params: dict):
    return authorization_server().get_consent_grant(request=params, end_user=None)


def _extra_checks(grant, ticket: Ticket):
    params = ticket.params
    prompts = ticket.prompts
    if not prompts <= PROMPTS or ("none" in prompts and len(prompts) > 1):
        return _redirect_error(grant, ticket, "invalid_request", "Invalid 'prompt' parameter.")
    max_age = params.get("max_age")
    if max_age not in (None, "") and (not (max_age.isascii() and max_age.isdigit()) or len(max_age) > 9):
        return _redirect_error(grant, ticket, "invalid_request", "Invalid 'max_age' parameter.")
    if params.get("response_mode", "query") != "query":
        return _redirect_error(grant, ticket, "invalid_request", "Only response_mode=query is supported.")
    return None


def start(values: MultiDict):
    """GET or POST /oauth/authorize: validate the request and decide what it needs."""
    for name in AUTHORIZE_PARAMS:
        if len(values.getlist(name)) > 1:
            return render_error("invalid_request", f"Parameter '{name}' repeated.", status=400)
    if values.get("request") or values.get("request_uri"):
        return render_error("request_not_supported", "Request objects are not supported.", status=400)
    params = {name: values[name] for name in AUTHORIZE_PARAMS if values.get(name)}
    if NIK_SHAPED.match(params.get("login_hint", "")):
        del params["login_hint"]  # a NIK never travels on in a URL, even if an app sent one
    return proceed(issue_ticket(params))


def resume(value: str | None):
    try:
        ticket = load_ticket(value)
    except TicketError:
        return render_error("invalid_request", None, status=400, expired=True)
    return proceed(ticket)


def _login_is_stale(ticket: Ticket, session) -> bool:
    signed_in_after_request = session.auth_time.timestamp() >= ticket.issued_at
    if signed_in_after_request:
        return False
    if "login" in ticket.prompts:
        return True
    max_age = ticket.max_age
    return max_age is not None and time.time() - session.auth_time.timestamp() > max_age


def proceed(ticket: Ticket, *, consented_now: bool = False):
    """Sign-in, step-up and consent as the request needs them, then the code. The consent form
    comes back here too (consented_now), so nothing it posts can skip a sign-in requirement."""
    use_ticket_locale(ticket)
    try:
        grant = _validate(ticket.params)
    except OAuth2Error as error:
        return _oauth_failure(error)
    failure = _extra_checks(grant, ticket)
    if failure is not None:
        return failure
    interactive = "none" not in ticket.prompts

    session = sessions.current_session()
    if session is None or _login_is_stale(ticket, session):
        if not interactive:
            return _redirect_error(grant, ticket, "login_required", "The citizen must sign in.")
        return redirect(url_for("oidc_pages.login", ticket=ticket.value))

    account = _account(session)
    if ticket.needs_aal2 and session.acr != AAL2:
        if not account.mfa_enabled:
            return _redirect_error(grant, ticket, "unmet_authentication_requirements",
                                   "The account has no second factor enrolled.")
        if not interactive:
            return _redirect_error(grant, ticket, "interaction_required", "A second factor is needed.")
        return redirect(url_for("oidc_pages.mfa", ticket=ticket.value))

    scopes = set(grant.request.scope.split())
    consented = sessions.granted_scopes(account.id, grant.client.client_id)
    if not consented_now and ("consent" in ticket.prompts or not scopes <= consented):
        if not interactive:
            return _redirect_error(grant, ticket, "consent_required", "The citizen must consent.")
        return consent_page(ticket, grant, account)
    return issue_code(grant, account, session)


def _account(session):
    from auth.accounts.service import get_active_account

    return get_active_account(session.account_id)


def scope_descriptions(scopes: list[str]) -> list[dict]:
    registry = current_app.extensions["satupintu.scopes"]
    module_scopes = {scope.name: scope for scope in registry.all()}
    described = []
    for name in scopes:
        if name in module_scopes:
            text = i18n.pick(module_scopes[name].description)
        else:
            text = i18n.t(f"oidc.scope.{name}")
        described.append({"name": name, "text": text})
    return described


def consent_page(ticket: Ticket, grant, account):
    from auth.oidc.forms import ConsentForm

    form = ConsentForm(ticket=ticket.value)
    return render_page("oidc/consent.html", form=form, client=grant.client, account=account,
                       scopes=scope_descriptions(grant.request.scope.split()),
                       redirect_uri=grant.redirect_uri)


def decide_consent(ticket_value: str, approved: bool):
    """POST of the consent form: remember the consent and issue the code, or deny."""
    try:
        ticket = load_ticket(ticket_value)
    except TicketError:
        return render_error("invalid_request", None, status=400, expired=True)
    use_ticket_locale(ticket)
    try:
        grant = _validate(ticket.params)
    except OAuth2Error as error:
        return _oauth_failure(error)
    if not approved:
        return _redirect_error(grant, ticket, "access_denied", "The citizen denied the request.")
    session = sessions.current_session()
    if session is None:
        return redirect(url_for("oidc_pages.login", ticket=ticket.value))
    sessions.record_consent(session.account_id, grant.client.client_id, set(grant.request.scope.split()))
    return proceed(ticket, consented_now=True)


def issue_code(grant, account, session):
    sessions.touch(session)
    return authorization_server().create_authorization_response(
        request=grant.request, grant_user=Authorized(account, session), grant=grant)


def resume_url(ticket_value: str) -> str:
    return url_for("oidc.resume_authorization") + "?" + urlencode({"ticket": ticket_value})
