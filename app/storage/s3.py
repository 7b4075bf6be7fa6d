"""S3-compatible storage (AWS S3, MinIO, Ceph, ...) through boto3, with bounded timeouts."""

from __future__ import annotations

from app.storage.base import StorageError


class S3Storage:
    def __init__(self, *, bucket: str, endpoint: str | None, region: str, access_key: str | None,
                 secret_key: str | None, prefix: str = "", timeout: float = 10.0) -> None:
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.settings = (bucket, endpoint or "", region, access_key or "", prefix)
        self.client = boto3.client(
            "s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 2},
                          s3={"addressing_style": "path"}))

    def _key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def put(self, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data,
                                   ContentType=content_type)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(str(error)) from error

    def get(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise KeyError(key) from None
            raise StorageError(str(error)) from error
        except BotoCoreError as error:
            raise StorageError(str(error)) from error

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as error:
            raise StorageError(str(error)) from error

    def configured_by(self, config) -> bool:
        return config["STORAGE_BACKEND"] == "s3" and self.settings == (
            config["STORAGE_S3_BUCKET"], config["STORAGE_S3_ENDPOINT"], config["STORAGE_S3_REGION"],
            config["STORAGE_S3_ACCESS_KEY"], config["STORAGE_S3_PREFIX"])
