"""JSON values a catalog cannot hold (NaN, huge numbers, keys given twice), syntax errors
named by line and column wherever the streamed reader meets them, and the top-level shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync_helper.catalog import json_text, load_catalog
from sync_helper.catalog.export import formations_json
from tests.catalog.conftest import problems_of

UNIT = '{"code": "010", "label": "UFR des Sciences"}'


def formation(code_etape: str = "L1CHIM", extra: str = "") -> str:
    return (
        f'{{"code_etape": "{code_etape}", "version": "231", "label": "LICENCE 1", '
        f'"composante": "010"{extra}}}'
    )


def document(*formations: str) -> str:
    return f'{{"composantes": [{UNIT}], "formations": [{", ".join(formations)}]}}'


STARTS_HERE = " (in the value that starts on this line)"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("NaN", "refused: NaN is not a number a catalog can hold"),
        ("Infinity", "refused: Infinity is not a number a catalog can hold"),
        ("-Infinity", "refused: -Infinity is not a number a catalog can hold"),
        ("1e400", "refused: number 1e400 is too large"),
        ("1" * 31, f"refused: number {'1' * 20}… has 31 characters"),
        ("1" * 5000, f"refused: number {'1' * 20}… has 5000 characters"),
    ],
)
def test_numbers_a_catalog_cannot_hold_are_refused(tmp_path: Path, value: str, says: str) -> None:
    path = write(tmp_path / "numbers.json", document(formation(extra=f', "hours": {value}')))
    assert problems_of(path) == [f"{path}:1: {says}{STARTS_HERE}"]


def test_a_refused_value_names_the_line_its_formation_starts_on(tmp_path: Path) -> None:
    text = document(formation(), formation("L2CHIM", extra=',\n"hours":\nNaN')).replace(
        '}, {"code_etape"', '},\n\n{"code_etape"'
    )
    path = write(tmp_path / "numbers.json", text)
    assert text.splitlines()[2].startswith('{"code_etape": "L2CHIM"')
    assert problems_of(path) == [
        f"{path}:3: refused: NaN is not a number a catalog can hold{STARTS_HERE}"
    ]


def test_numbers_up_to_thirty_characters_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "numbers.json",
        document(
            formation(extra=f', "hours": {"9" * 30}, "ects": 1.5e1'),
            formation("L2CHIM", extra=', "hours": 12.5, "ects": 60'),
        ),
    )
    first, second = load_catalog([path]).formations
    assert (first.hours, first.ects) == (1e30, 15)
    assert (second.hours, second.ects) == (12.5, 60)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            document(
                formation(extra=', "elements": [{"code": "RE1", "label": "a", "label": "b"}]')
            ),
            "refused: key 'label' appears twice in the object with code 'RE1'; "
            "one value would hide the other",
        ),
        (
            document(formation(extra=', "label": "LICENCE 2"')),
            "refused: key 'label' appears twice; one value would hide the other",
        ),
        (
            f'{{"formations": [], "composantes": [{UNIT}], "formations": []}}',
            "refused: key 'formations' appears twice at the top level",
        ),
    ],
)
def test_a_key_given_twice_is_refused(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path / "twice.json", text)
    assert problems_of(path) == [f"{path}:1: {says}{STARTS_HERE}"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            f'{{"composantes": [{UNIT}],\n"formations": [\n{formation()}\n{formation("L2CHIM")}]}}',
            "4: not valid JSON: Expecting ',' delimiter (column 1)",
        ),
        (f'{{"composantes" [{UNIT}]}}', "1: not valid JSON: Expecting ':' delimiter (column 16)"),
        (
            f'{{"composantes": [{UNIT}]\n "formations": []}}',
            "2: not valid JSON: Expecting ',' delimiter (column 2)",
        ),
        (document(formation()) + "\n\nx", "3: not valid JSON: Extra data (column 1)"),
        (
            document(formation()).replace("}]}", "},\n]}"),
            "2: not valid JSON: Expecting value (column 1)",
        ),
        (
            document(formation()).replace("}]}", "}\n}"),
            "2: not valid JSON: Expecting ',' delimiter (column 1)",
        ),
        ('{"composantes": [', "1: not valid JSON: Expecting value (column 18)"),
        ('{"formations": [', "1: not valid JSON: Expecting value (column 17)"),
        ("{}]", "1: not valid JSON: Extra data (column 3)"),
        (
            f'{{"composantes": [{UNIT}],\n}}',
            "2: not valid JSON: Expecting property name enclosed in double quotes (column 1)",
        ),
    ],
)
def test_syntax_errors_name_line_and_column(tmp_path: Path, text: str, says: str) -> None:
    """The first problem; formations read before the error may add their own."""
    path = write(tmp_path / "broken.json", text)
    assert problems_of(path)[0] == f"{path}:{says}"


@pytest.mark.parametrize(
    "text",
    [
        f' \n {{ "composantes" : [ {UNIT} ] , "formations" : [ {formation()} ,\n'
        f" {formation('L2CHIM')} ] }} \n",
        f'{{"formations":[{formation()},{formation("L2CHIM")}],"composantes":[{UNIT}]}}',
        "\ufeff" + document(formation(), formation("L2CHIM")),
    ],
)
def test_any_spacing_member_order_and_a_bom_read_the_same(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "spaced.json", text)
    assert [f.code for f in load_catalog([path]).formations] == ["L1CHIM231", "L2CHIM231"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[]", ":$: [] is not of type 'object'"),
        ("42", ":$: 42 is not of type 'object'"),
        ("{}", ":$: 'formations' is a required property"),
        (
            f'{{"composantes": [{UNIT}], "formations": {{}}}}',
            ":$.formations: formations: {} is not of type 'array'",
        ),
    ],
)
def test_wrong_top_level_shapes(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path / "shape.json", text)
    assert problems_of(path) == [f"{path}{says}"]


def test_a_file_of_composantes_only_is_allowed_beside_formations(tmp_path: Path) -> None:
    units = write(tmp_path / "units.json", f'{{"composantes": [{UNIT}], "formations": [ ]}}')
    other = write(tmp_path / "other.json", f'{{"composantes": [], "formations": [{formation()}]}}')
    assert [f.code for f in load_catalog([units, other]).formations] == ["L1CHIM231"]
    empty = write(tmp_path / "empty.json", '{"composantes": [], "formations": []}')
    assert problems_of(empty, units, other) == [
        f"{empty}: no formation could be read from this file"
    ]


def test_a_file_cut_inside_a_character_is_not_utf8(tmp_path: Path) -> None:
    """The last bytes start an « é » that never ends: refused, not silently dropped."""
    path = tmp_path / "cut.json"
    text = document(formation()).encode()
    path.write_bytes(text + b"\xc3")
    assert problems_of(path) == [
        f"{path}: not UTF-8 text (JSON is UTF-8): invalid byte at offset {len(text)}"
    ]


@pytest.mark.parametrize("window", range(1, 12))
def test_a_bad_byte_after_a_lead_byte_is_placed_whatever_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    monkeypatch.setattr(json_text, "CHUNK", window)
    path = tmp_path / "lead.json"
    path.write_bytes(b'{"a": "\xc3\xa9t\xc3(t"}')
    assert problems_of(path) == [
        f"{path}: not UTF-8 text (JSON is UTF-8): invalid byte at offset 10"
    ]


def test_bytes_that_are_not_utf8_name_their_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"a": "\xe9"}')
    assert problems_of(path) == [
        f"{path}: not UTF-8 text (JSON is UTF-8): invalid byte at offset 7"
    ]


def _json_error(text: str) -> str:
    """The line and message of the standard library's own reading of ``text``."""
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    error = caught.value
    return f"{error.lineno}: not valid JSON: {error.msg} (column {error.colno})"


