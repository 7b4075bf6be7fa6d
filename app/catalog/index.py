"""The catalog's search index, held in memory by every app process.

A search is answered from here and only the page it shows is read from the database (by primary
key), so it costs about what browsing does, whatever its words. The catalog is a few tens of
thousands of rows that change only when a module or an administrator saves them: each process
builds the index from the database once per catalog revision (app.state), so a change reaches
every process as soon as it sees the new revision, exactly like the catalog's ETags.

Entries are numbered in rank order: shorter titles first (the match is more of what the entry is
about), then by id. A search keeps the entries that have, for every query word, a word starting
with it (accent-free, case-folded: search.normalise); those whose title has them all come first.
A set of entries is a boolean array over the numbers, so matching, filtering, counting and
paging are a few vectorised operations; a word's entries are one contiguous slice of the
postings, because they are laid out in word order (a prefix covers a run of sorted words).
"""

from __future__ import annotations

import itertools
import threading
import uuid
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import select

from app.catalog.models import CatalogEntry, EntryRegion
from app.catalog.search import normalise
from app.db import session
from app.http_cache import LruCache
from app.reference.models import Agency

SHOWN_ENTRIES = 8192  # about 10 MB
_AFTER_EVERY_WORD = "\U0010ffff"  # sorts after any letter or digit a word can continue with


class Postings:
    """Which entries hold which words, as a sorted word list over one flat array of entry
    numbers (the entries of words[i] are numbers[starts[i]:starts[i + 1]])."""

    def __init__(self, words_per_entry: Iterable[Iterable[str]]) -> None:
        entries_of: dict[str, list[int]] = defaultdict(list)
        for number, words in enumerate(words_per_entry):
            for word in set(words):
                entries_of[word].append(number)
        self.words = sorted(entries_of)
        sizes = np.fromiter((len(entries_of[w]) for w in self.words), np.int64, len(self.words))
        self.starts = np.zeros(len(self.words) + 1, np.int64)
        np.cumsum(sizes, out=self.starts[1:])
        self.numbers = np.fromiter(itertools.chain.from_iterable(entries_of[w] for w in self.words),
                                   np.int32, int(self.starts[-1]))

    def starting_with(self, prefix: str) -> np.ndarray:
        """Numbers of the entries with a word that starts with `prefix` (repeats possible)."""
        first = bisect_left(self.words, prefix)
        last = bisect_left(self.words, prefix + _AFTER_EVERY_WORD, first)
        return self.numbers[self.starts[first]:self.starts[last]]

    def exactly(self, word: str) -> np.ndarray:
        at = bisect_left(self.words, word)
        if at == len(self.words) or self.words[at] != word:
            return self.numbers[:0]
        return self.numbers[self.starts[at]:self.starts[at + 1]]


class Codes:
    """One short code per entry (its category, agency...), as small integers to compare."""

    def __init__(self, values: list[str]) -> None:
        self._number = {code: n for n, code in enumerate(sorted(set(values)))}
        self.per_entry = np.fromiter((self._number[v] for v in values), np.int32, len(values))

    def equal(self, value: str) -> np.ndarray:
        return self.per_entry == self._number.get(value, -1)

    def among(self, values: Iterable[str]) -> np.ndarray:
        wanted = [self._number[v] for v in values if v in self._number]
        return np.isin(self.per_entry, wanted)


@dataclass(frozen=True)
class Found:
    ids: list[str]  # the page's entries, best first
    total: int


class SearchIndex:
    def __init__(self, entries: list[tuple], regions: dict[uuid.UUID, list[str]]) -> None:
        """`entries`: (id, search_text, title_id, title_en, module, category, agency, level,
        nationwide) per catalog entry; `regions`: where each non-nationwide entry is offered."""
        entries = sorted(entries, key=lambda e: (len(e[2]) + len(e[3]), e[0].int))
        self.size = len(entries)
        self.ids = [str(e[0]) for e in entries]
        self.text = Postings(e[1].split() for e in entries)
        self.title = Postings(normalise(f"{e[2]} {e[3]}").split() for e in entries)
        self.module, self.category, self.agency, self.level = (
            Codes([e[column] for e in entries]) for column in (4, 5, 6, 7))
        self.nationwide = np.fromiter((bool(e[8]) for e in entries), bool, self.size)
        self.regions = Postings(regions.get(e[0], ()) for e in entries)
        # entries as the API shows them, by (id, language), for service._shown: shared between
        # requests, never changed
        self.shown = LruCache(SHOWN_ENTRIES)

    def search(self, words: list[str], flt, disabled: frozenset[str], *, offset: int,
               limit: int) -> Found:
        """The entries matching every word (as a prefix) and the filter `flt` (a
        service.CatalogFilter), outside the `disabled` modules: one page of them, best first."""
        matching = self._filtered(flt, disabled)
        in_title = np.ones(self.size, bool)
        for word in words:
            matching &= self._mask(self.text.starting_with(word))
            in_title &= self._mask(self.title.starting_with(word))
        titled = np.flatnonzero(matching & in_title)
        others = np.flatnonzero(matching & ~in_title)
        page = np.concatenate((titled, others))[offset:offset + limit]
        return Found([self.ids[n] for n in page.tolist()], len(titled) + len(others))

    def _filtered(self, flt, disabled: frozenset[str]) -> np.ndarray:
        keep = ~self.module.among(disabled) if disabled else np.ones(self.size, bool)
        for codes, value in ((self.category, flt.category), (self.agency, flt.agency),
                             (self.module, flt.module), (self.level, flt.level)):
            if value:
                keep &= codes.equal(value)
        if flt.region:
            keep &= self._offered_in(flt.region)
        return keep

    def _offered_in(self, region: str) -> np.ndarray:
        """Nationwide, or offered in the region, in a region containing it, or inside it."""
        parts = region.split(".")
        offered = self.nationwide | self._mask(self.regions.starting_with(f"{region}."))
        for depth in range(1, len(parts) + 1):
            offered |= self._mask(self.regions.exactly(".".join(parts[:depth])))
        return offered

    def _mask(self, numbers: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, bool)
        mask[numbers] = True
        return mask


def load() -> SearchIndex:
    entry, agency = CatalogEntry.__table__.c, Agency.__table__.c
    db = session()
    rows = db.execute(select(entry.id, entry.search_text, entry.title_id, entry.title_en,
                             entry.module_slug, entry.category_slug, entry.agency_code, agency.level,
                             entry.nationwide).join_from(CatalogEntry.__table__, Agency.__table__))
    regions: dict[uuid.UUID, list[str]] = defaultdict(list)
    for entry_id, code in db.execute(select(EntryRegion.entry_id, EntryRegion.region_code)):
        regions[entry_id].append(code)
    return SearchIndex([tuple(row) for row in rows], regions)


class _Current:
    """The index of one catalog revision, rebuilt (once, whatever the number of threads asking)
    when a request sees a newer revision."""

    def __init__(self) -> None:
        self._built: tuple[str, SearchIndex] | None = None
        self._lock = threading.Lock()

    def of(self, revision: str) -> SearchIndex:
        built = self._built
        if built is None or built[0] != revision:
            with self._lock:
                built = self._built
                if built is None or built[0] != revision:
                    built = self._built = (revision, load())
        return built[1]


_CURRENT = "satupintu.catalog_index"


def current_index(revision: str) -> SearchIndex:
    """The index for the catalog as of `revision` (the caller's app.state snapshot)."""
    current = current_app.extensions.get(_CURRENT)
    if current is None:
        current = current_app.extensions.setdefault(_CURRENT, _Current())
    return current.of(revision)
