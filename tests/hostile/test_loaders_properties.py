"""Property-based: whatever bytes a data file holds, loading it gives a catalog or a list of
problems, never another exception; and what loads always exports as valid JSON."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest.mock import patch
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_helper.catalog import CatalogError, json_text, load_catalog
from sync_helper.catalog.apogee_csv import COLUMNS
from sync_helper.catalog.export import formations_csv, formations_json
from sync_helper.catalog.native_json import load_native_json

EXAMPLES = 300
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Text that breaks things: separators, quotes, line ends, NBSP, zero-width, homoglyphs,
# combining marks, controls, markup, placeholders, lone surrogates.
NASTY = st.sampled_from(
    [
        ";",
        ",",
        '"',
        "\n",
        "\r",
        "\t",
        "\u00a0",
        "\u200b",
        "М",
        "\u0327",
        "\x1b",
        "\x00",
        "<script>",
        "{{ institution.name }}",
        "\ud800",
        "-",
        "index",
        "NaN",
        "1e400",
        "９",
    ]
)
CELL = st.one_of(
    st.text(max_size=12),
    st.lists(st.one_of(NASTY, st.text(alphabet="AZaz09 ", max_size=4)), max_size=5).map("".join),
    st.sampled_from(["010", "L1CHIM", "231", "2023", "RETHC01", "UFR", "1,5", "30 HE", "oui"]),
)
COLUMN_NAMES = sorted({name for column, names in COLUMNS.items() for name in (column, *names)})


def load(name: str, data: bytes) -> None:
    """The property: a Catalog (whose exports are valid) or a CatalogError, nothing else."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        try:
            catalog = load_catalog([path])
        except CatalogError as error:
            assert error.problems
            assert all(str(problem) for problem in error.problems)
            return
        json.loads(formations_json(catalog))
        formations_csv(catalog)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")


@SETTINGS
@given(
    header=st.lists(st.one_of(st.sampled_from(COLUMN_NAMES), st.text(max_size=8)), max_size=14),
    rows=st.lists(st.lists(CELL, max_size=14), max_size=8),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    quote_all=st.booleans(),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
)
def test_csv_loader(
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    quote_all: bool,
    encoding: str,
    cut: int | None,
) -> None:
    def line(cells: list[str]) -> str:
        if quote_all:
            return delimiter.join('"' + cell.replace('"', '""') + '"' for cell in cells)
        return delimiter.join(cells)

    data = encode("\n".join(line(cells) for cells in (header, *rows)), encoding)
    load("extract.csv", data if cut is None else data[:cut])


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["x.csv", "x.json", "x.xml"]))
def test_any_bytes(data: bytes, name: str) -> None:
    load(name, data)


JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), CELL)
ELEMENT = st.recursive(
    st.fixed_dictionaries(
        {"code": CELL, "label": CELL},
        optional={"hours": JSON_SCALAR, "ects": JSON_SCALAR, "nature": CELL, "x": JSON_SCALAR},
    ),
    lambda children: st.fixed_dictionaries(
        {"code": CELL, "label": CELL, "children": st.lists(children, max_size=3)}
    ),
    max_leaves=12,
)
FORMATION = st.fixed_dictionaries(
    {"code_etape": CELL, "version": CELL, "label": CELL, "composante": CELL},
    optional={
        "year": st.one_of(CELL, st.integers()),
        "ects": JSON_SCALAR,
        "elements": st.lists(ELEMENT, max_size=4),
        "cohort_idnumber": CELL,
        "example": JSON_SCALAR,
    },
)
COMPOSANTE = st.fixed_dictionaries(
    {"code": CELL, "label": CELL}, optional={"parent": CELL, "site": CELL}
)


@SETTINGS
@given(
    composantes=st.lists(COMPOSANTE, max_size=4),
    formations=st.lists(FORMATION, max_size=4),
    extra=st.sampled_from(["", "NaN", "Infinity", "1e400", "9" * 400, '"a": 1, "a": 2']),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=300)),
)
def test_json_loader(
    composantes: list[dict], formations: list[dict], extra: str, cut: int | None
) -> None:
    text = json.dumps({"composantes": composantes, "formations": formations})
    if extra:
        text = text.replace(
            "{", "{" + f'"z": {extra}, ' if ":" not in extra else "{" + extra + ", ", 1
        )
    data = text.encode("utf-8", errors="surrogatepass")
    load("catalog.json", data if cut is None else data[:cut])


