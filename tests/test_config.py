"""Configuration: defaults < instance/config.py < SATUPINTU_* variables < explicit overrides."""

from __future__ import annotations

import os

import pytest

from app import create_app
from app.config import DEV_SECRET_KEY, ConfigError, check_config, load_config
from app.modules.descriptor import ServiceModule

STRONG_KEY = "k3y-" + "9f" * 20


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Only the variables a test sets (CI's own SATUPINTU_* would change the expectations)."""
    for name in list(os.environ):
        if name.startswith("SATUPINTU_"):
            monkeypatch.delenv(name)


@pytest.mark.parametrize("secret_key", [DEV_SECRET_KEY, "short-but-not-the-dev-key", ""])
def test_production_refuses_a_weak_secret_key(app_config, secret_key):
    with pytest.raises(ConfigError, match="SATUPINTU_SECRET_KEY must be set to a random value of at least "
                                          "32 characters in production"):
        create_app({**app_config, "ENV": "production", "SECRET_KEY": secret_key}, services=[])


def test_production_accepts_a_strong_secret_key(tmp_path):
    # Only the platform's own check: other parts (identity keys) have production checks of their own.
    check_config(load_config({"ENV": "production", "SECRET_KEY": STRONG_KEY}, instance_path=str(tmp_path)))


def test_development_tolerates_the_development_key(app_config):
    app = create_app({**app_config, "ENV": "development"}, services=[])
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


def test_environment_variables_override_defaults_with_their_types(monkeypatch, tmp_path):
    monkeypatch.setenv("SATUPINTU_MAX_CONTENT_LENGTH", "50")
    monkeypatch.setenv("SATUPINTU_SERVICES_STATE_TTL", "0.5")
    monkeypatch.setenv("SATUPINTU_LOG_JSON", "off")
    monkeypatch.setenv("SATUPINTU_DATABASE_ECHO", "Yes")
    monkeypatch.setenv("SATUPINTU_CORS_ORIGINS", "https://a.example, https://b.example,")
    monkeypatch.setenv("SATUPINTU_REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("SATUPINTU_SOMETHING_NEW", "as given")
    config = load_config(instance_path=str(tmp_path))
    assert config["MAX_CONTENT_LENGTH"] == 50
    assert config["SERVICES_STATE_TTL"] == 0.5
    assert config["LOG_JSON"] is False
    assert config["DATABASE_ECHO"] is True
    assert config["CORS_ORIGINS"] == ("https://a.example", "https://b.example")
    assert config["REDIS_URL"] == "redis://cache:6379/0"
    assert config["SOMETHING_NEW"] == "as given"
    assert config["ADMIN_TOKEN"] == ""  # untouched default


@pytest.mark.parametrize(("name", "value"), [
    ("SATUPINTU_MAX_CONTENT_LENGTH", "lots"), ("SATUPINTU_SERVICES_STATE_TTL", "soon"),
    ("SATUPINTU_LOG_JSON", "maybe"),
])
def test_an_unreadable_variable_is_refused_by_name(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name}='{value}' is not valid"):
        load_config(instance_path=str(tmp_path))


def test_instance_file_is_read_and_environment_and_overrides_win(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text(
        'MAX_CONTENT_LENGTH = 40\nSERVICES_STATE_TTL = 10\nREDIS_URL = "redis://instance/1"\n'
        'lowercase_is_ignored = 1\n'
    )
    monkeypatch.setenv("SATUPINTU_SERVICES_STATE_TTL", "15")
    config = load_config({"REDIS_URL": "redis://explicit/2"}, instance_path=str(tmp_path))
    assert config["MAX_CONTENT_LENGTH"] == 40
    assert config["SERVICES_STATE_TTL"] == 15
    assert config["REDIS_URL"] == "redis://explicit/2"
    assert "lowercase_is_ignored" not in config


def test_without_an_instance_file_the_defaults_stand(tmp_path):
    assert load_config(instance_path=str(tmp_path))["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


def test_module_settings_from_the_environment_get_the_type_of_their_default(app_config, monkeypatch):
    monkeypatch.setenv("SATUPINTU_UJICONF_LIMIT", "7")
    monkeypatch.setenv("SATUPINTU_UJICONF_STRICT", "true")
    module = ServiceModule(slug="ujiconf", title={"id": "Uji", "en": "Test"}, agency="kemendagri",
                           version="1.0.0", config={"UJICONF_LIMIT": 3, "UJICONF_STRICT": False,
                                                    "UJICONF_MODE": "normal"}, package="tests_ujiconf")
    app = create_app(app_config, services=[module])
    assert app.config["UJICONF_LIMIT"] == 7
    assert app.config["UJICONF_STRICT"] is True
    assert app.config["UJICONF_MODE"] == "normal"
