"""Ranking rules a teacher relies on, each pinned where a slip would reorder or hide a result.

Written against surviving mutants of ``search.py`` and ``search_words.py`` (see
``script/mutation``): every test here fails on a plausible slip of the ranking (a tie broken
the other way, a boundary moved by one letter, a field that forgets its synonyms) and
describes the result a person would see instead.
"""

from __future__ import annotations

from functools import cache
from itertools import product

import pytest

from sync_helper.catalog import Catalog, Composante, Element, Formation
from sync_helper.catalog.search import (
    Field,
    MatchKind,
    SearchSettings,
    place_text,
    search_catalog,
)
from sync_helper.catalog.search_words import QUERY_STOP_WORDS, Synonyms, edit_distance

COMPOSANTES = {
    "010": Composante("010", "UFR des Sciences"),
    "OISE": Composante("OISE", "IUT de l'Oise", site="CREIL"),
}


def formation(code: str, label: str, *elements: Element, year: str = "2023", **kw) -> Formation:
    return Formation(
        code[:-3], code[-3:], label, kw.get("composante", "010"), year, elements=[*elements]
    )


def catalog(*formations: Formation) -> Catalog:
    return Catalog(composantes=dict(COMPOSANTES), formations=list(formations))


def codes(data: Catalog, query: str, settings: SearchSettings | None = None) -> list[str]:
    return [match.formation.code for match in search_catalog(data, query, settings=settings)]


def test_an_old_years_exact_code_comes_before_this_years_formations() -> None:
    """A teacher pasting last year's cohort code wants that cohort, not the renamed one."""
    data = catalog(
        formation("L1CHIM231", "LICENCE 1 CHIMIE (ANCIEN CODE L1CHIM221)"),
        formation("L1CHIM221", "LICENCE 1 CHIMIE", year="2022"),
    )
    found = search_catalog(data, "L1CHIM221")
    assert [(m.formation.code, m.kind, m.current) for m in found] == [
        ("L1CHIM221", MatchKind.CODE, False),
        ("L1CHIM231", MatchKind.WORDS, True),
    ]


def test_a_configured_year_stays_current_when_next_years_catalog_is_loaded() -> None:
    """In June next year's formations are loaded, but this year's cohorts are the ones in use."""
    data = catalog(
        formation("L1CHIM241", "LICENCE 1 CHIMIE", year="2024"),
        formation("L1CHIM231", "LICENCE 1 CHIMIE"),
    )
    settings = SearchSettings.from_institution({"current_year": 2023})
    found = search_catalog(data, "L1 chimie", settings=settings)
    assert [(m.formation.code, m.current) for m in found] == [
        ("L1CHIM231", True),
        ("L1CHIM241", False),
    ]
    assert [m.current for m in search_catalog(data, "L1 chimie")] == [True, False]
    assert codes(data, "L1 chimie") == ["L1CHIM241", "L1CHIM231"], "default: the latest year"


def test_an_empty_catalog_finds_nothing_without_error() -> None:
    assert codes(Catalog(), "chimie") == []


def test_reason_lists_title_then_element_then_place() -> None:
    """« Pourquoi ce résultat » reads in the order of strength, whatever matched first."""
    thermo = Element("RETHC01", "Thermodynamique et cinétique")
    data = catalog(formation("BUTCHI231", "BUT CHIMIE", thermo, composante="OISE"))
    (match,) = search_catalog(data, "creil thermodynamique chimie")
    assert [(hit.word, hit.field) for hit in match.hits] == [
        ("creil", Field.PLACE),
        ("thermodynamique", Field.ELEMENT),
        ("chimie", Field.TITLE),
    ]
    assert match.elements == (thermo,)
    assert match.reason == "title; element RETHC01 Thermodynamique et cinétique; composante/site"


def test_two_equal_element_matches_name_the_first_by_code() -> None:
    """Ties are deterministic: the element named is the one whose code sorts first."""
    data = catalog(
        formation(
            "L2PHYS231",
            "LICENCE 2 PHYSIQUE",
            Element("RETHC02", "Thermodynamique 2"),
            Element("RETHC01", "Thermodynamique 1"),
        )
    )
    (match,) = search_catalog(data, "thermodynamique")
    assert match.reason == "element RETHC01 Thermodynamique 1"