CODE_SETS = st.sampled_from(
    ["apogee", "codeEtape", "versionEtape", "codeApogeeEtape", "anneeUniversitaire", "ROFid", ""]
)


def node(name: str, children: list[str], attributes: dict[str, str] | None = None) -> str:
    attrs = "".join(f" {key}={quoteattr(value)}" for key, value in (attributes or {}).items())
    return f"<{name}{attrs}>{''.join(children)}</{name}>"


def text_node(name: str, value: str) -> str:
    return f"<{name}>{escape(value)}</{name}>"


XML_TEXT = CELL.map(lambda text: "".join(c for c in text if c.isprintable() or c in "\t\n"))
IDS = st.sampled_from(["P1", "P2", "C1", "C2", "U10", "X"])
COURSE = st.builds(
    lambda ident, code_set, code, name, refs: node(
        "course",
        [
            text_node("courseName", name),
            node("courseCode", [escape(code)], {"codeSet": code_set}),
            *(node("refCourse", [], {"ref": ref}) for ref in refs),
        ],
        {"id": ident},
    ),
    IDS,
    CODE_SETS,
    XML_TEXT,
    XML_TEXT,
    st.lists(IDS, max_size=3),
)
PROGRAM = st.builds(
    lambda ident, codes, name, refs, unit: node(
        "program",
        [
            text_node("programName", name),
            *(
                node("programCode", [escape(value)], {"codeSet": code_set})
                for code_set, value in codes
            ),
            node("refOrgUnit", [], {"ref": unit}),
            node("programStructure", [node(kind, [], {"ref": ref}) for kind, ref in refs]),
        ],
        {"id": ident},
    ),
    IDS,
    st.lists(st.tuples(CODE_SETS, XML_TEXT), max_size=3),
    XML_TEXT,
    st.lists(st.tuples(st.sampled_from(["refCourse", "refProgram"]), IDS), max_size=4),
    IDS,
)
UNIT = st.builds(
    lambda code, name: node(
        "orgUnit",
        [
            text_node("orgUnitName", name),
            node("orgUnitCode", [escape(code)], {"codeSet": "apogee"}),
        ],
        {"id": "U10"},
    ),
    XML_TEXT,
    XML_TEXT,
)


@SETTINGS
@given(
    units=st.lists(UNIT, max_size=2),
    programs=st.lists(PROGRAM, max_size=4),
    courses=st.lists(COURSE, max_size=4),
    declared=st.sampled_from(["UTF-8", "ISO-8859-1", "windows-1252"]),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
)
def test_cdmfr_loader(
    units: list[str], programs: list[str], courses: list[str], declared: str, cut: int | None
) -> None:
    document = f'<?xml version="1.0" encoding="{declared}"?>\n' + node(
        "CDM", [*units, *programs, *courses]
    )
    data = document.encode("utf-8")
    load("cdm.xml", data if cut is None else data[:cut])


@SETTINGS
@given(
    composantes=st.lists(COMPOSANTE, max_size=3),
    formations=st.lists(FORMATION, max_size=3),
    indent=st.sampled_from([None, 0, 2, "\t"]),
    ascii_only=st.booleans(),
    extra=st.sampled_from(["", "NaN", "-Infinity", "1e400", "9" * 40, "12345.5e-3", "[]"]),
    damage=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.binary(max_size=3))),
    window=st.integers(min_value=1, max_value=40),
)
def test_json_read_through_any_window_as_if_whole(
    composantes: list[dict],
    formations: list[dict],
    indent: int | str | None,
    ascii_only: bool,
    extra: str,
    damage: tuple[int, bytes] | None,
    window: int,
) -> None:
    """The JSON loader holds a window of the file, never its whole text: records and problems
    (lines, columns, offsets, refusals) are the same whatever the window's size."""
    text = json.dumps(
        {"composantes": composantes, "formations": formations},
        indent=indent,
        ensure_ascii=ascii_only,
    )
    if extra:
        text = text.replace("{", '{"z": ' + extra + ", ", 1)
    data = text.encode("utf-8", errors="surrogatepass")
    if damage is not None:
        at, replacement = damage
        data = data[:at] + replacement + data[at + len(replacement) :]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "catalog.json"
        path.write_bytes(data)
        whole = load_native_json(path)
        with patch.object(json_text, "CHUNK", window):
            windowed = load_native_json(path)
    assert [str(p) for p in windowed.problems] == [str(p) for p in whole.problems]
    assert windowed.formations == whole.formations
    assert windowed.composantes == whole.composantes
