"""The simulated gateway's hosted pay page: /payments/sim/pay/<token>.

Like a real gateway's page it needs no SatuPintu sign-in: the unguessable token in the link (stored
hashed) is the capability. "Pay" or "Fail" (a CSRF-protected form) moves the simulator's charge and
sends the signed callback to the platform, as a gateway would (app.payments.gateways.simulated).
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, request
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SubmitField

from app import i18n
from app.access import public
from app.db import session, utcnow
from app.limits import limiter
from app.payments.gateways import simulated
from app.payments.models import SimCharge
from app.problems import Problem

log = logging.getLogger("satupintu.payments")

bp = Blueprint("payments_sim", __name__, template_folder="templates")


class SimPayForm(FlaskForm):
    pay = SubmitField()
    fail = SubmitField()


def _render(template: str, status: int = 200, **context):
    from auth.oidc.rendering import render_page  # the sign-in pages' CSP, nonce and headers

    return render_page(template, status=status, **context)


def _page(charge: SimCharge, token: str, form, *, error: str | None = None, status: int = 200):
    amount = "Rp" + f"{charge.amount:,}".replace(",", ".")
    return _render("payments/pay.html", status=status, charge=charge, token=token, form=form, error=error,
                   amount=amount, method_label=i18n.t(f"payment.method.{charge.method}"))


def _send(charge: SimCharge) -> None:
    body, headers = simulated.signed_callback(charge.order_id, charge.status, charge.amount,
                                              currency=charge.currency)
    try:
        answered = simulated.deliver(body, headers)
    except Problem as problem:
        answered = problem.status
    except Exception as error:
        log.warning("payments: simulated callback for %s not delivered: %s", charge.order_id, error)
        return
    if answered >= 300:
        log.warning("payments: simulated callback for %s answered %s", charge.order_id, answered)


@bp.route("/payments/sim/pay/<string:token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["RATELIMIT_PAYMENTS_SIM"], methods=["POST"])
def pay_page(token: str):
    form = SimPayForm()
    db = session()
    query = select(SimCharge).where(SimCharge.token_hash == simulated.token_hash(token))
    if request.method == "POST":
        query = query.with_for_update()  # one press of "pay" at a time
    charge = db.scalar(query) if len(token) <= 100 else None
    if charge is None:
        return _render("payments/missing.html", status=404)
    if charge.status == "pending" and charge.expires_at <= utcnow():
        charge.status = "expire"
        db.commit()
        _send(charge)
    if request.method == "GET" or charge.status != "pending":
        return _page(charge, token, form)
    if not form.validate():
        return _page(charge, token, form, error=i18n.t("payment.sim.form_expired"), status=400)
    charge.status = "settlement" if form.pay.data else "failure"
    db.commit()
    _send(charge)
    return _page(charge, token, form)
