"""Every text a user can see exists in Indonesian and English."""

from __future__ import annotations

import re
import string
from importlib import import_module
from pathlib import Path

import marshmallow as ma
import pytest

from app import i18n
from app.field_messages import localise_errors, to_indonesian
from app.problems import _CODE_BY_STATUS

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_STARTS = ("Not a valid", "Must be", "Length", "Shorter", "Longer", "One or more", "Invalid",
                  "Missing", "Field may", "Unknown", "String", "Special", "Number", "Bytes")


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_every_registered_message_exists_in_every_locale(app):
    messages = i18n.registered()
    assert len(messages) > 20
    for key, text in messages.items():
        for locale in i18n.LOCALES:
            assert isinstance(text.get(locale), str) and text[locale].strip(), (key, locale)
        assert placeholders(text["id"]) == placeholders(text["en"]), key


def test_every_problem_code_has_a_title_and_detail(app):
    for code in _CODE_BY_STATUS.values():
        assert f"problem.{code}.title" in i18n.registered(), code
    raised_in = {}
    for path in [*ROOT.glob("app/**/*.py"), *ROOT.glob("auth/**/*.py"), *ROOT.glob("services/**/*.py")]:
        for code in re.findall(r'Problem\(\s*\d{3}\s*,\s*"([\w-]+)"', path.read_text()):
            raised_in.setdefault(code, path)
    assert "malformed-json" in raised_in
    for code, path in sorted(raised_in.items()):
        # Importing the module that raises the problem must register its texts.
        import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for part in ("title", "detail"):
            assert f"problem.{code}.{part}" in i18n.registered(), (
                f"{path.relative_to(ROOT)} raises Problem code {code!r}, "
                f"but no text 'problem.{code}.{part}' is registered")


def test_registering_a_text_without_every_locale_is_refused():
    with pytest.raises(i18n.MissingLocaleError, match="en"):
        i18n.register({"test.only_indonesian": {"id": "Halo"}})
    with pytest.raises(i18n.MissingLocaleError, match="id"):
        i18n.register({"test.blank_indonesian": {"id": " ", "en": "Hello"}})
    assert "test.only_indonesian" not in i18n.registered()


# --- marshmallow's own messages -------------------------------------------------------------

def field_messages():
    """Every built-in field's messages, formatted the way the field would."""
    for name, cls in sorted(vars(ma.fields).items()):
        if not (isinstance(cls, type) and issubclass(cls, ma.fields.Field)):
            continue
        messages = {}
        for klass in reversed(cls.__mro__):
            messages.update(getattr(klass, "default_error_messages", {}))
        sample = {"input": "abc", "choices": "a, b", "obj_type": getattr(cls, "OBJ_TYPE", "value"),
                  "awareness": getattr(cls, "AWARENESS", "aware")}
        for key, template in messages.items():
            yield f"fields.{name}.{key}", template.format(**sample)


def schema_messages():
    for key, message in ma.Schema._default_error_messages.items():
        yield f"Schema.{key}", message


def validator_messages():
    """Every built-in validator's messages, produced by making it fail."""
    v = ma.validate
    failing = {
        "URL": (v.URL(), "not a url"),
        "Email": (v.Email(), "nobody"),
        "Length.min": (v.Length(min=3), "ab"),
        "Length.max": (v.Length(max=1), "ab"),
        "Length.all": (v.Length(min=1, max=2), "abc"),
        "Length.equal": (v.Length(equal=2), "a"),
        "Equal": (v.Equal("x"), "y"),
        "Regexp": (v.Regexp(r"^\d+$"), "a"),
        "Predicate": (v.Predicate("isdigit"), "a"),
        "NoneOf": (v.NoneOf(["a"]), "a"),
        "OneOf": (v.OneOf(["a", "b"]), "c"),
        "ContainsOnly": (v.ContainsOnly(["a"]), ["b"]),
        "ContainsNoneOf": (v.ContainsNoneOf(["a"]), ["a"]),
    }
    for inclusive in (True, False):
        failing[f"Range.min.{inclusive}"] = (v.Range(min=5, min_inclusive=inclusive), 1)
        failing[f"Range.max.{inclusive}"] = (v.Range(max=5, max_inclusive=inclusive), 9)
        for max_inclusive in (True, False):
            failing[f"Range.all.{inclusive}.{max_inclusive}"] = (
                v.Range(min=1, max=5, min_inclusive=inclusive, max_inclusive=max_inclusive), 9)
    for name, (validator, value) in failing.items():
        with pytest.raises(ma.ValidationError) as raised:
            validator(value)
        yield f"validate.{name}", raised.value.messages[0]


ALL_MESSAGES = [*field_messages(), *schema_messages(), *validator_messages()]


def test_the_inventory_of_marshmallow_messages_is_complete():
    names = {name for name, _message in ALL_MESSAGES}
    assert {"fields.Integer.invalid", "fields.AwareDateTime.invalid_awareness", "Schema.unknown",
            "validate.ContainsNoneOf", "validate.Range.all.False.True"} <= names
    assert len(ALL_MESSAGES) > 80


@pytest.mark.parametrize(("name", "english"), ALL_MESSAGES, ids=[name for name, _ in ALL_MESSAGES])
def test_every_marshmallow_message_has_an_indonesian_translation(name, english):
    indonesian = to_indonesian(english)
    assert indonesian != english
    assert not indonesian.startswith(ENGLISH_STARTS), indonesian


@pytest.mark.parametrize(("english", "indonesian"), [
    ("Not a valid integer.", "Bukan bilangan bulat yang valid."),  # not the generic "{obj_type}" one
    ("Not a valid UUID.", "Bukan UUID yang valid."),
    ("Not a valid aware datetime.", "Bukan tanggal-waktu dengan zona waktu yang valid."),
    ("Must be greater than or equal to 1 and less than 5.", "Harus paling sedikit 1 dan kurang dari 5."),
    ("Must be greater than 1.", "Harus lebih dari 1."),
    ("Must be one of: date, time.", "Harus salah satu dari: date, time."),  # user values untouched
    ('"time" cannot be formatted as a date.', '"time" tidak dapat diubah menjadi tanggal.'),
])
def test_translations_pick_the_most_specific_template(english, indonesian):
    assert to_indonesian(english) == indonesian


def test_nested_errors_are_translated_and_english_passes_through():
    errors = {"items": {0: {"name": ["Missing data for required field."]}}, "_schema": ["Invalid input."]}
    assert localise_errors(errors, "id") == {
        "items": {0: {"name": ["Isian wajib diisi."]}}, "_schema": ["Masukan tidak valid."]}
    assert localise_errors(errors, "en") is errors
    assert to_indonesian("Sudah diterjemahkan.") == "Sudah diterjemahkan."


# --- service modules ------------------------------------------------------------------------

def test_installed_modules_texts_are_complete(app):
    modules = app.extensions["satupintu.modules"].values()
    assert modules
    for module in modules:
        texts = {"title": module.title}
        texts.update({f"scope {s.name}": s.description for s in module.scopes})
        for entry in module.catalog:
            texts.update({f"{entry.code} title": entry.title, f"{entry.code} summary": entry.summary})
            assert set(entry.keywords) == set(i18n.LOCALES), (module.slug, entry.code)
        for what, text in texts.items():
            for locale in i18n.LOCALES:
                assert text.get(locale, "").strip(), (module.slug, what, locale)