def test_site_and_last_word_of_the_composante_are_both_places() -> None:
    data = catalog(formation("BUTGEI231", "BUT GEII", composante="OISE"))
    assert codes(data, "GEII creil") == ["BUTGEI231"]
    assert codes(data, "GEII oise") == ["BUTGEI231"]


def test_a_two_letter_element_word_and_an_element_synonym_are_found() -> None:
    """« TP » and « IA » are what teachers type; both live in element labels."""
    data = catalog(
        formation("L3CHIM231", "LICENCE 3 CHIMIE", Element("TPCO01", "TP chimie organique")),
        formation(
            "M1INFO231", "MASTER 1 INFORMATIQUE", Element("IA01", "Intelligence artificielle")
        ),
    )
    assert codes(data, "TP") == ["L3CHIM231"]
    (match,) = search_catalog(data, "informatique IA")
    assert match.formation.code == "M1INFO231"
    assert match.reason == "title; element IA01 Intelligence artificielle"


def test_a_stop_word_only_in_an_element_label_finds_nothing() -> None:
    """The site does not index « et », « de »… in element labels; the CLI must agree."""
    data = catalog(
        formation(
            "L1CHIM231", "LICENCE 1 CHIMIE", Element("RETHC01", "Thermodynamique et cinétique")
        )
    )
    assert codes(data, "et") == []


@pytest.mark.parametrize("stop", sorted(QUERY_STOP_WORDS))
def test_stop_words_in_a_query_are_not_required(stop: str) -> None:
    data = catalog(formation("M1CHIM231", "MASTER 1 CHIMIE"))
    (match,) = search_catalog(data, f"master {stop} chimie")
    assert match.complete


def test_one_character_words_count_in_titles_only() -> None:
    """« chimie 2 » means the L2: a « 2e » in an element of the L1 does not make it match."""
    data = catalog(
        formation(
            "L1CHIM231", "LICENCE 1 CHIMIE", Element("CHSO01", "Chimie des solutions 2e partie")
        ),
        formation("L2CHIM231", "LICENCE 2 CHIMIE"),
    )
    assert codes(data, "chimie 2") == ["L2CHIM231"]


def test_two_letter_queries_also_find_codes_containing_them() -> None:
    """« IA »: the IA master first (title synonym), MIAGE after (its code holds « IA »)."""
    data = catalog(
        formation("L3MIAG231", "LICENCE 3 MIAGE"),
        formation("M2INTA231", "MASTER 2 INTELLIGENCE ARTIFICIELLE"),
    )
    found = search_catalog(data, "IA")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("M2INTA231", MatchKind.WORDS),
        ("L3MIAG231", MatchKind.CODE_INFIX),
    ]


def test_whole_word_beats_prefix_beats_typo_whatever_the_codes() -> None:
    data = catalog(
        formation("AAAAAA231", "LICENCE CHIMMIE"),
        formation("BBBBBB231", "LICENCE CHIMIESTRY"),
        formation("CCCCCC231", "LICENCE CHIMIE"),
    )
    assert codes(data, "chimie") == ["CCCCCC231", "BBBBBB231", "AAAAAA231"]


def test_words_of_the_title_in_a_row_beat_a_shorter_title() -> None:
    """« physique chimie »: the physique-chimie portal before the shorter « chimie physique »."""
    data = catalog(
        formation("AAAAAA231", "LICENCE 1 CHIMIE PHYSIQUE"),
        formation("ZZZZZZ231", "LICENCE 1 PORTAIL PHYSIQUE CHIMIE"),
    )
    assert codes(data, "physique chimie") == ["ZZZZZZ231", "AAAAAA231"]


def test_one_element_code_twice_in_a_formation() -> None:
    """Spreadsheet exports list an element once per semester with different labels."""
    data = catalog(
        formation(
            "L1LANG231",
            "LICENCE 1 LANGUES",
            Element("ANG01", "Anglais S2", period="S2"),
            Element("ang01", "Anglais S1", period="S1"),
        )
    )
    (match,) = search_catalog(data, "ANG01")
    assert match.kind is MatchKind.ELEMENT_CODE
    assert codes(data, "anglais") == ["L1LANG231"]


