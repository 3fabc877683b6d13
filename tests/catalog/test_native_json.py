"""The project's JSON format: the sample loads, and every schema problem names its JSON path."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from sync_helper.catalog import json_text, load_catalog
from sync_helper.catalog.native_json import load_native_json
from tests.catalog.conftest import ROOT, problems_of, traced

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


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ({"code": "A", "label": 3}, ".label: label: 3 is not of type 'string'"),
        ({"code": "A"}, ": 'label' is a required property"),
    ],
)
def test_broken_element_does_not_hide_its_siblings_problems(
    tmp_path: Path, broken: dict[str, object], says: str
) -> None:
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
                        broken,
                        {"code": "ABCDEFGHIJKLM", "label": "Trop long"},
                        {"code": "B", "label": "Bien"},
                    ],
                }
            ],
        },
    )
    assert problems_of(data) == [
        f"{data}:$.formations[0].elements[0]{says}",
        f"{data}:$.formations[0].elements[1].code: code: 'ABCDEFGHIJKLM' is 13 characters "
        "long (at most 12)",
    ]


# The file is read through a window of CHUNK bytes; a tiny window makes every value, number,
# escape and multi-byte character straddle a window's end somewhere in these files.
TINY_WINDOW = 7


def pretty_catalog(formations: int) -> str:
    """A pretty-printed catalog whose labels hold « ’ » (two bytes a character in a str)."""
    return json.dumps(
        {
            "composantes": [{"code": "010", "label": "UFR des Sciences"}],
            "formations": [
                {
                    "code_etape": f"L{index:05d}",
                    "version": "231",
                    "label": f"LICENCE {index} – Sciences de l’ingénieur",
                    "composante": "010",
                    "hours": 487.5,
                    "elements": [
                        {"code": f"E{index:05d}{child}", "label": f"Cours {child} – l’été"}
                        for child in range(3)
                    ],
                }
                for index in range(formations)
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def test_loading_needs_memory_for_one_window_not_the_whole_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_text, "CHUNK", 1 << 14)
    data = tmp_path / "large.json"
    data.write_text(pretty_catalog(6000), encoding="utf-8")
    load_native_json(SEED)  # compiles the schema checks, kept for every later file
    part, retained, peak = traced(load_native_json, data)
    assert (len(part.formations), part.problems) == (6000, [])
    # Beyond the records it returns, the load needs a few windows; holding the text would take
    # twice the file's size (« ’ » makes it two bytes a character).
    assert peak - retained < data.stat().st_size / 8


def test_tiny_window_reads_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "catalog.json"
    data.write_bytes(codecs.BOM_UTF8 + pretty_catalog(20).encode("utf-8"))
    whole = load_native_json(data)
    monkeypatch.setattr(json_text, "CHUNK", TINY_WINDOW)
    windowed = load_native_json(data)
    assert windowed.formations == whole.formations
    assert windowed.formations[19].elements[2].label == "Cours 2 – l’été"
    assert windowed.formations[19].hours == 487.5


def test_syntax_error_far_into_the_file_names_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = pretty_catalog(50).replace('"LICENCE 42 –', '"LICENCE 42 ’’’’’’’’ –", "x": ]', 1)
    data = tmp_path / "broken.json"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    monkeypatch.setattr(json_text, "CHUNK", TINY_WINDOW)
    (problem,) = problems_of(data)
    line, column = expected.value.lineno, expected.value.colno
    assert line > 400
    assert problem == f"{data}:{line}: not valid JSON: Expecting value (column {column})"


def test_number_across_windows_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_text, "CHUNK", TINY_WINDOW)
    data = tmp_path / "numbers.json"
    data.write_text(pretty_catalog(2).replace("487.5", "1234567.25"), encoding="utf-8")
    assert [f.hours for f in load_native_json(data).formations] == [1234567.25, 1234567.25]
    data.write_text(pretty_catalog(2).replace("487.5", "9" * 5000, 1), encoding="utf-8")
    (problem,) = problems_of(data)
    # line 9: where the first formation starts, counted across the windows dropped before it
    assert problem.startswith(f"{data}:9: refused: number {'9' * 20}… has 5000 characters")


def test_bad_byte_is_placed_at_its_offset_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_text, "CHUNK", TINY_WINDOW)
    raw = codecs.BOM_UTF8 + pretty_catalog(30).encode("utf-8")
    lead = raw.rindex("l’été".encode()) + 1  # « ’ » cut after its first byte
    data = tmp_path / "cut.json"
    data.write_bytes(raw[: lead + 1] + b"X" + raw[lead + 2 :])
    (problem,) = problems_of(data)
    assert problem == f"{data}: not UTF-8 text (JSON is UTF-8): invalid byte at offset {lead}"


def test_a_bad_byte_past_the_first_window_is_the_one_problem_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole file is checked before it is read: the records before the bad byte are not
    reported too (their problems would point at data the person must re-export anyway)."""
    monkeypatch.setattr(json_text, "CHUNK", 64)
    first = {"code_etape": "L1CHIM", "version": 231, "composante": "010", "year": "2023"}
    others = [
        {"code_etape": f"L1X{n:03d}", "version": "231", "label": "L", "composante": "010"}
        for n in range(20)
    ]
    document = {"composantes": [{"code": "010", "label": "UFR"}], "formations": [first, *others]}
    raw = json.dumps(document).encode()
    data = tmp_path / "late-bad-byte.json"
    data.write_bytes(raw[:-20] + b"\xff" + raw[-19:])
    assert [str(p) for p in load_native_json(data).problems] == [
        f"{data}: not UTF-8 text (JSON is UTF-8): invalid byte at offset {len(raw) - 20}"
    ]


def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    """``load_catalog`` checks the file first; one removed in between is still a message."""
    part = load_native_json(tmp_path / "gone.json")
    assert [str(p) for p in part.problems] == [
        f"{tmp_path / 'gone.json'}: cannot read: No such file or directory"
    ]
