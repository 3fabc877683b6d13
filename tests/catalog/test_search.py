"""Search semantics of the site, run by the CLI: codes, element codes, labels, and ranking."""

from __future__ import annotations

import pytest

from sync_helper.catalog import Catalog, Composante, Element, Formation, load_catalog
from sync_helper.catalog.search import MatchKind, search_catalog
from sync_helper.institution import load_institution
from tests.catalog.conftest import ROOT


@pytest.fixture(scope="module")
def sample() -> Catalog:
    institution = load_institution(ROOT / "institution.yml")
    return load_catalog(institution.catalog_files, institution.cohort_code_template)


def codes(catalog: Catalog, query: str) -> list[str]:
    return [match.formation.code for match in search_catalog(catalog, query)]


@pytest.mark.parametrize(
    "query",
    [
        "thermo",
        "Thermodynamique",
        "methodes",
        "MÉTHODES calcul",
        "RETHC01",
        "rethc01",
        "CHIM231",
        "L1CHIM",
        "L1CHIM231",
        "L1CHIM 231",
        "cinetique",
    ],
)
def test_sample_queries_find_l1chim231(sample: Catalog, query: str) -> None:
    assert "L1CHIM231" in codes(sample, query)


def test_element_code_names_the_element(sample: Catalog) -> None:
    (match,) = search_catalog(sample, "RETHC01")
    assert match.kind is MatchKind.ELEMENT_CODE
    assert match.element is not None
    assert match.element.label == "Thermodynamique et cinétique"
    assert match.reason == "element code RETHC01"


def test_nothing_found_and_blank_query(sample: Catalog) -> None:
    assert search_catalog(sample, "zzzzqqq") == []
    assert search_catalog(sample, "   ") == []
    assert search_catalog(sample, "-") == []  # no word: the site finds nothing either


def formation(code: str, version: str, label: str, *elements: Element) -> Formation:
    return Formation(code, version, label, "010", elements=list(elements))


@pytest.fixture
def ranked() -> Catalog:
    """Formations built so that each rank rule decides one comparison."""
    return Catalog(
        composantes={"010": Composante("010", "UFR des Sciences")},
        formations=[
            formation("ZZCHIM", "231", "Infix de code"),
            formation("CHIM23", "100", "Préfixe de code"),
            formation("AAAAAA", "001", "Élément exact", Element("CHIM231", "Cours")),
            formation("CHIM", "231", "Code exact"),
            formation("BBBBBB", "001", "Préfixe d'élément", Element("CHIM2310", "Cours")),
            formation("CCCCCC", "001", "Le chim231 dans un mot: xchim231y"),
            formation("DDDDDD", "001", "Thermo", Element("E1", "Thermodynamique")),
            formation("EEEEEE", "001", "Autre", Element("E2", "Cinétique et thermodynamique")),
            formation("FFFFFF", "001", "Géothermodynamique"),
            formation(
                "GGGGGG",
                "001",
                "Chimie",
                Element("G1", "Cinétique"),
                Element("G2", "Thermodynamique chimique"),
            ),
        ],
    )


def test_ranking_of_code_queries(ranked: Catalog) -> None:
    found = search_catalog(ranked, "chim231")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("CHIM231", MatchKind.CODE),
        ("AAAAAA001", MatchKind.ELEMENT_CODE),
        ("CHIM23100", MatchKind.CODE_PREFIX),
        ("BBBBBB001", MatchKind.ELEMENT_CODE_PREFIX),
        ("ZZCHIM231", MatchKind.CODE_INFIX),
        ("CCCCCC001", MatchKind.LABEL_WORDS),
    ]


def test_whole_words_beat_prefixes_beat_infixes_and_ties_go_by_code(ranked: Catalog) -> None:
    found = search_catalog(ranked, "thermo")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("DDDDDD001", MatchKind.LABEL_WORDS),
        ("EEEEEE001", MatchKind.LABEL_WORD_PREFIXES),
        ("GGGGGG001", MatchKind.LABEL_WORD_PREFIXES),
        ("FFFFFF001", MatchKind.LABEL_INFIX),
    ]


def test_a_whole_element_label_beats_label_words(ranked: Catalog) -> None:
    found = search_catalog(ranked, "thermodynamique")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("DDDDDD001", MatchKind.ELEMENT_LABEL),
        ("EEEEEE001", MatchKind.LABEL_WORDS),
        ("GGGGGG001", MatchKind.LABEL_WORDS),
        ("FFFFFF001", MatchKind.LABEL_INFIX),
    ]
    assert found[0].reason == "element label: E1 Thermodynamique"


def test_whole_element_label_keeps_the_query_s_articles(ranked: Catalog) -> None:
    found = search_catalog(ranked, "Cinétique ET thermodynamique")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("EEEEEE001", MatchKind.ELEMENT_LABEL),
        ("GGGGGG001", MatchKind.LABEL_WORDS),
    ]


def test_query_words_may_come_from_different_labels(ranked: Catalog) -> None:
    (match,) = search_catalog(ranked, "chimie cinetique thermodynamique")
    assert (match.formation.code, match.kind) == ("GGGGGG001", MatchKind.LABEL_WORDS)
    assert match.reason == "label words: G1 Cinétique; G2 Thermodynamique chimique"
    assert codes(ranked, "thermo inexistant") == []


def test_infixes_count_in_the_formation_label_only(ranked: Catalog) -> None:
    assert codes(ranked, "dynamique") == ["FFFFFF001"]


def test_one_character_matches_codes_only(ranked: Catalog) -> None:
    assert codes(ranked, "c") == ["CCCCCC001", "CHIM231", "CHIM23100"]
    assert codes(ranked, "2") == []


def test_articles_in_the_query_are_ignored(ranked: Catalog) -> None:
    assert codes(ranked, "cinétique et la thermodynamique") == ["EEEEEE001", "GGGGGG001"]


def test_cohort_code_from_template_is_an_exact_match() -> None:
    catalog = Catalog(
        formations=[formation("L1CHIM", "231", "Chimie")],
        cohort_template="{year}-{code_etape}{version}",
    )
    catalog.formations[0].year = "2023"
    (match,) = search_catalog(catalog, "2023-L1CHIM231")
    assert match.kind is MatchKind.CODE


def test_limit(ranked: Catalog) -> None:
    assert len(search_catalog(ranked, "chim231", limit=2)) == 2