def test_a_title_answers_to_the_synonyms_of_each_of_its_phrases() -> None:
    """« LICENCE 3 MIAGE » is both an L3 and « méthodes informatiques appliquées… »."""
    extra = Synonyms().extra_words(["licence", "3", "miage"])
    assert "l3" in extra and "methodes" in extra
    data = catalog(formation("L3MIAG231", "LICENCE 3 MIAGE"))
    (match,) = search_catalog(data, "L3 méthodes informatiques")
    assert match.complete


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("chmie", True),  # 5 letters: one edit forgiven
        ("chmei", False),  # 5 letters: two edits are too many
        ("scoiolgie", True),  # 9 letters: two edits forgiven
        ("scoiolgi", False),  # 8 letters: only one
    ],
)
def test_typo_budget_grows_at_five_and_nine_letters(query: str, found: bool) -> None:
    data = catalog(
        formation("L1CHIM231", "LICENCE 1 CHIMIE"),
        formation("L1SOCI231", "LICENCE 1 SOCIOLOGIE"),
    )
    assert bool(codes(data, query)) is found


@cache
def reference(a: str, b: str) -> int:
    """Optimal string alignment distance, from its textbook recursive definition."""
    if not a or not b:
        return len(a) + len(b)
    best = min(
        reference(a[:-1], b) + 1,
        reference(a, b[:-1]) + 1,
        reference(a[:-1], b[:-1]) + (a[-1] != b[-1]),
    )
    if len(a) > 1 and len(b) > 1 and a[-1] == b[-2] and a[-2] == b[-1]:
        best = min(best, reference(a[:-2], b[:-2]) + 1)
    return best


TYPOS = [
    ("chimie", "hcimie"),  # swapped first letters
    ("chimie", "chimei"),
    ("chimie", "cihmie"),
    ("psychologie", "psycologie"),
    ("thermodynamique", "termodinamique"),
    ("histoire", "histiore"),
    ("anglais", "angalis"),
    ("abcd", "abxyzw"),
    ("ab", "ba"),
    ("a", "b"),
    ("ecole", "ceole"),
    ("physique", "phisyque"),
    ("chimie", "echimie"),  # a stray key before the word, the same as its last letter
]


@pytest.mark.parametrize(("a", "b"), TYPOS)
@pytest.mark.parametrize("limit", [1, 2])
def test_edit_distance_is_the_capped_alignment_distance(a: str, b: str, limit: int) -> None:
    expected = min(reference(a, b), limit + 1)
    assert edit_distance(a, b, limit) == expected
    assert edit_distance(b, a, limit) == expected


def test_edit_distance_agrees_with_its_definition_on_every_short_pair() -> None:
    """Every pair of words of up to four letters over « abc », every cap a query word gets.

    The typo rule's edges (a slip in the first letters, a swap at the start, a cap of 3) are
    where a hand-written table of typos misses a slip in the recurrence.
    """
    words = ["".join(letters) for n in range(5) for letters in product("abc", repeat=n)]
    wrong = [
        (a, b, limit)
        for a in words
        for b in words
        for limit in (1, 2, 3)
        if edit_distance(a, b, limit) != min(reference(a, b), limit + 1)
    ]
    assert wrong == []


TYPO_CATALOG = catalog(
    formation("L1CHIM231", "LICENCE 1 CHIMIE", Element("RETHC01", "Thermodynamique et cinétique")),
    formation("L1PHYS231", "LICENCE 1 PHYSIQUE", Element("REOPT01", "Optique géométrique")),
    formation(
        "L1LMOD231",
        "LICENCE 1 LETTRES MODERNES",
        Element("LFXVII", "Littérature française du XVIIe siècle"),
    ),
    formation("L1LEAA231", "LICENCE 1 LEA", Element("TRADAF", "Traduction anglais-français")),
)


@pytest.mark.parametrize(
    "query",
    [
        "thermmo",  # a letter typed twice: « thermo » is the word cut one letter shorter
        "tehrmo",  # two letters swapped: cut at the query's length
        "thrmo",  # a letter left out: cut one letter longer
    ],
)
def test_the_beginning_of_a_course_word_typed_with_one_typo_is_found(query: str) -> None:
    """As the teacher types « thermo… », one slip still finds Thermodynamique."""
    (match,) = search_catalog(TYPO_CATALOG, query)
    assert (match.formation.code, match.hits[0].quality) == ("L1CHIM231", 1)
    assert match.reason == "element RETHC01 Thermodynamique et cinétique"


def test_two_slips_in_a_begun_word_are_too_many() -> None:
    assert codes(TYPO_CATALOG, "tehrmi") == []


