"""Find formations from what a teacher types: a code, part of one, words of a title, a site.

One ranking, run here (``sync-helper codes search``, the relevance benchmark) and in the
browser (``assets/code-search.js``, which repeats it on the site's search data; a shared
relevance table and a browser parity test hold the two together):

* the query is folded with :func:`fold`; its words are runs of letters and digits; a query
  without any word finds nothing. For codes its whitespace is dropped (``L1CHIM 231``);
* code signals: exact formation or cohort code, exact element code, code prefix, element code
  prefix, code infix (one character only finds formation and cohort codes);
* word signals (queries of two characters or more): each content word (stop words dropped
  unless nothing else remains) is looked for in three fields — the formation's title, its
  elements' labels, its composante's label and site — as a whole word, a prefix of a word, or
  a near miss (:func:`near_miss`: words of 5 letters or more, one edit, two from 9 letters).
  Synonyms (``L1`` ↔ ``licence 1``…, see :mod:`search_words`) are words of the text too. A
  word scores its best (field, quality) in :data:`WORD_SCORES`: title over element over
  composante/site, then whole over prefix over near miss;
* bonuses: the query's words in a row in the title; the query equal to an element's label;
* a formation matches when a code signal fires or every content word is found; when no
  formation does, those with some of the words are shown instead (``complete`` is False);
* order: an exact formation or cohort code first, then formations of the current academic
  year (``current_year`` of institution.yml, default the most recent year in the catalog),
  then higher score, shorter title, and the code (UTF-16 order, as JavaScript compares
  strings).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from sync_helper.catalog.model import Catalog, Element, Formation
from sync_helper.catalog.search_words import (
    QUERY_STOP_WORDS,
    Synonyms,
    near_miss,
    words,
)
from sync_helper.catalog.text import fold

__all__ = ["QUERY_STOP_WORDS", "CatalogSearch", "Match", "MatchKind", "SearchSettings", "words"]

# JavaScript's \s, which the site strips from codes (Python's str.split() differs slightly).
_JS_SPACES = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
# The site reads element codes and label words from shards keyed by their first characters.
MIN_LENGTH = 2


class MatchKind(IntEnum):
    """The strongest signal that found a formation (the score says how strongly)."""

    CODE = 0
    ELEMENT_CODE = 1
    CODE_PREFIX = 2
    ELEMENT_CODE_PREFIX = 3
    CODE_INFIX = 4
    WORDS = 5
    SOME_WORDS = 6


class Field(IntEnum):
    """Where a query word was found; lower is stronger."""

    TITLE = 0
    ELEMENT = 1
    PLACE = 2


# Scores by kind of code signal, and per word by field and quality (0 none, 1 near miss,
# 2 prefix, 3 whole word). The script repeats these numbers; a test compares them.
CODE_SCORES = {
    MatchKind.CODE: 1000,
    MatchKind.ELEMENT_CODE: 900,
    MatchKind.CODE_PREFIX: 800,
    MatchKind.ELEMENT_CODE_PREFIX: 700,
    MatchKind.CODE_INFIX: 90,  # below a whole title word: « IA » is not the IA of MIAGE
}
WORD_SCORES = {
    Field.TITLE: (0, 60, 80, 100),
    Field.ELEMENT: (0, 30, 40, 50),
    Field.PLACE: (0, 15, 20, 25),
}
TITLE_PHRASE_BONUS = 40
# The script sorts on one number per formation: higher scores and longer titles rank as these.
MAX_SCORE = 8191
MAX_TITLE = 127
ELEMENT_LABEL_BONUS = 150
FIELD_NAMES = {Field.TITLE: "title", Field.ELEMENT: "element", Field.PLACE: "composante/site"}


@dataclass(frozen=True)
class SearchSettings:
    """What institution.yml says about search: the current year and extra synonyms."""

    current_year: str | None = None
    synonyms: Synonyms = field(default_factory=Synonyms)

    @classmethod
    def from_institution(cls, values: Mapping[str, Any]) -> SearchSettings:
        """``current_year: "2023"`` and ``search: {synonyms: {term: [same, …]}}``."""
        year = values.get("current_year")
        search = values.get("search") or {}
        return cls(
            current_year=str(year) if year not in (None, "") else None,
            synonyms=Synonyms.from_settings(search.get("synonyms")),
        )

    def year_of(self, catalog: Catalog) -> str:
        """The current academic year: configured, else the most recent one in the catalog."""
        if self.current_year:
            return self.current_year
        return max((formation.year for formation in catalog.formations), default="")


@dataclass(frozen=True)
class WordHit:
    """Where one query word was found: its field, quality, and the element if any."""

    word: str
    field: Field
    quality: int
    element: Element | None = None


@dataclass(frozen=True)
class Match:
    """A formation found by a query, why, and how strongly."""

    formation: Formation
    kind: MatchKind
    score: int
    current: bool
    element: Element | None = None
    hits: tuple[WordHit, ...] = ()
    title_length: int = 0

    @property
    def complete(self) -> bool:
        return self.kind is not MatchKind.SOME_WORDS

    @property
    def elements(self) -> tuple[Element, ...]:
        """Elements that explain the match, first the one a code or whole label named."""
        found = [self.element] if self.element else []
        found += [hit.element for hit in self.hits if hit.element and hit.element not in found]
        return tuple(found)

    @property
    def reason(self) -> str:
        """Readable reason, e.g. ``element code RETHC01`` or ``title; element RETHC01 …``."""
        if self.kind in CODE_SCORES:
            text = self.kind.name.lower().replace("_", " ")
            named = self.kind in (MatchKind.ELEMENT_CODE, MatchKind.ELEMENT_CODE_PREFIX)
            return f"{text} {self.element.code}" if named and self.element else text
        parts: list[str] = []
        for element in self.elements:
            parts.append(f"element {element.code} {element.label}")
        for hit in self.hits:
            if hit.field is not Field.ELEMENT and FIELD_NAMES[hit.field] not in parts:
                parts.append(FIELD_NAMES[hit.field])
        return "; ".join(sorted(parts, key=_reason_order))


def _reason_order(part: str) -> int:
    return 0 if part == "title" else 2 if part == FIELD_NAMES[Field.PLACE] else 1


@dataclass(frozen=True)
class _Label:
    """An element label as indexed: whole (words joined) and the words it answers to."""

    joined: str
    words: Words


@dataclass(frozen=True)
class _Entry:
    """A formation's searchable text, folded once."""

    formation: Formation
    current: bool
    codes: tuple[str, ...]
    title: Words
    title_joined: str
    title_length: int
    place: Words
    elements: tuple[tuple[str, Element, _Label], ...]


