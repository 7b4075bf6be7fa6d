"""File storage for attachments: a local folder (default, under the instance folder) or an
S3-compatible bucket, chosen by config (`STORAGE_BACKEND` = "local" | "s3"). Callers use
`storage()` and the `Storage` protocol only; keys are opaque names the caller chooses."""

from __future__ import annotations

from flask import Flask, current_app

from app.storage.base import Storage, StorageError

__all__ = ["DEFAULTS", "Storage", "StorageError", "install", "storage"]

DEFAULTS = {
    "STORAGE_BACKEND": "local",
    "STORAGE_LOCAL_PATH": "",  # empty: <instance folder>/storage
    "STORAGE_S3_BUCKET": "",
    "STORAGE_S3_ENDPOINT": "",  # empty: AWS itself; else any S3-compatible endpoint (MinIO, ...)
    "STORAGE_S3_REGION": "us-east-1",
    "STORAGE_S3_ACCESS_KEY": "",  # empty: boto3's usual credential chain
    "STORAGE_S3_SECRET_KEY": "",
    "STORAGE_S3_PREFIX": "",
    "STORAGE_S3_TIMEOUT": 10.0,  # seconds, connect and read
}


def build(config) -> Storage:
    """A storage for `config`; ConfigError for an unknown backend or a bucket-less S3."""
    from app.config import ConfigError

    backend = config["STORAGE_BACKEND"]
    if backend == "local":
        from app.storage.local import LocalStorage

        return LocalStorage(config["STORAGE_LOCAL_PATH"])
    if backend == "s3":
        if not config["STORAGE_S3_BUCKET"]:
            raise ConfigError("SATUPINTU_STORAGE_S3_BUCKET must be set when STORAGE_BACKEND is s3")
        from app.storage.s3 import S3Storage

        return S3Storage(bucket=config["STORAGE_S3_BUCKET"], endpoint=config["STORAGE_S3_ENDPOINT"] or None,
                         region=config["STORAGE_S3_REGION"],
                         access_key=config["STORAGE_S3_ACCESS_KEY"] or None,
                         secret_key=config["STORAGE_S3_SECRET_KEY"] or None,
                         prefix=config["STORAGE_S3_PREFIX"], timeout=float(config["STORAGE_S3_TIMEOUT"]))
    raise ConfigError("SATUPINTU_STORAGE_BACKEND must be local or s3")


def install(app: Flask) -> None:
    import os

    from app.config import apply_defaults

    apply_defaults(app.config, DEFAULTS)
    if not app.config["STORAGE_LOCAL_PATH"]:
        app.config["STORAGE_LOCAL_PATH"] = os.path.join(app.instance_path, "storage")
    app.extensions["satupintu.storage"] = build(app.config)


def storage() -> Storage:
    """The current app's storage (rebuilt when a test changes the settings)."""
    current = current_app.extensions.get("satupintu.storage")
    if current is None or not current.configured_by(current_app.config):
        current = current_app.extensions["satupintu.storage"] = build(current_app.config)
    return current
