"""Indonesian versions of marshmallow's built-in validation messages.

marshmallow formats its messages in English; errors are translated on the way
out by matching each message against the English templates below.
"""

from __future__ import annotations

import re
from functools import cache

_OPS = {
    "greater than": "lebih dari",
    "greater than or equal to": "paling sedikit",
    "less than": "kurang dari",
    "less than or equal to": "paling banyak",
}

INDONESIAN = {
    "Missing data for required field.": "Isian wajib diisi.",
    "Field may not be null.": "Isian tidak boleh kosong (null).",
    "Invalid value.": "Nilai tidak valid.",
    "Invalid type.": "Jenis data tidak valid.",
    "Invalid input type.": "Jenis masukan tidak valid.",
    "Unknown field.": "Isian tidak dikenal.",
    "Not a valid string.": "Bukan teks yang valid.",
    "Not a valid utf-8 string.": "Bukan teks UTF-8 yang valid.",
    "Not a valid integer.": "Bukan bilangan bulat yang valid.",
    "Not a valid number.": "Bukan angka yang valid.",
    "Number too large.": "Angka terlalu besar.",
    "Special numeric values (nan or infinity) are not permitted.":
        "Nilai khusus (nan atau tak hingga) tidak diizinkan.",
    "Not a valid boolean.": "Bukan nilai boolean yang valid.",
    "Not a valid date.": "Bukan tanggal yang valid.",
    "Not a valid UUID.": "Bukan UUID yang valid.",
    "Not a valid URL.": "Bukan URL yang valid.",
    "Not a valid email address.": "Bukan alamat surel yang valid.",
    "Not a valid list.": "Bukan daftar yang valid.",
    "Not a valid tuple.": "Bukan tuple yang valid.",
    "Not a valid mapping type.": "Bukan objek yang valid.",
    "Not a valid period of time.": "Bukan jangka waktu yang valid.",
    "Not a valid IP address.": "Bukan alamat IP yang valid.",
    "Not a valid IPv4 address.": "Bukan alamat IPv4 yang valid.",
    "Not a valid IPv6 address.": "Bukan alamat IPv6 yang valid.",
    "Not a valid IP interface.": "Bukan antarmuka IP yang valid.",
    "Not a valid IPv4 interface.": "Bukan antarmuka IPv4 yang valid.",
    "Not a valid IPv6 interface.": "Bukan antarmuka IPv6 yang valid.",
    "Not a valid {obj_type}.": "Bukan {obj_type} yang valid.",
    "Not a valid {awareness} {obj_type}.": "Bukan {obj_type} {awareness} yang valid.",
    '"{input}" cannot be formatted as a date.': '"{input}" tidak dapat diubah menjadi tanggal.',
    '"{input}" cannot be formatted as a {obj_type}.':
        '"{input}" tidak dapat diubah menjadi {obj_type}.',
    "{input} cannot be formatted as a timedelta.": "{input} tidak dapat diubah menjadi durasi.",
    "Length must be between {min} and {max}.": "Panjang harus antara {min} dan {max}.",
    "Length must be {equal}.": "Panjang harus {equal}.",
    "Shorter than minimum length {min}.": "Lebih pendek dari panjang minimum {min}.",
    "Longer than maximum length {max}.": "Lebih panjang dari panjang maksimum {max}.",
    "Must be one of: {choices}.": "Harus salah satu dari: {choices}.",
    "String does not match expected pattern.": "Teks tidak sesuai pola yang diharapkan.",
    "Must be equal to {other}.": "Harus sama dengan {other}.",
    "Invalid input.": "Masukan tidak valid.",
    "One or more of the choices you made was not in: {choices}.":
        "Satu atau lebih pilihan Anda tidak termasuk: {choices}.",
    "One or more of the choices you made was in: {values}.":
        "Satu atau lebih pilihan Anda termasuk yang tidak diizinkan: {values}.",
}
for _op, _op_id in _OPS.items():
    INDONESIAN[f"Must be {_op} {{min}}."] = f"Harus {_op_id} {{min}}."
    INDONESIAN[f"Must be {_op} {{max}}."] = f"Harus {_op_id} {{max}}."
    for _op2, _op2_id in _OPS.items():
        INDONESIAN[f"Must be {_op} {{min}} and {_op2} {{max}}."] = (
            f"Harus {_op_id} {{min}} dan {_op2_id} {{max}}."
        )

# Words marshmallow itself puts into {obj_type} and {awareness} (other placeholders hold user input).
_TRANSLATED_PLACEHOLDERS = ("obj_type", "awareness")
_WORDS = {
    "datetime": "tanggal-waktu",
    "date": "tanggal",
    "time": "waktu",
    "aware": "dengan zona waktu",
    "naive": "tanpa zona waktu",
}


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    # Most literal text first: "Not a valid integer." must win over "Not a valid {obj_type}.",
    # and "greater than or equal to {min}" over "greater than {min}".
    for english in sorted(INDONESIAN, key=lambda text: len(re.sub(r"\{\w+\}", "", text)), reverse=True):
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(english))
        patterns.append((re.compile(f"^{regex}$", re.DOTALL), INDONESIAN[english]))
    return patterns


def to_indonesian(message: str) -> str:
    """Translate one marshmallow message; texts already localised pass through unchanged."""
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            for name in _TRANSLATED_PLACEHOLDERS:
                if name in values:
                    values[name] = _WORDS.get(values[name], values[name])
            return template.format(**values)
    return message


def localise_errors(errors, locale: str):
    """Translate a nested marshmallow error structure for the given locale."""
    if locale == "en":
        return errors
    if isinstance(errors, str):
        return to_indonesian(errors)
    if isinstance(errors, list):
        return [localise_errors(item, locale) for item in errors]
    if isinstance(errors, dict):
        return {key: localise_errors(value, locale) for key, value in errors.items()}
    return errors