@dataclass(frozen=True)
class _Query:
    code: str
    phrase: str
    content: tuple[str, ...]


class _Qualities:
    """Quality of each query word against word sets, computed once per distinct set."""

    def __init__(self, content: tuple[str, ...]) -> None:
        self.content = content
        self._known: dict[tuple[Words, bool], tuple[int, ...]] = {}

    def of(self, tokens: Words, short_words: bool) -> tuple[int, ...]:
        key = (tokens, short_words)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = tuple(
                quality(word, tokens) if short_words or len(word) >= MIN_LENGTH else 0
                for word in self.content
            )
        return known


@dataclass(frozen=True)
class Words:
    """The words a text answers to: its own, and those its synonyms add (no typo forgiven)."""

    own: frozenset[str]
    extra: frozenset[str] = frozenset()

    def every(self) -> frozenset[str]:
        return self.own | self.extra


def quality(word: str, tokens: Words) -> int:
    """3 whole word, 2 prefix of a word, 1 near miss of one of the text's own words, 0 absent."""
    if word in tokens.own or word in tokens.extra:
        return 3
    if any(token.startswith(word) for token in tokens.every()):
        return 2
    if any(near_miss(word, token) for token in tokens.own):
        return 1
    return 0


def text_words(text: str, synonyms: Synonyms) -> Words:
    """The words a title, label or place answers to: its own and its synonyms'."""
    own = words(fold(text))
    return Words(frozenset(own), frozenset(synonyms.extra_words(own)) - frozenset(own))


def label_words(text: str, synonyms: Synonyms) -> Words:
    """An element label's searchable words: no stop word, no single character."""
    found = text_words(text, synonyms)

    def usable(part: frozenset[str]) -> frozenset[str]:
        return frozenset(w for w in part if len(w) >= MIN_LENGTH and w not in QUERY_STOP_WORDS)

    return Words(usable(found.own), usable(found.extra))


def place_text(catalog: Catalog, composante_code: str) -> str:
    """A composante's label and site: the words teachers use for where a formation is."""
    composante = catalog.composantes.get(composante_code)
    if composante is None:
        return ""
    return " ".join(filter(None, (composante.label, composante.site)))


class CatalogSearch:
    """Folds a catalog once, then answers any number of queries (the CLI asks one)."""

    def __init__(self, catalog: Catalog, settings: SearchSettings | None = None) -> None:
        self.settings = settings or SearchSettings()
        self.current_year = self.settings.year_of(catalog)
        self._labels: dict[str, _Label] = {}
        self._entries = [self._entry(formation, catalog) for formation in catalog.formations]

    def _element_label(self, label: str) -> _Label:
        """Folded once per distinct label: shared elements repeat theirs in many formations."""
        known = self._labels.get(label)
        if known is None:
            joined = " ".join(words(fold(label)))
            known = _Label(joined, label_words(label, self.settings.synonyms))
            self._labels[label] = known
        return known

    def _entry(self, formation: Formation, catalog: Catalog) -> _Entry:
        synonyms = self.settings.synonyms
        codes = {fold(formation.code), fold(formation.cohort_code(catalog.cohort_template))}
        title_words = words(fold(formation.label))
        elements = [
            (fold(element.code), element, self._element_label(element.label))
            for _, element in formation.walk_elements()
        ]
        return _Entry(
            formation=formation,
            current=formation.year == self.current_year,
            codes=tuple(sorted(codes)),
            title=text_words(formation.label, synonyms),
            title_joined=" ".join(title_words),
            title_length=len(title_words),
            place=text_words(place_text(catalog, formation.composante), synonyms),
            # Sorted by folded code: the reason names the first element that matched.
            elements=tuple(sorted(elements, key=lambda item: item[0])),
        )

    def search(self, query: str, limit: int | None = None) -> list[Match]:
        """Formations matching ``query``, best first; at most ``limit`` of them."""
        folded = fold(query)
        query_words = words(folded)
        if not query_words:
            return []
        parsed = _Query(
            code=_JS_SPACES.sub("", folded),
            phrase=" ".join(query_words),
            content=tuple(_meaningful(query_words)),
        )
        qualities = _Qualities(parsed.content)
        found = [_match(entry, parsed, qualities) for entry in self._entries]
        complete = [match for match in found if match is not None and match.complete]
        if not complete:
            complete = [match for match in found if match is not None]
        complete.sort(key=_rank)
        return complete[:limit] if limit is not None else complete


