"""Field encryption: AES-GCM bound to its row, key ids for rotation, keys required in production."""

import base64
import os

import pytest
from cryptography.exceptions import InvalidTag

from app.config import ConfigError
from app.db import session
from auth.accounts import crypto, service
from auth.accounts.crypto import Keyring
from auth.accounts.models import Account


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def config(**changes) -> dict:
    return {"ENV": "production", "SECRET_KEY": "s" * 40, "ENCRYPTION_KEYS": {"2026a": key()},
            "ENCRYPTION_KEY_ID": "2026a", "BLIND_INDEX_KEY": key(), **changes}


def test_production_needs_configured_keys():
    with pytest.raises(ConfigError):
        Keyring.from_config(config(ENCRYPTION_KEYS=None))
    with pytest.raises(ConfigError):
        Keyring.from_config(config(BLIND_INDEX_KEY=""))
    assert Keyring.from_config(config()).current_key_id == "2026a"


def test_keys_must_be_32_bytes_and_the_current_id_known():
    with pytest.raises(ConfigError):
        Keyring.from_config(config(ENCRYPTION_KEYS={"k": base64.b64encode(b"short").decode()},
                                   ENCRYPTION_KEY_ID="k"))
    with pytest.raises(ConfigError):
        Keyring.from_config(config(ENCRYPTION_KEY_ID="missing"))


def test_ciphertext_is_bound_to_its_row_and_tamper_evident(app):
    with app.app_context():
        key_id, blob = crypto.encrypt("3171015708900001", context="nik:a")
        assert crypto.decrypt(key_id, blob, context="nik:a") == "3171015708900001"
        with pytest.raises(InvalidTag):
            crypto.decrypt(key_id, blob, context="nik:b")  # moved to another account
        with pytest.raises(InvalidTag):
            crypto.decrypt(key_id, blob[:-1] + bytes([blob[-1] ^ 1]), context="nik:a")
        assert blob != crypto.encrypt("3171015708900001", context="nik:a")[1]  # fresh nonce


@pytest.fixture
def keyring_swap(app):
    saved = app.extensions["satupintu.keyring"]
    yield lambda ring: app.extensions.__setitem__("satupintu.keyring", ring)
    app.extensions["satupintu.keyring"] = saved


def test_key_rotation_keeps_old_values_readable_and_reencrypts(app, make_citizen, keyring_swap):
    old, new, index = key(), key(), key()
    keyring_swap(Keyring.from_config(config(ENV="testing", ENCRYPTION_KEYS={"old": old},
                                            ENCRYPTION_KEY_ID="old", BLIND_INDEX_KEY=index)))
    account = make_citizen()
    nik = service.reveal_nik(account)
    assert account.nik_key_id == "old"
    keyring_swap(Keyring.from_config(config(ENV="testing", ENCRYPTION_KEYS={"old": old, "new": new},
                                            ENCRYPTION_KEY_ID="new", BLIND_INDEX_KEY=index)))
    assert service.reveal_nik(account) == nik  # still readable under the old key
    result = app.test_cli_runner().invoke(args=["users", "reencrypt"])
    assert result.exit_code == 0 and "re-encrypted" in result.output
    stored = session().get(Account, account.id, populate_existing=True)
    assert stored.nik_key_id == "new" and service.reveal_nik(stored) == nik
    assert service.find_account(nik).id == account.id  # the blind index did not change


def test_blind_index_is_keyed(app):
    with app.app_context():
        plain_sha = __import__("hashlib").sha256(b"nik:3171015708900001").hexdigest()
        assert crypto.blind_index("3171015708900001") != plain_sha
        assert crypto.blind_index("3171015708900001") == crypto.blind_index("3171015708900001")
