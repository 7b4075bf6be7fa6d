"""Structured JSON logs; every line carries the request id when there is one."""

from __future__ import annotations

import logging
import sys

from flask import Flask, g, has_request_context
from pythonjsonlogger.json import JsonFormatter


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def init_app(app: Flask) -> None:
    root = logging.getLogger()
    if any(getattr(h, "satupintu", False) for h in root.handlers):
        return  # configured already (several apps in one process, e.g. tests)
    handler = logging.StreamHandler(sys.stderr)
    handler.satupintu = True
    handler.addFilter(RequestIdFilter())
    if app.config["LOG_JSON"]:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
