"""Attachments: limits, the type read from the bytes (never the client's word), storage in a
local folder or an S3-compatible bucket (moto's server: real HTTP), downloads for the owner and
the agency's staff only."""

from __future__ import annotations

import io
import uuid

import pytest

from app.cases.models import Attachment
from app.db import session

from .conftest import AGENCY, ME, OTHER_AGENCY, QUEUE

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(client, headers, case_id, data, name="surat.pdf", content_type="application/pdf"):
    return client.post(f"{ME}/{case_id}/attachments", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name, content_type)})


@pytest.fixture
def local_storage(override_config, tmp_path):
    override_config(STORAGE_BACKEND="local", STORAGE_LOCAL_PATH=str(tmp_path / "storage"))
    return tmp_path / "storage"


@pytest.mark.parametrize(("data", "expected"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                                (JPEG, "image/jpeg")])
def test_type_is_sniffed_and_file_kept_locally(client, me, desk, file_case, local_storage, data, expected):
    case = file_case(submit=False)
    # the client claims something else: the bytes decide
    added = upload(client, me, case["id"], data, name="../../etc/passwd", content_type="text/html")
    assert added.status_code == 201, added.get_json()
    body = added.get_json()
    assert body["content_type"] == expected and body["size"] == len(data) and body["filename"] == "passwd"
    row = session().get(Attachment, uuid.UUID(body["id"]))
    assert (local_storage / row.storage_key).read_bytes() == data
    got = client.get(f"{ME}/{case['id']}/attachments/{body['id']}", headers=me)
    assert got.status_code == 200 and got.data == data and got.mimetype == expected
    assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Cache-Control"] == "no-store"
    assert client.get(f"{QUEUE}/{case['id']}/attachments/{body['id']}", headers=desk).data == data
    detail = client.get(f"{ME}/{case['id']}", headers=me).get_json()
    assert [a["id"] for a in detail["attachments"]] == [body["id"]]
    assert detail["timeline"][-1]["kind"] == "attachment"


def test_other_types_are_refused(client, me, file_case, local_storage):
    case = file_case(submit=False)
    for data in (b"<html><script>alert(1)</script>", b"GIF89a" + b"\x00" * 10, b"PK\x03\x04 zip", b""):
        refused = upload(client, me, case["id"], data, content_type="application/pdf")
        assert refused.status_code == 415, data
    assert session().query(Attachment).count() == 0


def test_size_and_count_limits(client, me, file_case, local_storage, override_config):
    override_config(CASES_ATTACHMENT_MAX_BYTES=1000, CASES_ATTACHMENT_MAX_COUNT=2)
    case = file_case(submit=False)
    assert upload(client, me, case["id"], PDF + b"x" * 1000).status_code == 413
    assert upload(client, me, case["id"], PDF).status_code == 201
    assert upload(client, me, case["id"], PNG).status_code == 201
    assert upload(client, me, case["id"], JPEG).status_code == 409


def test_bodies_over_the_app_limit_are_refused_before_reading(client, me, file_case, local_storage,
                                                                override_config):
    override_config(CASES_ATTACHMENT_MAX_BYTES=3 * 1024 * 1024)
    case = file_case(submit=False)
    big = PDF + b"x" * (3 * 1024 * 1024 - len(PDF))  # over MAX_CONTENT_LENGTH (2 MiB), within the limit
    assert upload(client, me, case["id"], big).status_code == 201
    assert upload(client, me, case["id"], big + b"x" * (128 * 1024)).status_code == 413


def test_only_while_editable(client, me, file_case, local_storage):
    case = file_case()  # in_review
    assert upload(client, me, case["id"], PDF).status_code == 409


def test_downloads_for_owner_and_agency_only(client, me, file_case, local_storage, make_citizen, make_staff,
                                              account_headers):
    case = file_case(submit=False)
    attachment = upload(client, me, case["id"], PDF).get_json()["id"]
    stranger = account_headers(make_citizen(full_name="Orang Lain"), "cases")
    assert client.get(f"{ME}/{case['id']}/attachments/{attachment}", headers=stranger).status_code == 404
    bandung = account_headers(make_staff("officer", agency=OTHER_AGENCY))
    assert client.get(f"{QUEUE}/{case['id']}/attachments/{attachment}", headers=bandung).status_code == 404
    ternate = account_headers(make_staff("agency_admin", agency=AGENCY))
    assert client.get(f"{QUEUE}/{case['id']}/attachments/{attachment}", headers=ternate).status_code == 200
    other_case = file_case(submit=False)
    assert client.get(f"{ME}/{other_case['id']}/attachments/{attachment}", headers=me).status_code == 404


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_storage(override_config, s3_endpoint):
    import boto3

    bucket = f"lampiran-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=bucket)
    override_config(STORAGE_BACKEND="s3", STORAGE_S3_BUCKET=bucket, STORAGE_S3_ENDPOINT=s3_endpoint,
                    STORAGE_S3_ACCESS_KEY="test", STORAGE_S3_SECRET_KEY="test",
                    STORAGE_S3_PREFIX="satupintu/")
    return bucket


def test_s3_storage_over_http(client, me, file_case, s3_storage, s3_endpoint):
    import boto3

    case = file_case(submit=False)
    added = upload(client, me, case["id"], PNG, name="foto.png")
    assert added.status_code == 201, added.get_json()
    row = session().get(Attachment, uuid.UUID(added.get_json()["id"]))
    stored = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test").get_object(Bucket=s3_storage,
                                                                    Key=f"satupintu/{row.storage_key}")
    assert stored["Body"].read() == PNG and stored["ContentType"] == "image/png"
    assert client.get(f"{ME}/{case['id']}/attachments/{row.id}", headers=me).data == PNG


def test_s3_unreachable_answers_503(client, me, file_case, override_config):
    override_config(STORAGE_BACKEND="s3", STORAGE_S3_BUCKET="hilang", STORAGE_S3_ENDPOINT="http://127.0.0.1:9",
                    STORAGE_S3_ACCESS_KEY="test", STORAGE_S3_SECRET_KEY="test", STORAGE_S3_TIMEOUT=1.0)
    case = file_case(submit=False)
    failed = upload(client, me, case["id"], PDF)
    assert failed.status_code == 503 and failed.headers["Retry-After"]
    assert session().query(Attachment).count() == 0
