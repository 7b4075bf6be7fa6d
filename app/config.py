"""Configuration: defaults, then an optional instance file, then SATUPINTU_* variables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - refused in production


class Defaults:
    ENV = "development"  # "production" enables the production checks
    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = "sqlite:///var/satupintu.db"
    DATABASE_ECHO = False
    CHANGE_FEED_URL = ""  # PostgreSQL itself for LISTEN (app.changes); empty: DATABASE_URL
    REDIS_URL = ""  # empty: no Redis (in-memory rate limits, no cache bus)
    CELERY_BROKER_URL = ""  # empty: tasks run inline after commit
    RATELIMIT_STORAGE_URI = "memory://"
    CORS_ORIGINS: tuple[str, ...] = ()
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SERVICES_ENABLED = "*"  # "*" or a comma-separated list of module slugs
    SERVICES_STATE_TTL = 2.0  # seconds a process trusts its copy of the module switch
    ADMIN_TOKEN = ""  # operator bearer token for the admin API until single sign-on lands
    LOG_LEVEL = "INFO"
    LOG_JSON = True


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _parse(value: str, default: Any) -> Any:
    """Read an environment string with the type of the default it overrides."""
    if isinstance(default, bool):
        word = value.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ValueError(f"expected one of {', '.join(sorted((_TRUE | _FALSE) - {''}))}")
        return word in _TRUE
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if default is None and value[:1] in "[{":
        return json.loads(value)
    return value


def load_config(overrides: dict[str, Any] | None = None, *, instance_path: str | None = None) -> dict:
    """Merge defaults, `instance/config.py` (if any), the environment and explicit overrides."""
    config = {key: getattr(Defaults, key) for key in dir(Defaults) if key.isupper()}
    instance_file = Path(instance_path or "instance") / "config.py"
    if instance_file.is_file():
        namespace: dict[str, Any] = {}
        exec(compile(instance_file.read_text(), str(instance_file), "exec"), namespace)  # noqa: S102
        config.update({k: v for k, v in namespace.items() if k.isupper()})
    for name, value in os.environ.items():
        if name.startswith("SATUPINTU_"):
            key = name.removeprefix("SATUPINTU_")
            try:
                config[key] = _parse(value, config.get(key))
            except ValueError as error:
                raise ConfigError(f"{name}={value!r} is not valid: {error}") from None
    config.update(overrides or {})
    return config


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or inconsistent."""


def apply_defaults(config, defaults) -> None:
    """Settings a package or module owns: missing keys take the default, and strings that came
    from SATUPINTU_* variables take the default's type."""
    for key, default in defaults.items():
        value = config.get(key, default)
        if isinstance(value, str) and not isinstance(default, str):
            try:
                value = _parse(value, default)
            except ValueError as error:
                raise ConfigError(f"SATUPINTU_{key}={value!r} is not valid: {error}") from None
        config[key] = value


def check_config(config: dict) -> None:
    weak_key = config["SECRET_KEY"] == DEV_SECRET_KEY or len(config["SECRET_KEY"]) < 32
    if config["ENV"] == "production" and weak_key:
        raise ConfigError(
            "SATUPINTU_SECRET_KEY must be set to a random value of at least 32 characters "
            "in production (the development key is refused)."
        )
