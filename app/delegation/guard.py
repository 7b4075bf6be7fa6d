"""What every request made under a delegation must pass (called by the token authenticator,
which loads the delegation in the same query as the actor's grant and account)."""

from __future__ import annotations

from flask import current_app, request

from app.delegation.service import status
from app.problems import Problem


def request_module() -> str | None:
    """The slug of the service module serving this request (blueprints are "<slug>" or "<slug>_*")."""
    name = request.blueprint or ""
    slugs = [slug for slug in current_app.extensions["satupintu.modules"]
             if name == slug or name.startswith(slug + "_")]
    return max(slugs, key=len) if slugs else None


def check(delegation) -> frozenset[str]:
    """403 unless the delegation is active and covers this request's module; its modules.

    Deny by default: platform routes (/me, consent, documents wallet, this API) are not modules,
    so a delegated token reaches none of them, unless the route opted in (see below)."""
    if status(delegation) != "active":
        raise Problem(403, "delegation-inactive")
    modules = frozenset(delegation.modules)
    # platform routes that limit a delegate to the delegated modules' data themselves (the
    # citizen's cases and invoices) or to a capability the delegation names opt in
    # (app.delegation.capabilities.accept_delegated_tokens)
    opted_in = request.blueprint in current_app.extensions.get("satupintu.delegation.routes", ())
    if request_module() not in modules and not opted_in:
        raise Problem(403, "delegation-out-of-scope")
    return modules
