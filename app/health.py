"""/healthz (the process answers) and /readyz (its dependencies answer) for load balancers."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from sqlalchemy import text

from app.access import public
from app.db import engine

log = logging.getLogger("satupintu.health")


@public
def healthz():
    return jsonify(status="ok")


@public
def readyz():
    from flask import current_app

    checks = {}
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        log.warning("readiness: database unreachable: %s", type(error).__name__)
        checks["database"] = "unreachable"
    redis_url = current_app.config["REDIS_URL"]
    if redis_url:
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as error:
            log.warning("readiness: redis unreachable: %s", type(error).__name__)
            checks["redis"] = "unreachable"
    ready = all(value == "ok" for value in checks.values())
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    if not ready:
        response.headers["Retry-After"] = "5"
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", view_func=healthz)
    app.add_url_rule("/readyz", view_func=readyz)
