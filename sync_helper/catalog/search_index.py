"""The search data behind the site's "Trouver mon code" page, sized for a large university.

The browser must show a first result quickly on a fresh load, so the data is split:

- ``core.json`` — every formation, columnar (codes, cohorts, titles, the synonyms each title
  answers to, composante and year indexes, which year is current) and each composante's
  searchable words (label, site, synonyms): enough for codes, titles and places, fetched
  when the page opens;
- ``s<N>.json`` — one shard per prefix of the folded element codes, element label words and
  whole element labels (two characters; a shard over :data:`SHARD_LIMIT` bytes gzipped is
  split by one more character). A shard lists the elements it speaks of (code, label,
  period) with the formations containing each, then maps each code, word and whole label
  to those elements: the site can say which element matched;
- ``words.json`` — every element label word, for near misses: fetched when a query word is
  long enough to forgive a typo.

All folding happens here; the browser folds only the query, the same way. The ranking rules
are in :mod:`search`; this module writes what the script needs to apply them.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sync_helper.catalog.model import Catalog, Element
from sync_helper.catalog.search import (
    SearchSettings,
    Words,
    label_words,
    place_text,
    text_words,
)
from sync_helper.catalog.search_words import words
from sync_helper.catalog.text import fold

FORMAT_VERSION = 2
SHARD_PREFIX_LENGTH = 2
SHARD_LIMIT = 60_000  # gzip bytes; a larger shard is split by one more character
NAMED_ELEMENTS_LIMIT = 400
WORDS_FILE = "words.json"


def shard_key(keys: Iterable[str], token: str) -> str | None:
    """Which shard holds ``token``: the longest shard key it starts with (the script's rule)."""
    found = [key for key in keys if token.startswith(key)]
    return max(found, key=len, default=None)


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _gaps(ids: Iterable[int]) -> list[int]:
    """Sorted ids as differences from the previous one: small numbers compress far better."""
    ordered = sorted(ids)
    return [current - previous for previous, current in zip([0, *ordered], ordered, strict=False)]


ElementKey = tuple[str, str, str]  # folded code, label, period


@dataclass
class _Tokens:
    """Every indexed token (code, word, whole label) → the elements it names."""

    codes: dict[str, set[ElementKey]] = field(default_factory=lambda: defaultdict(set))
    words: dict[str, set[ElementKey]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, set[ElementKey]] = field(default_factory=lambda: defaultdict(set))
    shown: dict[ElementKey, Element] = field(default_factory=dict)
    own_words: set[str] = field(default_factory=set)  # near misses are of these only
    formations: dict[ElementKey, set[int]] = field(default_factory=lambda: defaultdict(set))

    def all_tokens(self) -> set[str]:
        return set(self.codes) | set(self.words) | set(self.labels)


def _collect(catalog: Catalog, settings: SearchSettings) -> _Tokens:
    tokens = _Tokens()
    label_cache: dict[str, tuple[str, Words]] = {}
    for index, formation in enumerate(catalog.formations):
        for _depth, element in formation.walk_elements():
            key = (fold(element.code), element.label, element.period)
            tokens.shown.setdefault(key, element)
            tokens.formations[key].add(index)
            if element.label not in label_cache:
                joined = " ".join(words(fold(element.label)))
                label_cache[element.label] = (joined, label_words(element.label, settings.synonyms))
            joined, label_tokens = label_cache[element.label]
            if len(key[0]) >= SHARD_PREFIX_LENGTH:
                tokens.codes[key[0]].add(key)
            if len(joined) >= SHARD_PREFIX_LENGTH:
                tokens.labels[joined].add(key)
            tokens.own_words |= label_tokens.own
            for word in label_tokens.every():
                tokens.words[word].add(key)
    return tokens


def _shard(tokens: _Tokens, selected: list[str]) -> str:
    """The shard holding ``selected`` tokens: its elements, then each token's elements.

    A token naming more than :data:`NAMED_ELEMENTS_LIMIT` elements (``ue``, ``semestre``)
    maps to the union of their formations instead (upper-case table names): listing every
    element with its formations would weigh megabytes, and naming one of thousands of
    « UE … » says little.
    """
    chosen = set(selected)
    tables = {"c": tokens.codes, "w": tokens.words, "l": tokens.labels}
    named = {
        name: {t: table[t] for t in chosen & table.keys() if len(table[t]) <= NAMED_ELEMENTS_LIMIT}
        for name, table in tables.items()
    }
    keys = sorted({key for table in named.values() for keys in table.values() for key in keys})
    number = {key: i for i, key in enumerate(keys)}
    shown = [tokens.shown[key] for key in keys]
    data: dict[str, object] = {
        "e": [[element.code, element.label, element.period] for element in shown],
        "f": [_gaps(tokens.formations[key]) for key in keys],
    }
    for name, table in tables.items():
        data[name] = {t: _gaps(number[key] for key in named[name][t]) for t in sorted(named[name])}
        data[name.upper()] = {
            t: _gaps({f for key in table[t] for f in tokens.formations[key]})
            for t in sorted(chosen & table.keys())
            if t not in named[name]
        }
    return _compact(data)


def _gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6))


