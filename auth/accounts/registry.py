"""The population registry (Dukcapil) behind identity assurance level 2.

`PopulationRegistry` is what a real adapter implements; `FakePopulationRegistry` answers from
shipped, invented records (data/fake_registry.csv) and is what development and tests use.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Protocol

MATCH, MISMATCH, NOT_FOUND, DECEASED = "match", "mismatch", "not_found", "deceased"


@dataclass(frozen=True)
class RegistryAnswer:
    result: str  # match | mismatch | not_found | deceased


class PopulationRegistry(Protocol):
    def verify(self, *, nik: str, full_name: str, birth_date: date) -> RegistryAnswer:
        """Does the registry hold a living person with this NIK, name and birth date?"""
        ...


def same_name(a: str, b: str) -> bool:
    """Names compare without regard to case or spacing ("SITI  rahmawati" == "Siti Rahmawati")."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class FakePopulationRegistry:
    def __init__(self, rows: list[dict[str, str]] | None = None):
        if rows is None:
            text = resources.files("auth.accounts").joinpath("data", "fake_registry.csv").read_text("utf-8")
            rows = list(csv.DictReader(text.splitlines()))
        self.records = {row["nik"]: row for row in rows}

    def verify(self, *, nik: str, full_name: str, birth_date: date) -> RegistryAnswer:
        record = self.records.get(nik)
        if record is None:
            return RegistryAnswer(NOT_FOUND)
        if record["status"] == "deceased":
            return RegistryAnswer(DECEASED)
        if same_name(record["full_name"], full_name) and record["birth_date"] == birth_date.isoformat():
            return RegistryAnswer(MATCH)
        return RegistryAnswer(MISMATCH)


def registry_from_config(name: str) -> PopulationRegistry:
    """The adapter named by POPULATION_REGISTRY ("fake", or "module:Class" of a real one)."""
    if name == "fake":
        return FakePopulationRegistry()
    from app.registry import import_string

    return import_string(name)()
