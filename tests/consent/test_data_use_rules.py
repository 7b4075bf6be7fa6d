"""The loader refuses a module whose declared data uses break the rules (purposes, texts in every
locale, item names, lawful bases), naming the module and the rule."""

from __future__ import annotations

import pytest

from app import create_app
from app.modules.descriptor import DataUse, ServiceModule
from app.modules.validate import ModuleError

TEXT = {"id": "Menilai kelayakan", "en": "Assessing eligibility"}


def module(*uses, slug="uji") -> ServiceModule:
    return ServiceModule(slug=slug, title={"id": "Uji", "en": "Test"}, agency="kemensos", version="1.0.0",
                         package=f"tests_{slug}", data_uses=tuple(uses))


def use(purpose="eligibility", items=("profile:address",), **fields) -> DataUse:
    return DataUse(purpose=purpose, description=fields.pop("description", TEXT), items=items, **fields)


@pytest.fixture
def refusal(app_config):
    def refuse(*uses) -> str:
        with pytest.raises(ModuleError) as refused:
            create_app(app_config, services=[module(*uses)])
        return str(refused.value)

    return refuse


def test_valid_data_uses_install(app_config):
    good = module(use(items=("profile:address", "document:akta_kelahiran", "pajak:vehicles")),
                  use("tax_check", ("profile:address",), lawful_basis="legal_duty"))
    app = create_app(app_config, services=[good])
    assert app.extensions["satupintu.modules"]["uji"].data_uses == good.data_uses


@pytest.mark.parametrize(("uses", "message"), [
    ((use("Eligibility"),), "data use purpose 'Eligibility' must match"),
    ((use("e"),), "data use purpose 'e' must match"),
    ((use(), use()), "data use purpose 'eligibility' is declared twice"),
    ((use(description={"id": "Menilai"}),),
     "data use 'eligibility' description has no text for locale(s) en"),
    ((use(description={"id": "Menilai", "en": " "}),), "has no text for locale(s) en"),
    ((use(items=()),), "data use 'eligibility' must list its items in a tuple"),
    ((use(items="profile:address"),), "must list its items in a tuple"),
    ((use(items=("profile:address", "profile:address")),), "data use 'eligibility' lists an item twice"),
    ((use(items=("address",)),), "item 'address' must be 'profile:<field>', 'document:<type>' or"),
    ((use(items=("profile:Address",)),), "item 'profile:Address' must be"),
    ((use(items=("document:",)),), "item 'document:' must be"),
    ((use(items=("uji:applications",)),), "item 'uji:applications' is the module's own data"),
    ((use(lawful_basis="because"),), "lawful basis 'because' is not one of contract, legal_duty"),
    (("eligibility",), "data_uses holds something other than DataUse"),
])
def test_refused_data_uses(refusal, uses, message):
    text = refusal(*uses)
    assert text.startswith("service module 'uji': ") and message in text


def test_document_is_a_reserved_slug(app_config):
    with pytest.raises(ModuleError, match="reserved for the platform"):
        create_app(app_config, services=[module(slug="document")])
