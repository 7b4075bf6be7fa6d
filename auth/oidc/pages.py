"""The sign-in pages: password, second factor (at sign-in or as step-up), consent, logout.

They work without JavaScript, carry a CSRF token in every form, and speak the locale the
client asked for (ui_locales) or the browser's."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, redirect, request, session, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app import i18n
from app.access import public
from app.limits import limiter
from app.problems import Problem
from auth.oidc import flow, sessions
from auth.oidc.config import cookies_secure
from auth.oidc.forms import ConsentForm, LoginForm, MfaForm
from auth.oidc.rendering import refused_page, render_error, render_page

bp = Blueprint("oidc_pages", __name__, template_folder="templates")
bp.register_error_handler(Problem, refused_page)

PENDING_MFA_TTL = 300  # seconds between a right password and the second factor

# Stricter than the rest of the API: password and second-factor posts, per client IP.
_sign_in_rate = limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])


@bp.errorhandler(429)
def _too_many_attempts(error):
    response = render_error("too_many_requests", None, status=429, too_many=True)
    retry_after = dict(error.get_headers()).get("Retry-After")
    if retry_after:
        response.headers["Retry-After"] = retry_after
    return response


def _ticket_or_error(value: str | None):
    try:
        ticket = flow.load_ticket(value)
    except flow.TicketError:
        return None, render_error("invalid_request", None, status=400, expired=True)
    flow.use_ticket_locale(ticket)
    return ticket, None


def _ticket_value(form) -> str | None:
    return form.ticket.data if request.method == "POST" else request.args.get("ticket")


def _form_error(form) -> str:
    if form.csrf_token.errors:
        return i18n.t("oidc.page.form.expired")
    return i18n.t("oidc.page.form.required")


def _pending_cookie() -> str:
    return "__Host-satupintu_mfa" if cookies_secure() else "satupintu_mfa"


def _pending_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="satupintu.oidc.pending-mfa")


def _pending_account():
    """The account whose password was right and whose second factor is awaited, if any."""
    from auth.accounts.service import get_active_account

    value = request.cookies.get(_pending_cookie())
    if not value:
        return None
    try:
        account_id = _pending_serializer().loads(value, max_age=PENDING_MFA_TTL)
    except (BadSignature, SignatureExpired):
        return None
    return get_active_account(uuid.UUID(account_id))


def _set_cookie(response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", secure=cookies_secure(), httponly=True,
                        samesite="Lax")


def _signed_in(response, cookie_value: str):
    """New session id: the SSO cookie is replaced and the CSRF secret renewed."""
    session.pop("csrf_token", None)
    _set_cookie(response, sessions.cookie_name(), cookie_value,
                current_app.config["OIDC_SESSION_ABSOLUTE"])
    response.delete_cookie(_pending_cookie(), path="/", secure=cookies_secure(), httponly=True,
                           samesite="Lax")
    return response


def _login_page(form, ticket, *, error: str | None = None, status: int = 200):
    client = _client_of(ticket)
    return render_page("oidc/login.html", status=status, form=form, error=error, client=client,
                       redirect_uri=ticket.params.get("redirect_uri"))


def _client_of(ticket):
    from auth.oidc.clients import query_client

    return query_client(ticket.params.get("client_id"))


@bp.route("/oauth/login", methods=["GET", "POST"])
@public
@_sign_in_rate
def login():
    from auth.accounts.errors import LoginRefused
    from auth.accounts.service import check_password_login

    form = LoginForm()
    ticket, failure = _ticket_or_error(_ticket_value(form))
    if failure is not None:
        return failure
    if request.method == "GET":
        form.ticket.data = ticket.value
        form.identifier.data = ticket.params.get("login_hint", "")[:254]
        return _login_page(form, ticket)
    if not form.validate():
        return _login_page(form, ticket, error=_form_error(form), status=400)
    try:
        account = check_password_login(form.identifier.data, form.password.data,
                                       client_ip=request.remote_addr or "")
    except LoginRefused as refused:
        form.password.data = ""
        return _login_page(form, ticket, error=i18n.t(refused.message_key, **refused.message_params),
                           status=401 if refused.code == "invalid_credentials" else 403)
    if account.mfa_enabled:
        response = redirect(url_for("oidc_pages.mfa", ticket=ticket.value))
        pending = _pending_serializer().dumps(str(account.id))
        _set_cookie(response, _pending_cookie(), pending, PENDING_MFA_TTL)
        return response
    _row, cookie_value = sessions.start(account, acr="aal1", amr=["pwd"])
    return _signed_in(redirect(flow.resume_url(ticket.value)), cookie_value)


@bp.route("/oauth/mfa", methods=["GET", "POST"])
@public
@_sign_in_rate
def mfa():
    """The second factor: right after the password, or later to step up to aal2."""
    from auth.accounts.service import get_active_account, verify_second_factor

    form = MfaForm()
    ticket, failure = _ticket_or_error(_ticket_value(form))
    if failure is not None:
        return failure
    pending = _pending_account()
    current = sessions.current_session()
    account = pending or (get_active_account(current.account_id) if current else None)
    if account is None or not account.mfa_enabled:
        return redirect(url_for("oidc_pages.login", ticket=ticket.value))
    if request.method == "GET":
        form.ticket.data = ticket.value
        return render_page("oidc/mfa.html", form=form, error=None,
                           redirect_uri=ticket.params.get("redirect_uri"))
    if not form.validate():
        return render_page("oidc/mfa.html", status=400, form=form, error=_form_error(form),
                           redirect_uri=ticket.params.get("redirect_uri"))
    if not verify_second_factor(account, form.code.data.strip()):
        form.code.data = ""
        return render_page("oidc/mfa.html", status=401, form=form, error=i18n.t("oidc.page.mfa.invalid"),
                           redirect_uri=ticket.params.get("redirect_uri"))
    if pending is not None:
        _row, cookie_value = sessions.start(account, acr="aal2", amr=["mfa", "otp", "pwd"])
    else:
        cookie_value = sessions.step_up(current, amr="otp")
    return _signed_in(redirect(flow.resume_url(ticket.value)), cookie_value)


@bp.route("/oauth/consent", methods=["POST"])
@public
def consent():
    form = ConsentForm()
    ticket, failure = _ticket_or_error(form.ticket.data)
    if failure is not None:
        return failure
    if not form.validate():
        return render_error("invalid_request", "The form has expired.", status=400, expired=True)
    return flow.decide_consent(ticket.value, approved=bool(form.approve.data))

