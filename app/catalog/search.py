"""The catalog's searchable text: accents stripped, case folded, letters and digits only.

An entry's text (`search_text`, stored with it) and a query's words are normalised alike, so a
word matches whatever its accents or case; the search itself is app/catalog/index.py.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TOKENS = 8
_TOKEN = re.compile(r"[^\W_]+")


class _WithoutAccents(dict):
    """A str.translate table: each character as NFKD decomposes it, less its combining marks
    (worked out per character the first time it is seen: text is mostly the same few letters)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(self) < 65536:  # whatever characters queries bring, the table stays small
            self[code] = value
        return value


_WITHOUT_ACCENTS = _WithoutAccents()


def normalise(value: str) -> str:
    if not value.isascii():
        value = value.translate(_WITHOUT_ACCENTS)
    return " ".join(_TOKEN.findall(value.casefold()))


def entry_search_text(entry) -> str:
    return normalise(
        " ".join((entry.title_id, entry.title_en, entry.summary_id, entry.summary_en,
                  entry.keywords_id, entry.keywords_en))
    )


def tokens(query: str) -> list[str]:
    return normalise(query).split()[:MAX_TOKENS]
