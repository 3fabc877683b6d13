"""Find formations from what a teacher knows: a code, part of one, or words of a course title.

Ranks exactly like the site's search box (``assets/code-search.js``, the reference; a browser
test compares the two on the sample data):

* the query is folded with :func:`fold`; its words are runs of letters and digits; a query
  without any word finds nothing; for codes its whitespace is dropped, so ``L1CHIM 231`` (as
  APOGEE displays it) finds ``L1CHIM231``;
* tiers, best first: exact formation or cohort code; exact element code (``RETHC01``); exact
  element label (the query's words are all of an element label's words, in order); formation or
  cohort code prefix (``L1CHIM``); element code prefix (``RETHC``); formation or cohort code
  infix (``CHIM231``); label words — each query word must occur in the formation's label or in
  any of its elements' labels (words may come from different labels), and the worst word decides:
  all whole words, then prefixes, then infixes (inside the formation's label only);
* one character is not enough for element codes, code infixes or labels: only formation and
  cohort codes (exact or prefix) answer it;
* element label words that are stop words, and query words of one character, never match an
  element's label (the site does not index them);
* ties are broken by formation code (UTF-16 order, as JavaScript compares strings); each
  formation appears once, with its best reason.

One- and two-letter French articles and prepositions in the query (``de``, ``la``, ``et``…) are
ignored for label words when other words remain; the exact-label tier keeps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from sync_helper.catalog.model import Catalog, Element, Formation
from sync_helper.catalog.text import fold

QUERY_STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la"})
QUERY_STOP_WORDS |= {"le", "les", "par", "pour", "sur", "un", "une"}
_WORD = re.compile(r"[^\W_]+")
# JavaScript's \s, which the site strips from codes (Python's str.split() differs slightly).
_JS_SPACES = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
# The site reads element codes and label words from shards keyed by their first two characters.
MIN_LENGTH = 2


class MatchKind(IntEnum):
    """Why a formation matched; lower is better (the site's tiers, same order)."""

    CODE = 0
    ELEMENT_CODE = 1
    ELEMENT_LABEL = 2
    CODE_PREFIX = 3
    ELEMENT_CODE_PREFIX = 4
    CODE_INFIX = 5
    LABEL_WORDS = 6
    LABEL_WORD_PREFIXES = 7
    LABEL_INFIX = 8


REASONS = {
    MatchKind.CODE: "code",
    MatchKind.ELEMENT_CODE: "element code",
    MatchKind.ELEMENT_LABEL: "element label",
    MatchKind.CODE_PREFIX: "code prefix",
    MatchKind.ELEMENT_CODE_PREFIX: "element code prefix",
    MatchKind.CODE_INFIX: "part of the code",
    MatchKind.LABEL_WORDS: "label words",
    MatchKind.LABEL_WORD_PREFIXES: "label word prefixes",
    MatchKind.LABEL_INFIX: "part of a label",
}
_LABEL_LEVELS = (MatchKind.LABEL_WORDS, MatchKind.LABEL_WORD_PREFIXES, MatchKind.LABEL_INFIX)


@dataclass(frozen=True)
class Match:
    """A formation found by a query, and why.

    ``elements`` are the elements whose code or label matched (for label words: each element
    whose label supplied a query word better than the formation's label did); ``element`` is
    the first of them, or None when only the formation itself matched.
    """

    formation: Formation
    kind: MatchKind
    element: Element | None = None
    elements: tuple[Element, ...] = ()

    @property
    def reason(self) -> str:
        """Readable reason, e.g. ``element code RETHC01`` or ``label words: RETHC01 Thermo…``."""
        text = REASONS[self.kind]
        shown = self.elements or ((self.element,) if self.element else ())
        if not shown:
            return text
        if self.kind in (MatchKind.ELEMENT_CODE, MatchKind.ELEMENT_CODE_PREFIX):
            return f"{text} {shown[0].code}"
        return f"{text}: " + "; ".join(f"{e.code} {e.label}" for e in shown)


def words(folded: str) -> list[str]:
    """Letters-and-digits runs of already folded text."""
    return _WORD.findall(folded)


@dataclass(frozen=True)
class _Label:
    """An element label as the site indexes it: whole (words joined) and its usable words."""

    joined: str
    words: frozenset[str]


@dataclass(frozen=True)
class _Entry:
    """A formation's searchable text, folded once."""

    formation: Formation
    codes: tuple[str, ...]
    label: str
    label_words: tuple[str, ...]
    element_codes: tuple[tuple[str, Element], ...]
    element_labels: tuple[tuple[_Label, Element], ...]


@dataclass(frozen=True)
class _Query:
    """A query folded once: its code form, its whole-label form and its content words."""

    code: str
    label: str
    content: tuple[str, ...]


class CatalogSearch:
    """Folds a catalog once, then answers any number of queries (the CLI asks one)."""

    def __init__(self, catalog: Catalog) -> None:
        self._labels: dict[str, _Label] = {}
        self._entries = [self._entry(formation, catalog) for formation in catalog.formations]

    def _element_label(self, label: str) -> _Label:
        """Folded once per distinct label: shared elements repeat theirs in many formations."""
        known = self._labels.get(label)
        if known is None:
            label_words = words(fold(label))
            usable = {w for w in label_words if len(w) >= MIN_LENGTH} - QUERY_STOP_WORDS
            known = self._labels[label] = _Label(" ".join(label_words), frozenset(usable))
        return known

    def _entry(self, formation: Formation, catalog: Catalog) -> _Entry:
        elements = [element for _, element in formation.walk_elements()]
        codes = {fold(formation.code), fold(formation.cohort_code(catalog.cohort_template))}
        label = fold(formation.label)
        return _Entry(
            formation=formation,
            codes=tuple(sorted(codes)),
            label=label,
            label_words=tuple(words(label)),
            # Sorted by folded code: the site names the first element code that matched.
            element_codes=tuple(sorted(((fold(e.code), e) for e in elements), key=_first)),
            element_labels=tuple((self._element_label(e.label), e) for e in elements),
        )

    def search(self, query: str, limit: int | None = None) -> list[Match]:
        """Formations matching ``query``, best first; at most ``limit`` of them."""
        folded = fold(query)
        query_words = words(folded)
        if not query_words:
            return []
        parsed = _Query(
            code=_JS_SPACES.sub("", folded),
            label=" ".join(query_words),
            content=tuple(_meaningful(query_words)),
        )
        found = [match for entry in self._entries if (match := _best(entry, parsed)) is not None]
        found.sort(key=lambda match: (match.kind, _js_order(match.formation.code)))
        return found[:limit] if limit is not None else found


def search_catalog(catalog: Catalog, query: str, limit: int | None = None) -> list[Match]:
    """One-off search; build a :class:`CatalogSearch` to ask several questions."""
    return CatalogSearch(catalog).search(query, limit)


def _first(pair: tuple[str, Element]) -> str:
    return pair[0]


def _js_order(code: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; big-endian UTF-16 bytes sort the same."""
    return code.encode("utf-16-be", "surrogatepass")


def _meaningful(query_words: list[str]) -> list[str]:
    kept = [word for word in query_words if word not in QUERY_STOP_WORDS]
    return kept or query_words


def _best(entry: _Entry, query: _Query) -> Match | None:
    """The best tier only: tiers are tried best first."""
    formation, code = entry.formation, query.code
    long_enough = len(code) >= MIN_LENGTH
    if code in entry.codes:
        return Match(formation, MatchKind.CODE)
    if long_enough:
        exact = next((e for c, e in entry.element_codes if c == code), None)
        if exact is not None:
            return Match(formation, MatchKind.ELEMENT_CODE, exact, (exact,))
    if len(query.label) >= MIN_LENGTH:
        named = next((e for label, e in entry.element_labels if label.joined == query.label), None)
        if named is not None:
            return Match(formation, MatchKind.ELEMENT_LABEL, named, (named,))
    if any(own.startswith(code) for own in entry.codes):
        return Match(formation, MatchKind.CODE_PREFIX)
    if not long_enough:
        return None
    prefixed = next((e for c, e in entry.element_codes if c.startswith(code)), None)
    if prefixed is not None:
        return Match(formation, MatchKind.ELEMENT_CODE_PREFIX, prefixed, (prefixed,))
    if any(code in own for own in entry.codes):
        return Match(formation, MatchKind.CODE_INFIX)
    return _label_match(entry, query.content)


def _label_match(entry: _Entry, content: tuple[str, ...]) -> Match | None:
    """Every content word somewhere in the labels; the worst word's level decides the tier."""
    worst = 0
    sources: list[Element] = []
    for word in content:
        found = _word_level(entry, word)
        if found is None:
            return None
        level, element = found
        worst = max(worst, level)
        if element is not None and element not in sources:
            sources.append(element)
    element = sources[0] if sources else None
    return Match(entry.formation, _LABEL_LEVELS[worst], element, tuple(sources))


def _word_level(entry: _Entry, word: str) -> tuple[int, Element | None] | None:
    """Best level of ``word`` (0 whole word, 1 prefix, 2 infix) and the element supplying it.

    The formation's own label wins ties; element labels offer whole words and prefixes only.
    """
    best: tuple[int, Element | None] | None = None
    if word in entry.label_words:
        return 0, None
    if any(candidate.startswith(word) for candidate in entry.label_words):
        best = (1, None)
    elif word in entry.label:
        best = (2, None)
    if len(word) < MIN_LENGTH:
        return best
    for label, element in entry.element_labels:
        if word in label.words:
            return 0, element
        if (best is None or best[0] > 1) and any(c.startswith(word) for c in label.words):
            best = (1, element)
    return best
