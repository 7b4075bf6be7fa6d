"""Structured JSON logs; every line carries the request id when there is one."""

from __future__ import annotations

import logging
import sys

from flask import Flask, g, has_request_context
from pythonjsonlogger.json import JsonFormatter

_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    """Every record gets the request id, whichever handler ends up writing it."""
    record = _base_factory(*args, **kwargs)
    record.request_id = g.get("request_id") if has_request_context() else None
    return record


logging.setLogRecordFactory(_record_with_request_id)


def make_handler(json_lines: bool, stream=None) -> logging.Handler:
    """A handler writing one line per record (JSON or plain text), each with the request id."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if json_lines:
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
    return handler


def init_app(app: Flask) -> None:
    root = logging.getLogger()
    if any(getattr(h, "satupintu", False) for h in root.handlers):
        return  # configured already (several apps in one process, e.g. tests)
    handler = make_handler(app.config["LOG_JSON"])
    handler.satupintu = True
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
