"""The search data behind the site's "Trouver mon code" page, sized for a large university.

The browser must show a first result quickly on a fresh load, so the data is split:

- ``core.json`` — every formation, columnar (codes, cohorts, labels, composante and year
  indexes): enough for code prefix/infix queries and label words, fetched when the page opens;
- ``s<N>.json`` — one shard per two-character prefix of the folded element codes and element
  label words, fetched on the keystroke that first needs it. A shard maps each element code,
  label word and whole element label starting with that prefix to the formations that contain
  it (formation indexes, sorted, stored as gaps), so elements shared by many formations are
  stored once per shard, not once per formation.

All folding happens here with :func:`fold`; the browser folds only the query, the same way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sync_helper.catalog.model import Catalog
from sync_helper.catalog.search import QUERY_STOP_WORDS, words
from sync_helper.catalog.text import fold

FORMAT_VERSION = 1
SHARD_PREFIX_LENGTH = 2


def shard_key(token: str) -> str:
    """Which shard holds ``token``: its first characters."""
    return token[:SHARD_PREFIX_LENGTH]


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class _Postings:
    """token → sorted formation indexes, grouped by shard key."""

    def __init__(self) -> None:
        self.by_shard: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))

    def add(self, token: str, formation: int) -> None:
        if len(token) >= SHARD_PREFIX_LENGTH:
            self.by_shard[shard_key(token)][token].add(formation)

    def shard(self, key: str) -> dict[str, list[int]]:
        tokens = self.by_shard.get(key, {})
        return {token: _gaps(sorted(tokens[token])) for token in sorted(tokens)}


def _gaps(ids: list[int]) -> list[int]:
    """Sorted ids as differences from the previous one: small numbers compress far better."""
    return [current - previous for previous, current in zip([0, *ids], ids, strict=False)]


ElementNames = dict[str, tuple[str, str]]


def _element_postings(catalog: Catalog) -> tuple[_Postings, _Postings, _Postings, ElementNames]:
    """Element codes, label words and whole labels → formations; folded code → (code, label)."""
    codes, label_words, labels = _Postings(), _Postings(), _Postings()
    code_labels: ElementNames = {}
    for index, formation in enumerate(catalog.formations):
        for _depth, element in formation.walk_elements():
            folded_code = fold(element.code)
            codes.add(folded_code, index)
            code_labels.setdefault(folded_code, (element.code, element.label))
            folded_label = fold(element.label)
            labels.add(" ".join(words(folded_label)), index)
            for word in words(folded_label):
                if word not in QUERY_STOP_WORDS:
                    label_words.add(word, index)
    return codes, label_words, labels, code_labels


def _core(catalog: Catalog, shard_keys: list[str]) -> dict[str, object]:
    composantes = sorted(catalog.composantes)
    composante_index = {code: i for i, code in enumerate(composantes)}
    years = sorted({formation.year for formation in catalog.formations})
    year_index = {year: i for i, year in enumerate(years)}
    formations = catalog.formations
    cohorts = [formation.cohort_code(catalog.cohort_template) for formation in formations]
    return {
        "version": FORMAT_VERSION,
        "composantes": [catalog.composantes[code].label for code in composantes],
        "years": years,
        "shards": shard_keys,
        "code": [formation.code for formation in formations],
        # Empty when the cohort idnumber is the code itself (the usual case): saves bytes.
        "cohort": [
            "" if cohort == formation.code else cohort
            for cohort, formation in zip(cohorts, formations, strict=True)
        ],
        "label": [formation.label for formation in formations],
        "composante": [composante_index.get(formation.composante, -1) for formation in formations],
        "year": [year_index[formation.year] for formation in formations],
        "example": [i for i, formation in enumerate(formations) if formation.example],
    }


def _unknown_composantes(catalog: Catalog) -> Iterable[str]:
    return sorted({f.composante for f in catalog.formations} - set(catalog.composantes))


def build_search_data(catalog: Catalog) -> dict[str, str]:
    """File name (relative to the search data folder) → JSON text, core first."""
    unknown = list(_unknown_composantes(catalog))
    if unknown:
        raise ValueError(f"formations refer to unknown composante(s): {', '.join(unknown)}")
    codes, label_words, labels, code_labels = _element_postings(catalog)
    keys = sorted(set(codes.by_shard) | set(label_words.by_shard) | set(labels.by_shard))
    files = {"core.json": _compact(_core(catalog, keys))}
    for number, key in enumerate(keys):
        shard_codes = codes.shard(key)
        files[f"s{number}.json"] = _compact(
            {
                "c": shard_codes,
                "n": {code: code_labels[code] for code in shard_codes},
                "w": label_words.shard(key),
                "l": labels.shard(key),
            }
        )
    return files
