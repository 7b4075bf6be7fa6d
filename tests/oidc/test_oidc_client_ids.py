"""Client ids never look like citizens: token subjects shaped like UUIDs are read as accounts."""

import uuid

import pytest

from auth.oidc.clients import ClientError, is_uuid_shaped, new_client_id


@pytest.mark.parametrize("client_id", [str(uuid.uuid4()), str(uuid.uuid4()).upper(), uuid.uuid4().hex,
                                       f"{{{uuid.uuid4()}}}", f"urn:uuid:{uuid.uuid4()}"])
def test_create_client_refuses_uuid_shaped_ids(make_oauth_client, client_id):
    with pytest.raises(ClientError) as refused:
        make_oauth_client(public=False, grant_types=["client_credentials"], redirect_uris=(),
                          client_id=client_id)
    assert refused.value.field == "client_id"
    assert "UUID" in refused.value.message("en") and "UUID" in refused.value.message("id")


def test_create_client_keeps_ordinary_ids(make_oauth_client):
    row, _secret = make_oauth_client(public=False, grant_types=["client_credentials"], redirect_uris=(),
                                     client_id="bapenda-backend")
    assert row.client_id == "bapenda-backend"


def test_generated_ids_are_never_uuid_shaped():
    # a 23-character slug plus the random 12-hex suffix would have a UUID's 8-4-4-4-12 shape
    for _ in range(20):
        generated = new_client_id("0badcafe 1234 5678 9abc")
        assert not is_uuid_shaped(generated) and generated.startswith("client-0badcafe")


def test_clients_create_cli_refuses_uuid_shaped_id(app, db_session, oidc_signing_keys):
    result = app.test_cli_runner().invoke(args=[
        "clients", "create", "--name", "Back-end", "--type", "confidential", "--scope", "openid",
        "--client-id", str(uuid.uuid4())])
    assert result.exit_code != 0 and "UUID" in result.output
