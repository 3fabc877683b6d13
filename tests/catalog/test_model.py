"""The catalog model: where a record came from as messages print it, cohort codes, tree walks."""

from __future__ import annotations

from sync_helper.catalog.model import Catalog, Element, Formation, Source


def test_a_source_prints_line_then_path_then_file() -> None:
    assert str(Source("a.csv", line=3)) == "a.csv:3"
    assert str(Source("a.csv", line=0)) == "a.csv:0"
    assert str(Source("a.json", path="$.formations[0]")) == "a.json:$.formations[0]"
    assert str(Source("a.json", path="")) == "a.json"
    assert str(Source("a.xml")) == "a.xml"


def tree() -> list[Element]:
    leaf = Element("RE1", "Cours")
    return [
        Element("UE1", "UE 1", children=[leaf, Element("RE2", "TD", children=[leaf])]),
        Element("UE2", "UE 2"),
    ]


def test_elements_walk_in_display_order_with_their_depth() -> None:
    formation = Formation("L1CHIM", "231", "L1", "010", elements=tree())
    assert [(depth, e.code) for depth, e in formation.walk_elements()] == [
        (0, "UE1"),
        (1, "RE1"),
        (1, "RE2"),
        (2, "RE1"),
        (0, "UE2"),
    ]
    catalog = Catalog(formations=[formation, Formation("L2CHIM", "231", "L2", "010")])
    assert catalog.element_count() == 5


def test_cohort_code_explicit_or_from_the_template() -> None:
    formation = Formation("L1CHIM", "231", "L1", "010", year="2023")
    assert formation.code == "L1CHIM231"
    assert formation.cohort_code() == "L1CHIM231"
    assert formation.cohort_code("{year}_{code_etape}-{version}") == "2023_L1CHIM-231"
    formation.cohort_idnumber = "COH-L1"
    assert formation.cohort_code("{year}") == "COH-L1"
