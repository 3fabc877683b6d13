"""The words a search compares: folded words, the words that mean the same, near misses.

Shared by the CLI's search (:mod:`search`) and the site's search data (:mod:`search_index`):
synonyms are applied to the catalog's text when it is indexed (both ways: ``L1`` in a label
also yields ``licence`` and ``1``, ``LICENCE 1`` also yields ``l1``), so the browser only
compares words and never needs the synonym table. Its script repeats :func:`typo_budget` and
:func:`edit_distance`; a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from sync_helper.catalog.text import fold

QUERY_STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la"})
QUERY_STOP_WORDS |= {"le", "les", "par", "pour", "sur", "un", "une"}
_WORD = re.compile(r"[^\W_]+")

# What teachers type for diplomas and common programme names, and what the data says.
# Each group lists words or phrases that mean the same; institution.yml adds its own groups.
BUILTIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("L1", "licence 1"),
    ("L2", "licence 2"),
    ("L3", "licence 3"),
    ("LP", "licence professionnelle", "licence pro"),
    ("M1", "master 1"),
    ("M2", "master 2"),
    ("BUT", "bachelor universitaire de technologie"),
    ("BUT1", "BUT 1"),
    ("BUT2", "BUT 2"),
    ("BUT3", "BUT 3"),
    ("DUT", "diplôme universitaire de technologie"),
    ("DU", "diplôme universitaire", "diplôme d'université"),
    ("PASS", "parcours d'accès spécifique santé"),
    ("LAS", "licence accès santé", "licence option accès santé"),
    ("LEA", "langues étrangères appliquées"),
    ("LLCER", "langues littératures et civilisations étrangères et régionales"),
    ("MEEF", "métiers de l'enseignement de l'éducation et de la formation"),
    ("GEII", "génie électrique et informatique industrielle"),
    ("GEA", "gestion des entreprises et des administrations"),
    ("STAPS", "sciences et techniques des activités physiques et sportives"),
    ("MIAGE", "méthodes informatiques appliquées à la gestion des entreprises"),
    ("IA", "intelligence artificielle"),
    ("RT", "réseaux et télécommunications"),
    ("GMP", "génie mécanique et productique"),
    ("TC", "techniques de commercialisation"),
    ("MMI", "métiers du multimédia et de l'internet"),
    ("GIM", "génie industriel et maintenance"),
    ("QLIO", "qualité logistique industrielle et organisation"),
    ("SVT", "sciences de la vie et de la terre"),
)


def words(folded: str) -> list[str]:
    """Letters-and-digits runs of already folded text."""
    return _WORD.findall(folded)


def phrase(text: str) -> tuple[str, ...]:
    """A label or synonym as the sequence of its folded words."""
    return tuple(words(fold(text)))


class Synonyms:
    """Groups of interchangeable words or phrases, matched on whole words of a text."""

    def __init__(self, groups: Iterable[Sequence[str]] = BUILTIN_SYNONYMS) -> None:
        self._groups = [tuple(p for p in map(phrase, group) if p) for group in groups]
        self._cache: dict[tuple[str, ...], tuple[str, ...]] = {}

    @classmethod
    def from_settings(cls, configured: Mapping[str, Sequence[str]] | None) -> Synonyms:
        """Built-in groups plus ``search.synonyms`` of institution.yml: ``{term: [same, …]}``."""
        extra = [(term, *same) for term, same in (configured or {}).items()]
        return cls([*BUILTIN_SYNONYMS, *extra])

    def extra_words(self, text_words: Sequence[str]) -> tuple[str, ...]:
        """Words the text also answers to: the other members of each group it contains."""
        key = tuple(text_words)
        known = self._cache.get(key)
        if known is None:
            present = set(text_words)
            found: list[str] = []
            for group in self._groups:
                if any(_contains(key, member) for member in group if present.issuperset(member)):
                    found += [w for member in group for w in member if w not in present]
            known = self._cache[key] = tuple(dict.fromkeys(found))
        return known


def _contains(text: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return any(text[i : i + size] == part for i in range(len(text) - size + 1))


def typo_budget(word: str) -> int:
    """Edits forgiven in a query word: none under 5 letters, one, two from 9 letters."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 9 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def near_miss(word: str, candidate: str) -> bool:
    """``candidate`` (or its beginning, as typed so far) is within the typo budget of ``word``.

    The beginning is the candidate cut one letter before, at or after the word's length (a
    letter typed twice, a typo, a letter left out), whatever the candidate's length beyond:
    « francias » finds « française » as it finds « françaises ».
    """
    limit = typo_budget(word)
    if not limit or candidate == word:
        return False
    if edit_distance(word, candidate, limit) <= limit:
        return True
    size = len(word)
    return len(candidate) >= size and any(
        edit_distance(word, candidate[:cut], limit) <= limit for cut in (size - 1, size, size + 1)
    )
