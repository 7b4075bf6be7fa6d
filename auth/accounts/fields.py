"""Field errors for 422 answers, localised on the spot from registered text keys."""

from __future__ import annotations

from collections.abc import Iterable

from app import i18n
from app.problems import Problem


class FieldErrors:
    """Collects `field -> [text key, ...]` and raises one 422 problem with all of them."""

    def __init__(self) -> None:
        self.keys: dict[str, list[str]] = {}

    def add(self, field: str, *keys: str) -> None:
        self.keys.setdefault(field, []).extend(keys)

    def extend(self, field: str, keys: Iterable[str]) -> None:
        for key in keys:
            self.add(field, key)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def raise_if_any(self) -> None:
        if self.keys:
            raise Problem(422, errors={field: [i18n.t(key) for key in keys]
                                       for field, keys in self.keys.items()})


def field_problem(field: str, key: str) -> Problem:
    return Problem(422, errors={field: [i18n.t(key)]})