def _line_of(text: str, code: str) -> int:
    """The line where the formation ``code`` starts."""
    return text.count("\n", 0, text.index(f'{{"code_etape": "{code}"')) + 1


SPREAD = document(formation(), formation("L2CHIM")).replace(", ", ",\n  ").replace("[", "[\n")
WINDOW_CASES = [
    (
        '{"z": 1,\n"z": 2,\n"composantes": [], "formations": []}',
        "2: refused: key 'z' appears twice at the top level" + STARTS_HERE,
    ),
    (
        SPREAD.replace('"L2CHIM"', '"L2CHIM", "hours":\n\n-Infinity'),
        f"{_line_of(SPREAD, 'L2CHIM')}: refused: -Infinity is not a number a catalog can hold"
        + STARTS_HERE,
    ),
    (SPREAD.replace('"L2CHIM",', '"L2CHIM",,'), None),
    (SPREAD.replace('"L2CHIM",', '"L2CHIM" x'), None),
    (SPREAD.replace("231", "23\\u0031", 1).rstrip("}"), None),
    ('{"composantes": [],\n"formations": [], "x" 1}', None),
    ("{}}", None),
    ('{"composantes": [], "formations": []}]', None),
    (
        '{"composantes": [], "formations": [12345, 678]}',
        "$.formations[0]: 12345 is not of type 'object'",
    ),
]