def test_a_typo_finds_the_word_one_letter_longer_as_it_finds_longer_ones() -> None:
    """« francias » (« français » with two letters swapped) finds « française » too: a
    feminine or a plural is one letter longer, and used to be missed while « françaises »
    was found; « chimmi », « chimie » being typed with a doubled m, finds it."""
    assert codes(TYPO_CATALOG, "francias") == ["L1LEAA231", "L1LMOD231"]
    assert codes(TYPO_CATALOG, "littérature francias") == ["L1LMOD231"]
    assert codes(TYPO_CATALOG, "chimmi") == ["L1CHIM231"]


def test_a_course_named_exactly_as_typed_comes_before_titles_with_its_words() -> None:
    """« Chimie organique » typed whole: the formation holding that course first, then the
    parcours whose title has both words in a row, then a course that only starts so."""
    data = catalog(
        formation("L3CHIM231", "LICENCE 3 CHIMIE", Element("RECO3", "Chimie organique avancée")),
        formation("M1CHOR231", "MASTER 1 CHIMIE ORGANIQUE"),
        formation("L2CHIM231", "LICENCE 2 CHIMIE", Element("RECO2", "Chimie organique")),
    )
    found = search_catalog(data, "Chimie organique")
    assert [m.formation.code for m in found] == ["L2CHIM231", "M1CHOR231", "L3CHIM231"]
    assert found[0].reason == "title; element RECO2 Chimie organique"


def test_a_two_letter_course_label_typed_whole_is_an_exact_label() -> None:
    """Apogée's short labels are often acronyms: the course called « IA » is named by « IA »
    before the master whose title only means it (« intelligence artificielle »)."""
    data = catalog(
        formation("M2INTA231", "MASTER 2 INTELLIGENCE ARTIFICIELLE"),
        formation("M1INFO231", "MASTER 1 INFORMATIQUE", Element("RINF12", "IA")),
    )
    found = search_catalog(data, "IA")
    assert [m.formation.code for m in found] == ["M1INFO231", "M2INTA231"]
    assert found[0].reason == "element RINF12 IA"


def test_the_course_named_exactly_is_the_one_the_result_names() -> None:
    """« Anglais »: the course called Anglais is named first, even when « Anglais
    scientifique » sorts before it by code."""
    data = catalog(
        formation(
            "L1BIOL231",
            "LICENCE 1 BIOLOGIE",
            Element("ANG01", "Anglais scientifique"),
            Element("ANG02", "Anglais"),
        )
    )
    (match,) = search_catalog(data, "anglais")
    assert match.elements[0].code == "ANG02"
    assert match.reason == "element ANG02 Anglais; element ANG01 Anglais scientifique"


def test_a_one_character_word_is_not_looked_for_in_the_site() -> None:
    """« licence 2 chimie » means the L2, not the L1 taught on a site called « Campus 2 »."""
    data = Catalog(
        composantes={"010": Composante("010", "UFR des Sciences", site="CAMPUS 2")},
        formations=[
            formation("L1CHIM231", "LICENCE 1 CHIMIE"),
            formation("L2CHIM231", "LICENCE 2 CHIMIE"),
        ],
    )
    assert codes(data, "licence 2 chimie") == ["L2CHIM231"]
    assert codes(data, "chimie campus") == ["L1CHIM231", "L2CHIM231"]


def test_a_formation_found_by_its_words_alone_scores_only_its_words() -> None:
    """The browser's script gives no code points to a word-only match (``kind === NONE ? 0``).

    Ties between a word-only match and a weak code match are broken by the title's length; a
    point of difference here would reorder them in one place and not in the other.
    """
    data = catalog(
        formation("L1PHYS231", "LICENCE 1 PHYSIQUE", Element("CHG01", "Chimie générale")),
        formation("L1CHIM231", "LICENCE 1 CHIMIE"),
    )
    found = {m.formation.code: m for m in search_catalog(data, "chim")}
    assert (found["L1CHIM231"].kind, found["L1CHIM231"].score) == (MatchKind.CODE_INFIX, 90 + 80)
    assert (found["L1PHYS231"].kind, found["L1PHYS231"].score) == (MatchKind.WORDS, 40)


def test_a_formation_without_composante_has_no_place_words() -> None:
    """The composante is optional in the data: no place to search, and nothing made up."""
    data = catalog(formation("L1CHIM231", "LICENCE 1 CHIMIE", composante=""))
    assert place_text(data, "") == ""
    assert place_text(data, "OISE") == "IUT de l'Oise CREIL"
