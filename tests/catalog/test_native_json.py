"""The project's JSON format: the sample loads, and every schema problem names its JSON path."""

from __future__ import annotations

import json
from pathlib import Path

from sync_helper.catalog import load_catalog
from tests.catalog.conftest import ROOT, problems_of

SEED = ROOT / "data" / "sample" / "upjv-seed.json"


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_seed_formation_has_the_tutorial_structure() -> None:
    catalog = load_catalog([SEED])
    formation = next(f for f in catalog.formations if f.code == "L1CHIM231")
    assert (formation.label, formation.composante, formation.year) == (
        "LICENCE 1 CHIMIE",
        "010",
        "2023",
    )
    assert (formation.ects, formation.hours, formation.example) == (60, 487, False)
    tree = {e.code: (depth, e) for depth, e in formation.walk_elements()}
    depth, thermo = tree["RETHC01"]
    assert (depth, thermo.label, thermo.nature, thermo.period) == (
        3,
        "Thermodynamique et cinétique",
        "RESS",
        "S1",
    )
    assert (thermo.ects, thermo.hours, thermo.hours_cm, thermo.hours_td) == (2, 24, 12, 12)
    assert tree["BEPHM01"][1].hours_tp == 6
    uecy11 = tree["UECY11"][1]
    assert [c.code for c in uecy11.children][:2] == ["REMT01", "REDAL01"]
    assert catalog.composantes["181"].parent == "018"


def test_schema_errors_name_the_json_path(tmp_path: Path) -> None:
    bad = write_json(
        tmp_path / "bad.json",
        {
            "composantes": [{"code": "010", "label": "UFR des Sciences"}],
            "formations": [
                {"code_etape": "L1CHIM", "version": 231, "label": "X", "composante": "010"},
                {"code_etape": "L2CHIM", "label": "Y", "composante": "010"},
            ],
        },
    )
    found = problems_of(bad)
    assert any(p.startswith(f"{bad}:$.formations[0].version: version: ") for p in found)
    assert any(f"{bad}:$.formations[1]:" in p and "'version'" in p for p in found)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "formations": [\n    {,\n  ]\n}\n', encoding="utf-8")
    (problem,) = problems_of(bad)
    assert problem.startswith(f"{bad}:3: not valid JSON")


def test_hostile_labels_survive_verbatim(tmp_path: Path) -> None:
    label = '<script>alert(1)</script> "quotes" & ampersands'
    data = write_json(
        tmp_path / "hostile.json",
        {
            "composantes": [{"code": "010", "label": label}],
            "formations": [
                {
                    "code_etape": "L1CHIM",
                    "version": "231",
                    "label": label,
                    "composante": "010",
                    "elements": [{"code": "RETHC01", "label": label}],
                }
            ],
        },
    )
    catalog = load_catalog([data])
    assert catalog.composantes["010"].label == label
    assert catalog.formations[0].label == label
    assert catalog.formations[0].elements[0].label == label


def test_wrong_shapes_are_reported_not_crashed_on(tmp_path: Path) -> None:
    shapes = write_json(
        tmp_path / "shapes.json",
        {
            "composantes": "010",
            "formations": {"code_etape": "L1CHIM"},
            "extra": 1,
        },
    )
    found = problems_of(shapes)
    assert f"{shapes}:$.composantes: composantes: '010' is not of type 'array'" in found
    assert any(p.startswith(f"{shapes}:$.formations: formations: ") for p in found)
    assert any("'extra' was unexpected" in p for p in found)
    assert len(found) == 3
    top = write_json(tmp_path / "list.json", [])
    (problem,) = problems_of(top)
    assert problem == f"{top}:$: [] is not of type 'object'"


def test_broken_element_does_not_hide_its_siblings_problems(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "siblings.json",
        {
            "composantes": [{"code": "010", "label": "UFR des Sciences"}],
            "formations": [
                {
                    "code_etape": "L1CHIM",
                    "version": "231",
                    "label": "L1",
                    "composante": "010",
                    "elements": [
                        {"code": "A", "label": 3},
                        {"code": "ABCDEFGHIJKLM", "label": "Trop long"},
                    ],
                }
            ],
        },
    )
    found = problems_of(data)
    assert found == [
        f"{data}:$.formations[0].elements[0].label: label: 3 is not of type 'string'",
        f"{data}:$.formations[0].elements[1].code: code: 'ABCDEFGHIJKLM' is 13 characters "
        "long (at most 12)",
    ]
