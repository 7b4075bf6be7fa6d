"""Form data checked against the service's JSON Schema (draft 2020-12), with per-field
messages in the caller's language: {"form": {"<field path>": ["..."]}} in a 422 problem."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jsonschema

from app import i18n
from app.problems import Problem

# jsonschema's keyword -> our text (params from the schema or the error)
_KEYWORDS = ("required", "type", "enum", "const", "minLength", "maxLength", "pattern", "minimum", "maximum",
             "exclusiveMinimum", "exclusiveMaximum", "format", "additionalProperties", "minItems",
             "maxItems")
MAX_FORM_BYTES = 64 * 1024


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> jsonschema.Draft202012Validator:
    import json

    return jsonschema.Draft202012Validator(json.loads(schema_json),
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _message(error: jsonschema.ValidationError) -> str:
    keyword = error.validator if error.validator in _KEYWORDS else "invalid"
    value = error.validator_value
    params = {"limit": value, "choices": ", ".join(map(str, value)) if isinstance(value, list) else value}
    return i18n.t(f"cases.form.{keyword}", **params)


def _path(error: jsonschema.ValidationError) -> str:
    parts = [str(part) for part in error.absolute_path]
    if error.validator == "required":  # the missing property is the field, not its parent
        parts.append(error.message.split("'")[1] if "'" in error.message else "")
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        parts.append(extra[0] if extra else "")
    return ".".join(part for part in parts if part) or "_form"


def check(schema: Mapping[str, Any], form: Any) -> dict:
    """`form` as a dict, or Problem 422 with every field's messages."""
    import json

    if not isinstance(form, dict):
        raise Problem(422, errors={"form": {"_form": [i18n.t("cases.form.type", limit="object")]}})
    if len(json.dumps(form, ensure_ascii=False).encode()) > MAX_FORM_BYTES:
        raise Problem(422, errors={"form": {"_form": [i18n.t("cases.form.too_large")]}})
    errors: dict[str, list[str]] = {}
    validator = _validator(json.dumps(dict(schema), sort_keys=True))
    for error in sorted(validator.iter_errors(form), key=lambda e: list(map(str, e.absolute_path))):
        errors.setdefault(_path(error), []).append(_message(error))
    if errors:
        raise Problem(422, errors={"form": errors})
    return form