def _split(tokens: _Tokens, prefix: str, members: list[str]) -> dict[str, str]:
    """Shard key → shard text: ``prefix``'s shard, split by one more character while too big."""
    text = _shard(tokens, members)
    longer = [token for token in members if len(token) > len(prefix)]
    if not longer or _gzip_size(text) <= SHARD_LIMIT:
        return {prefix: text}
    shards: dict[str, str] = {}
    exact = [token for token in members if len(token) == len(prefix)]
    if exact:
        shards[prefix] = _shard(tokens, exact)
    groups: dict[str, list[str]] = defaultdict(list)
    for token in longer:
        groups[token[: len(prefix) + 1]].append(token)
    for key in sorted(groups):
        shards.update(_split(tokens, key, groups[key]))
    return shards


def _core(catalog: Catalog, settings: SearchSettings, shard_keys: list[str]) -> dict[str, object]:
    composantes = sorted(catalog.composantes)
    composante_index = {code: i for i, code in enumerate(composantes)}
    years = sorted({formation.year for formation in catalog.formations})
    year_index = {year: i for i, year in enumerate(years)}
    current = settings.year_of(catalog)
    formations = catalog.formations
    cohorts = [formation.cohort_code(catalog.cohort_template) for formation in formations]
    synonyms = settings.synonyms
    places = [text_words(place_text(catalog, code), synonyms) for code in composantes]
    return {
        "version": FORMAT_VERSION,
        "composantes": [catalog.composantes[code].label for code in composantes],
        "places": [" ".join(sorted(place.own)) for place in places],
        "placeAlias": [" ".join(sorted(place.extra)) for place in places],
        "years": years,
        "current": year_index.get(current, -1),
        "shards": shard_keys,
        "code": [formation.code for formation in formations],
        # Empty when the cohort idnumber is the code itself (the usual case): saves bytes.
        "cohort": [
            "" if cohort == formation.code else cohort
            for cohort, formation in zip(cohorts, formations, strict=True)
        ],
        "label": [formation.label for formation in formations],
        # Words a title answers to besides its own (``l1`` for LICENCE 1…).
        "alias": [" ".join(sorted(text_words(f.label, synonyms).extra)) for f in formations],
        "composante": [composante_index.get(formation.composante, -1) for formation in formations],
        "year": [year_index[formation.year] for formation in formations],
        "example": _gaps(i for i, formation in enumerate(formations) if formation.example),
    }


def _unknown_composantes(catalog: Catalog) -> Iterable[str]:
    return sorted({f.composante for f in catalog.formations} - set(catalog.composantes))


def build_search_data(catalog: Catalog, settings: SearchSettings | None = None) -> dict[str, str]:
    """File name (relative to the search data folder) → JSON text, core first."""
    unknown = list(_unknown_composantes(catalog))
    if unknown:
        raise ValueError(f"formations refer to unknown composante(s): {', '.join(unknown)}")
    settings = settings or SearchSettings()
    tokens = _collect(catalog, settings)
    groups: dict[str, list[str]] = defaultdict(list)
    for token in sorted(tokens.all_tokens()):
        groups[token[:SHARD_PREFIX_LENGTH]].append(token)
    shards: dict[str, str] = {}
    for key in sorted(groups):
        shards.update(_split(tokens, key, groups[key]))
    keys = list(shards)
    files = {"core.json": _compact(_core(catalog, settings, keys))}
    files[WORDS_FILE] = _compact(sorted(tokens.own_words))
    for number, key in enumerate(keys):
        files[f"s{number}.json"] = shards[key]
    return files
