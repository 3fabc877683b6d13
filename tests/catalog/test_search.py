"""Search semantics of the site, run by the CLI: codes, element codes, labels, and ranking."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sync_helper.catalog import Catalog, Composante, Element, Formation, load_catalog
from sync_helper.catalog.search import (
    CatalogSearch,
    Field,
    MatchKind,
    SearchSettings,
    search_catalog,
)
from sync_helper.catalog.search_words import Synonyms, edit_distance, near_miss
from sync_helper.institution import load_institution
from tests.catalog.conftest import ROOT
from tests.index.relevance import SAMPLE_RELEVANCE


@pytest.fixture(scope="module")
def sample() -> Catalog:
    institution = load_institution(ROOT / "institution.yml")
    return load_catalog(institution.catalog_files, institution.cohort_code_template)


@pytest.fixture(scope="module")
def sample_search(sample: Catalog) -> CatalogSearch:
    institution = load_institution(ROOT / "institution.yml")
    return CatalogSearch(sample, SearchSettings.from_institution(institution.values))


@pytest.mark.parametrize(("query", "expected"), SAMPLE_RELEVANCE)
def test_relevance_table_first_result(
    sample_search: CatalogSearch, query: str, expected: str
) -> None:
    assert [match.formation.code for match in sample_search.search(query, limit=1)] == [expected]


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


def formation(
    code: str,
    label: str,
    *elements: Element,
    year: str = "2023",
    composante: str = "010",
) -> Formation:
    return Formation(code[:-3], code[-3:], label, composante, year, elements=list(elements))


COMPOSANTES = {
    "010": Composante("010", "UFR des Sciences"),
    "IUT": Composante("IUT", "UFR des Sciences - BEAUVAIS", parent="010", site="BEAUVAIS"),
}


def catalog(*formations: Formation) -> Catalog:
    return Catalog(composantes=dict(COMPOSANTES), formations=list(formations))


@pytest.fixture
def two_years() -> Catalog:
    """The same licence last year and this year, as a rollover leaves the catalog."""
    thermo = Element("RETHC01", "Thermodynamique et cinétique", period="S1")
    return catalog(
        formation("L1CHIM221", "LICENCE 1 CHIMIE", thermo, year="2022"),
        formation("L1CHIM231", "LICENCE 1 CHIMIE", thermo),
        formation("L1ANGL231", "LICENCE 1 ANGLAIS", Element("ANG01", "Anglais pour la chimie")),
        formation("L1CHBV231", "LICENCE 1 CHIMIE", composante="IUT"),
    )


@pytest.mark.parametrize("query", ["L1CHIM", "RETHC01", "licence 1 chimie", "thermo", "chimie"])
def test_current_year_comes_first(two_years: Catalog, query: str) -> None:
    found = codes(two_years, query)
    assert found.index("L1CHIM231") < found.index("L1CHIM221")


def test_last_year_stays_findable_and_its_exact_code_comes_first(two_years: Catalog) -> None:
    (match, *_) = search_catalog(two_years, "L1CHIM221")
    assert (match.formation.code, match.current) == ("L1CHIM221", False)


def test_configured_current_year_wins_over_the_most_recent(two_years: Catalog) -> None:
    settings = SearchSettings.from_institution({"current_year": 2022})
    found = [m.formation.code for m in search_catalog(two_years, "L1CHIM", settings=settings)]
    assert found == ["L1CHIM221", "L1CHIM231"]


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("L1 chimie", "LICENCE 1 CHIMIE"),
        ("licence 1 chimie", "L1 CHIMIE"),
        ("L2 psycho", "LICENCE 2 PSYCHOLOGIE"),
        ("M1 informatique", "MASTER 1 INFORMATIQUE"),
        ("M2 info", "MASTER 2 INFORMATIQUE"),
        ("LP logistique", "LICENCE PROFESSIONNELLE LOGISTIQUE"),
        ("licence pro logistique", "LP LOGISTIQUE"),
        ("BUT1 GEII", "BUT 1 GÉNIE ÉLECTRIQUE ET INFORMATIQUE INDUSTRIELLE"),
        ("DUT GEA", "DIPLÔME UNIVERSITAIRE DE TECHNOLOGIE GEA"),
        ("DU", "DIPLÔME D'UNIVERSITÉ PÉDAGOGIE"),
        ("LAS", "LICENCE ACCÈS SANTÉ"),
        ("PASS", "PARCOURS D'ACCÈS SPÉCIFIQUE SANTÉ"),
        ("master MEEF", "MASTER MÉTIERS DE L'ENSEIGNEMENT, DE L'ÉDUCATION ET DE LA FORMATION"),
        ("IA", "MASTER 2 INTELLIGENCE ARTIFICIELLE"),
        ("LLCER anglais", "LICENCE 1 LLCER ANGLAIS"),
    ],
)
def test_abbreviations_and_full_forms_are_the_same_words(query: str, label: str) -> None:
    data = catalog(
        formation("ZZTARG231", label),
        formation("AAOTHR231", "LICENCE 3 HISTOIRE"),
    )
    assert codes(data, query)[:1] == ["ZZTARG231"]


def test_configured_synonyms_are_words_of_the_text() -> None:
    data = catalog(formation("L1STAP231", "LICENCE 1 ACTIVITÉS PHYSIQUES ADAPTÉES"))
    assert codes(data, "APA") == []
    settings = SearchSettings.from_institution(
        {"search": {"synonyms": {"APA": ["activités physiques adaptées"]}}}
    )
    assert [m.formation.code for m in search_catalog(data, "APA", settings=settings)] == [
        "L1STAP231"
    ]


def test_synonym_groups_apply_in_both_directions() -> None:
    synonyms = Synonyms()
    assert "l1" in synonyms.extra_words(["licence", "1", "chimie"])
    assert {"licence", "1"} <= set(synonyms.extra_words(["l1", "chimie"]))
    assert synonyms.extra_words(["licence", "2", "1"]) == ("l2",)  # words in a row only


def test_site_and_composante_are_searchable_below_the_title(two_years: Catalog) -> None:
    (first, *_) = search_catalog(two_years, "chimie beauvais")
    assert first.formation.code == "L1CHBV231"
    assert [hit.field for hit in first.hits] == [Field.TITLE, Field.PLACE]
    assert first.reason == "title; composante/site"


def test_title_beats_an_element_mentioning_the_word(two_years: Catalog) -> None:
    found = codes(two_years, "licence 1 chimie")
    assert found.index("L1CHIM231") < found.index("L1ANGL231")


def test_exact_element_label_comes_first() -> None:
    data = catalog(
        formation("AAAAAA231", "LICENCE 1 PHYSIQUE", Element("PH1", "Thermodynamique")),
        formation("BBBBBB231", "LICENCE 1 PHYSIQUE", Element("PH2", "Cinétique chimique")),
        formation(
            "ZZZZZZ231",
            "LICENCE 1 CHIMIE",
            Element("RETHC01", "Thermodynamique et cinétique"),
        ),
    )
    (first, *_) = search_catalog(data, "Thermodynamique et cinétique")
    assert first.formation.code == "ZZZZZZ231"
    assert first.reason == "element RETHC01 Thermodynamique et cinétique"


def test_whole_words_beat_prefixes_beat_typos() -> None:
    data = catalog(
        formation("CCCCCC231", "LICENCE CHIMMIE"),
        formation("BBBBBB231", "LICENCE CHIMIESTRY"),
        formation("AAAAAA231", "LICENCE CHIMIE"),
    )
    assert codes(data, "chimie") == ["AAAAAA231", "BBBBBB231", "CCCCCC231"]


def test_typos_need_five_letters_and_two_edits_need_nine() -> None:
    data = catalog(
        formation("AAAAAA231", "LICENCE 1 PSYCHOLOGIE", Element("E1", "Thermodynamique")),
        formation("BBBBBB231", "LICENCE 1 CHIMIE"),
    )
    assert codes(data, "psycologie") == ["AAAAAA231"]
    assert codes(data, "termodinamique") == ["AAAAAA231"]  # two edits in 14 letters
    assert codes(data, "chimei") == ["BBBBBB231"]  # a swap is one edit
    assert codes(data, "chmei") == []  # two edits in 5 letters
    assert codes(data, "chim") == ["BBBBBB231"]
    assert codes(data, "cjim") == []  # 4 letters: no typo forgiven


def test_edit_distance_and_near_miss() -> None:
    assert edit_distance("chimie", "chimie", 1) == 0
    assert edit_distance("chmiie", "chimie", 1) == 1
    assert edit_distance("abcdef", "ghijkl", 2) == 3
    assert near_miss("psycolog", "psychologie")  # as typed so far
    assert not near_miss("chimie", "chimie")


def test_all_query_words_over_some() -> None:
    data = catalog(
        formation("AAAAAA231", "LICENCE 1 HISTOIRE"),
        formation("BBBBBB231", "LICENCE 3 CHIMIE"),
    )
    assert codes(data, "L1 histoire") == ["AAAAAA231"]
    found = search_catalog(data, "L3 histoire")
    assert {m.formation.code for m in found} == {"AAAAAA231", "BBBBBB231"}
    assert not any(match.complete for match in found)


def test_ties_are_broken_by_shorter_title_then_code() -> None:
    data = catalog(
        formation("BBBBBB231", "LICENCE 1 CHIMIE"),
        formation("CCCCCC231", "LICENCE 1 CHIMIE PARCOURS MATÉRIAUX"),
        formation("AAAAAA231", "LICENCE 1 CHIMIE"),
    )
    assert codes(data, "chimie") == ["AAAAAA231", "BBBBBB231", "CCCCCC231"]


def test_code_signals_keep_their_order() -> None:
    data = catalog(
        formation("ZZCHIM231", "Infixe de code"),
        formation("CHIM23100", "Préfixe de code"),
        formation("AAAAAA001", "Élément exact", Element("CHIM231", "Cours")),
        formation("CHIM00231", "Code exact"),
        formation("BBBBBB001", "Préfixe d'élément", Element("CHIM2310", "Cours")),
    )
    data.formations[3] = Formation("CHIM", "231", "Code exact", "010", "2023")
    found = search_catalog(data, "chim231")
    assert [(m.formation.code, m.kind) for m in found] == [
        ("CHIM231", MatchKind.CODE),
        ("AAAAAA001", MatchKind.ELEMENT_CODE),
        ("CHIM23100", MatchKind.CODE_PREFIX),
        ("BBBBBB001", MatchKind.ELEMENT_CODE_PREFIX),
        ("ZZCHIM231", MatchKind.CODE_INFIX),
    ]


def test_one_character_matches_codes_only() -> None:
    data = catalog(formation("CCCCCC231", "C"), formation("AAAAAA231", "Chimie"))
    assert codes(data, "c") == ["CCCCCC231"]
    assert codes(data, "2") == []


def test_cohort_code_from_template_is_an_exact_match() -> None:
    data = Catalog(
        formations=[formation("L1CHIM231", "Chimie")],
        cohort_template="{year}-{code_etape}{version}",
    )
    (match,) = search_catalog(data, "2023-L1CHIM231")
    assert match.kind is MatchKind.CODE


def test_limit(two_years: Catalog) -> None:
    assert len(search_catalog(two_years, "chimie", limit=2)) == 2


def test_cli_search_puts_the_current_cohort_first_and_reads_synonyms(tmp_path: Path) -> None:
    """As run by a teacher: ``sync-helper codes search``, with institution.yml's settings."""
    settings = (ROOT / "institution.yml").read_text(encoding="utf-8")
    settings = settings.replace("data/", f"{ROOT}/data/")
    settings += 'search:\n  synonyms:\n    PC: ["physique-chimie"]\n'
    (tmp_path / "institution.yml").write_text(settings, encoding="utf-8")

    def search(query: str) -> list[dict]:
        result = subprocess.run(
            [sys.executable, "-m", "sync_helper", "--json", "codes", "search", query],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)["results"]

    found = search("L1 chimie")
    assert [(r["cohort_code"], r["current_year"]) for r in found[:2]] == [
        ("L1CHIM231", True),
        ("L1CHBV231", True),
    ]
    assert ("L1CHIM221", False) in [(r["cohort_code"], r["current_year"]) for r in found]
    assert search("PC")[0]["reason"].startswith("element POCHPH1 PORTAIL L1 PHYSIQUE-CHIMIE")
