"""Search semantics shared with the site: codes, element codes, label words, and ranking."""

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


def test_label_words_beat_label_infix_and_ties_go_by_code(ranked: Catalog) -> None:
    found = search_catalog(ranked, "thermodynamique")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("DDDDDD001", MatchKind.LABEL_WORDS),
        ("EEEEEE001", MatchKind.LABEL_WORDS),
        ("FFFFFF001", MatchKind.LABEL_INFIX),
    ]


def test_all_query_words_must_be_in_one_label(ranked: Catalog) -> None:
    assert codes(ranked, "cinetique thermo") == ["EEEEEE001"]
    assert codes(ranked, "thermo inexistant") == []


def test_articles_in_the_query_are_ignored(ranked: Catalog) -> None:
    assert codes(ranked, "cinétique et la thermodynamique") == ["EEEEEE001"]


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
