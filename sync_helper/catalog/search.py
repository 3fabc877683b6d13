"""Find formations from what a teacher knows: a code, part of one, or words of a course title.

Same semantics as the site's search box (which folds text with the same :func:`fold`):

* the query is folded (case, accents, ligatures); for codes its spaces are dropped, so
  ``L1CHIM 231`` (as APOGEE displays it) finds ``L1CHIM231``;
* ranks, best first: exact formation or cohort code; exact element code (``RETHC01``);
  formation code prefix (``L1CHIM``); element code prefix (``RETHC``); formation code infix
  (``CHIM231``); then label words — every query word must occur in one label (the formation's
  or one element's), as a whole word or a word prefix (better) or anywhere inside (worse);
* ties are broken by formation code; each formation appears once, with its best reason.

Words are runs of letters and digits of the folded text; one- and two-letter French articles
and prepositions in the query (``de``, ``la``, ``et``…) are ignored when other words remain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from sync_helper.catalog.model import Catalog, Element, Formation
from sync_helper.catalog.text import fold

QUERY_STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la"})
QUERY_STOP_WORDS |= {"le", "les", "par", "pour", "sur", "un", "une"}
_WORD = re.compile(r"[^\W_]+")


class MatchKind(IntEnum):
    """Why a formation matched; lower is better."""

    CODE = 0
    ELEMENT_CODE = 1
    CODE_PREFIX = 2
    ELEMENT_CODE_PREFIX = 3
    CODE_INFIX = 4
    LABEL_WORDS = 5
    LABEL_INFIX = 6


REASONS = {
    MatchKind.CODE: "code",
    MatchKind.ELEMENT_CODE: "element code",
    MatchKind.CODE_PREFIX: "code prefix",
    MatchKind.ELEMENT_CODE_PREFIX: "element code prefix",
    MatchKind.CODE_INFIX: "part of the code",
    MatchKind.LABEL_WORDS: "label words",
    MatchKind.LABEL_INFIX: "part of a label",
}


@dataclass(frozen=True)
class Match:
    """A formation found by a query, and why (the element, when an element matched)."""

    formation: Formation
    kind: MatchKind
    element: Element | None = None

    @property
    def reason(self) -> str:
        """Readable reason, e.g. ``element code RETHC01`` or ``label words: Thermodynamique…``."""
        text = REASONS[self.kind]
        if self.element is None:
            return text
        if self.kind in (MatchKind.ELEMENT_CODE, MatchKind.ELEMENT_CODE_PREFIX):
            return f"{text} {self.element.code}"
        return f"{text}: {self.element.code} {self.element.label}"


def words(folded: str) -> list[str]:
    """Letters-and-digits runs of already folded text."""
    return _WORD.findall(folded)


@dataclass(frozen=True)
class _Entry:
    """A formation's searchable text, folded once."""

    formation: Formation
    codes: tuple[str, ...]
    labels: tuple[tuple[Element | None, str, frozenset[str]], ...]
    element_codes: tuple[tuple[str, Element], ...]


class CatalogSearch:
    """Folds a catalog once, then answers any number of queries (the CLI asks one)."""

    def __init__(self, catalog: Catalog) -> None:
        self._labels: dict[str, tuple[str, frozenset[str]]] = {}
        self._entries = [self._entry(formation, catalog) for formation in catalog.formations]

    def _folded_label(self, label: str) -> tuple[str, frozenset[str]]:
        """Folded once per distinct label: shared elements repeat theirs in many formations."""
        known = self._labels.get(label)
        if known is None:
            folded = fold(label)
            known = self._labels[label] = (folded, frozenset(words(folded)))
        return known

    def _entry(self, formation: Formation, catalog: Catalog) -> _Entry:
        elements = [element for _, element in formation.walk_elements()]
        labels = [(None, formation.label), *((e, e.label) for e in elements)]
        codes = {fold(formation.code), fold(formation.cohort_code(catalog.cohort_template))}
        return _Entry(
            formation=formation,
            codes=tuple(sorted(codes)),
            labels=tuple((element, *self._folded_label(label)) for element, label in labels),
            element_codes=tuple((fold(e.code), e) for e in elements),
        )

    def search(self, query: str, limit: int | None = None) -> list[Match]:
        """Formations matching ``query``, best first; at most ``limit`` of them."""
        folded = fold(query).strip()
        if not folded:
            return []
        compact = "".join(folded.split())
        query_words = _meaningful(words(folded))
        found = [
            match
            for entry in self._entries
            if (match := _best(entry, compact, query_words)) is not None
        ]
        found.sort(key=lambda match: (match.kind, match.formation.code))
        return found[:limit] if limit is not None else found


def search_catalog(catalog: Catalog, query: str, limit: int | None = None) -> list[Match]:
    """One-off search; build a :class:`CatalogSearch` to ask several questions."""
    return CatalogSearch(catalog).search(query, limit)


def _meaningful(query_words: list[str]) -> list[str]:
    kept = [word for word in query_words if word not in QUERY_STOP_WORDS]
    return kept or query_words


def _best(entry: _Entry, compact: str, query_words: list[str]) -> Match | None:
    return min(
        _matches(entry, compact, query_words),
        key=lambda match: match.kind,
        default=None,
    )


def _matches(entry: _Entry, compact: str, query_words: list[str]) -> Iterator[Match]:
    formation = entry.formation
    if compact in entry.codes:
        yield Match(formation, MatchKind.CODE)
        return
    for code, element in entry.element_codes:
        if code == compact:
            yield Match(formation, MatchKind.ELEMENT_CODE, element)
            return
    if any(code.startswith(compact) for code in entry.codes):
        yield Match(formation, MatchKind.CODE_PREFIX)
        return
    prefixed = next((e for code, e in entry.element_codes if code.startswith(compact)), None)
    if prefixed is not None:
        yield Match(formation, MatchKind.ELEMENT_CODE_PREFIX, prefixed)
        return
    if any(compact in code for code in entry.codes):
        yield Match(formation, MatchKind.CODE_INFIX)
        return
    if query_words:
        yield from _label_matches(entry, query_words)


def _label_matches(entry: _Entry, query_words: list[str]) -> Iterator[Match]:
    for element, folded, label_words in entry.labels:
        kind = _label_kind(folded, label_words, query_words)
        if kind is not None:
            yield Match(entry.formation, kind, element)
            if kind is MatchKind.LABEL_WORDS:
                return


def _label_kind(
    folded: str, label_words: frozenset[str], query_words: list[str]
) -> MatchKind | None:
    """LABEL_WORDS if every query word is a word or word prefix, LABEL_INFIX if merely inside."""
    kind = MatchKind.LABEL_WORDS
    for word in query_words:
        if word in label_words or any(candidate.startswith(word) for candidate in label_words):
            continue
        if word not in folded:
            return None
        kind = MatchKind.LABEL_INFIX
    return kind
