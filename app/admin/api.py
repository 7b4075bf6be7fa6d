from __future__ import annotations

import marshmallow as ma
from flask import current_app

from app.access import current_principal, platform_admin
from app.api import API_PREFIX, Blueprint
from app.modules import switch
from app.problems import Problem

blp = Blueprint("admin", __name__, url_prefix=f"{API_PREFIX}/admin",
                description="Platform administration.")


class ModuleStatusSchema(ma.Schema):
    slug = ma.fields.String()
    title = ma.fields.String()
    agency = ma.fields.String()
    version = ma.fields.String()
    enabled = ma.fields.Boolean()


@blp.route("/services")
@platform_admin
@blp.response(200, ModuleStatusSchema(many=True))
def list_modules():
    """Installed service modules and whether each is switched on."""
    return switch.statuses()


def _set(slug: str, enabled: bool):
    if slug not in current_app.extensions["satupintu.modules"]:
        raise Problem(404)
    switch.set_enabled(slug, enabled, actor=current_principal().subject)
    return next(s for s in switch.statuses() if s["slug"] == slug)


@blp.route("/services/<slug>/enable", methods=["POST"])
@platform_admin
@blp.response(200, ModuleStatusSchema)
def enable_module(slug: str):
    """Switch a module on: its endpoints answer and its catalog entries come back."""
    return _set(slug, True)


@blp.route("/services/<slug>/disable", methods=["POST"])
@platform_admin
@blp.response(200, ModuleStatusSchema)
def disable_module(slug: str):
    """Switch a module off in every app process within seconds, without a restart."""
    return _set(slug, False)
