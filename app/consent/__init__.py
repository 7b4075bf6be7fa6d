"""Consent and data sharing: modules read citizens' data only through the "consent" service
(app.contracts.consent), which checks consent or a declared lawful basis and logs every read
the citizen can then see under /api/v1/me/data-access; the citizen's export lives here too."""

from __future__ import annotations

import uuid

from flask import Flask

from app.modules.descriptor import Scope

DATA_SCOPE = Scope("data", {
    "id": "Lihat dan kelola berbagi data Anda",
    "en": "See and manage how your data is shared",
})

DEFAULTS = {
    "CONSENT_MAX_DAYS": 365,  # the longest a consent may last before the citizen is asked again
    "CONSENT_REQUEST_DAYS": 30,  # an unanswered request lapses after this
    "RATELIMIT_EXPORT": "5/minute;20/hour",
}


def install(app: Flask) -> None:
    from app.config import apply_defaults
    from app.consent import messages as _texts  # noqa: F401 - registers the texts
    from app.consent import models as _models  # noqa: F401 - registers the tables
    from app.consent.api import blp
    from app.consent.export import register_exporter
    from app.consent.sharing import ConsentService
    from app.contracts.consent import ConsentRefused

    apply_defaults(app.config, DEFAULTS)  # SATUPINTU_CONSENT_MAX_DAYS=90 arrives as a string
    app.extensions["satupintu.services"].provide("consent", ConsentService, owner="core")
    app.extensions["satupintu.scopes"].add(DATA_SCOPE, owner="core")
    app.extensions["satupintu.api"].register_blueprint(blp)
    app.register_error_handler(ConsentRefused, _refused)
    register_exporter(app, "data_sharing", _export)


def _refused(error):
    """A module that lets ConsentRefused through answers 403 (the refusal is already logged)."""
    from app.problems import Problem, problem_response

    return problem_response(Problem(403, "consent-refused",
                                    extra={"refused": list(error.items), "reason": error.reason}))


def _export(subject: uuid.UUID) -> dict:
    from app.consent import access_log, citizen
    from app.consent.present import access_views, consent_view, request_view

    return {
        # every one of them (the lists the API answers stop at the newest MAX_LISTED)
        "requests": [request_view(row) for row in citizen.list_requests(subject, everything=True)],
        "consents": [consent_view(row) for row in citizen.list_consents(subject, everything=True)],
        "data_access": access_views(access_log.everything(subject)),
    }