@pytest.mark.parametrize(("text", "says"), WINDOW_CASES)
def test_every_window_size_reports_the_same_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, says: str | None
) -> None:
    """The file is read a window at a time; wherever a window ends (before a line break,
    inside a key, a number or ``-Infinity``), the line and column are those of the file."""
    path = write(tmp_path / "windows.json", text)
    expected = f"{path}:{says or _json_error(text)}"
    for window in range(1, len(text.encode()) + 2):
        monkeypatch.setattr(json_text, "CHUNK", window)
        assert problems_of(path)[0] == expected, f"window of {window} bytes"


def test_every_window_size_reads_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "windows.json", SPREAD.replace('"L2CHIM"', '"L2CHIM",\n"hours": 12.5'))
    for window in range(1, len(SPREAD) + 40):
        monkeypatch.setattr(json_text, "CHUNK", window)
        first, second = load_catalog([path]).formations
        assert (first.code, second.code, second.hours) == ("L1CHIM231", "L2CHIM231", 12.5)


def test_a_negative_number_is_quoted_as_written(tmp_path: Path) -> None:
    """``-6`` in the file is « -6 » in the message, not « -6.0 »."""
    path = write(tmp_path / "negative.json", document(formation(extra=', "ects": -6')))
    assert problems_of(path) == [
        f"{path}:$.formations[0].ects: ects: -6 is less than the minimum of 0"
    ]


def test_the_example_flag_reaches_the_download(tmp_path: Path) -> None:
    """Invented formations are marked as such on the site and in formations.json; the others
    say ``false``, never ``null``."""
    path = write(
        tmp_path / "example.json",
        document(formation(), formation("L2CHIM", extra=', "example": true')),
    )
    rows = json.loads(formations_json(load_catalog([path])))
    assert [(row["code"], row["example"]) for row in rows] == [
        ("L1CHIM231", False),
        ("L2CHIM231", True),
    ]


def test_an_element_without_nature_or_period_has_none_to_show(tmp_path: Path) -> None:
    """Both are optional: the page shows no nature and no semester, not a made-up one."""
    element = (
        '{"code": "RE1", "label": "Thermodynamique", "nature": "UE"}, '
        '{"code": "RE2", "label": "TP"}'
    )
    path = write(
        tmp_path / "elements.json", document(formation(extra=f', "elements": [{element}]'))
    )
    first, second = load_catalog([path]).formations[0].elements
    assert (first.nature, first.period, second.nature, second.period) == ("UE", "", "", "")
