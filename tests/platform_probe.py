"""A service module that exists only in tests: endpoints that push the platform's error handling
(JSON bodies, crashes) where the real API has no such route yet, installed through the loader
like any agency module.
"""

from __future__ import annotations

import marshmallow as ma

from app import create_app
from app.sdk import API_PREFIX, Blueprint, ServiceModule, public

SECRET = "probe-secret-do-not-leak"  # in the crash's exception text; must never reach a client

blp = Blueprint("probe", __name__, url_prefix=f"{API_PREFIX}/probe", description="Test probe.")


class PersonSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=20))
    age = ma.fields.Integer(validate=ma.validate.Range(min=0))


@blp.route("/people", methods=["POST"])
@public
@blp.arguments(PersonSchema)
@blp.response(200, PersonSchema)
def create_person(person):
    """Echo a valid person back."""
    return person


@blp.route("/crash")
@public
@blp.response(200)
def crash():
    """Fail the way a bug would."""
    raise RuntimeError(f"unexpected state {SECRET}")


PROBE = ServiceModule(
    slug="probe",
    title={"id": "Uji", "en": "Probe"},
    agency="kemendagri",
    version="1.0.0",
    blueprints=lambda: (blp,),
    package=__name__,
)


def probe_app(app_config: dict, **config):
    """An app with the probe module (and no other) installed, on the test database."""
    return create_app({**app_config, **config}, services=[PROBE])


def assert_problem(response, status: int) -> dict:
    """The response is a problem document with `status` and the request id in body and header."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail", "request_id"} <= body.keys()
    assert body["status"] == status
    assert body["type"].startswith("urn:satupintu:problem:")
    assert body["title"] and body["detail"]
    assert body["request_id"] and response.headers["X-Request-ID"] == body["request_id"]
    return body