def search_catalog(
    catalog: Catalog, query: str, limit: int | None = None, settings: SearchSettings | None = None
) -> list[Match]:
    """One-off search; build a :class:`CatalogSearch` to ask several questions."""
    return CatalogSearch(catalog, settings).search(query, limit)


def _rank(match: Match) -> tuple[int, int, int, int, bytes]:
    return (
        0 if match.kind is MatchKind.CODE else 1,
        0 if match.current else 1,
        -min(match.score, MAX_SCORE),
        min(match.title_length, MAX_TITLE),
        _js_order(match.formation.code),
    )


def _js_order(code: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; big-endian UTF-16 bytes sort the same."""
    return code.encode("utf-16-be", "surrogatepass")


def _meaningful(query_words: list[str]) -> list[str]:
    kept = [word for word in query_words if word not in QUERY_STOP_WORDS]
    return kept or query_words


def _code_signal(entry: _Entry, code: str) -> tuple[MatchKind, Element | None] | None:
    """The strongest code signal, strongest first."""
    long_enough = len(code) >= MIN_LENGTH
    if code in entry.codes:
        return MatchKind.CODE, None
    if long_enough:
        exact = next((e for c, e, _ in entry.elements if c == code), None)
        if exact is not None:
            return MatchKind.ELEMENT_CODE, exact
    if any(own.startswith(code) for own in entry.codes):
        return MatchKind.CODE_PREFIX, None
    if not long_enough:
        return None
    prefixed = next((e for c, e, _ in entry.elements if c.startswith(code)), None)
    if prefixed is not None:
        return MatchKind.ELEMENT_CODE_PREFIX, prefixed
    if any(code in own for own in entry.codes):
        return MatchKind.CODE_INFIX, None
    return None


def _word_hits(entry: _Entry, qualities: _Qualities) -> list[WordHit | None]:
    """Each content word's best field and quality in this formation (None: not found)."""
    title = qualities.of(entry.title, True)
    place = qualities.of(entry.place, False)
    best_element: list[tuple[int, Element | None]] = [(0, None)] * len(qualities.content)
    for _code, element, label in entry.elements:
        for position, level in enumerate(qualities.of(label.words, False)):
            if level > best_element[position][0]:
                best_element[position] = (level, element)
    hits: list[WordHit | None] = []
    for position, word in enumerate(qualities.content):
        element_level, element = best_element[position]
        options = [
            (WORD_SCORES[Field.TITLE][title[position]], Field.TITLE, title[position], None),
            (WORD_SCORES[Field.ELEMENT][element_level], Field.ELEMENT, element_level, element),
            (WORD_SCORES[Field.PLACE][place[position]], Field.PLACE, place[position], None),
        ]
        score, where, level, source = max(options, key=lambda option: (option[0], -option[1]))
        hits.append(WordHit(word, where, level, source) if score else None)
    return hits


def _match(entry: _Entry, query: _Query, qualities: _Qualities) -> Match | None:
    signal = _code_signal(entry, query.code)
    kind, named = signal if signal else (None, None)
    score = CODE_SCORES[kind] if kind is not None else 0
    hits: list[WordHit] = []
    if len(query.code) >= MIN_LENGTH:
        found = _word_hits(entry, qualities)
        hits = [hit for hit in found if hit is not None]
        score += sum(WORD_SCORES[hit.field][hit.quality] for hit in hits)
        if len(query.phrase) >= MIN_LENGTH:
            labelled = next((e for _, e, lab in entry.elements if lab.joined == query.phrase), None)
            if labelled is not None:
                score += ELEMENT_LABEL_BONUS
                named = named or labelled
        if " " in query.phrase and f" {query.phrase} " in f" {entry.title_joined} ":
            score += TITLE_PHRASE_BONUS
    if kind is None:
        if not hits:
            return None
        kind = MatchKind.WORDS if len(hits) == len(query.content) else MatchKind.SOME_WORDS
    return Match(
        entry.formation, kind, score, entry.current, named, tuple(hits), entry.title_length
    )
