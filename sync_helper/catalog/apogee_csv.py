"""APOGEE flat CSV extract: one row per teaching element, its formation's columns repeated.

Encoding: detected per file (:mod:`charset`: UTF-8 or Windows-1252, damage is an error).
Delimiter: comma or semicolon, whichever the header line uses more outside quotes. Line ends:
CRLF or LF. Every row has as many cells as the header, or it is an error. The file is read
row by row, never whole, so its size is bounded by the records it yields, not its text.
A formation without elements is one row with empty element columns; the element tree is
rebuilt from each element's parent code. Column names are case-insensitive; unknown columns
are ignored. Numbers accept a decimal comma ("1,5") and APOGEE's unit ("30 HE").
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync_helper.catalog.charset import EncodingProblem, detect_file
from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.rules import parse_flag, parse_number
from sync_helper.catalog.text import normalize_label
from sync_helper.catalog.validate import element_facts

# The mapping table (also in docs/donnees.md): each project column name, then the APOGEE
# names accepted for it. Either spelling may be used, in any case.
COLUMNS: dict[str, tuple[str, ...]] = {
    "composante_code": ("COD_CMP",),
    "composante_label": ("LIB_CMP",),
    "composante_parent": ("COD_CMP_PERE",),
    "composante_site": ("LIB_SITE",),
    "formation_code_etape": ("COD_ETP",),
    "formation_version": ("COD_VRS_VET",),
    "formation_label": ("LIB_WEB_VET",),
    "formation_year": ("COD_ANU", "DAA_ETB"),
    "formation_ects": ("NBR_CRD_VET",),
    "formation_hours": ("NBR_HEU_VET",),
    "formation_cohort_idnumber": ("COD_COHORTE",),
    "example": ("EXEMPLE",),
    "element_code": ("COD_ELP",),
    "element_label": ("LIB_ELP",),
    "element_nature": ("COD_NEL",),
    "element_period": ("COD_PEL",),
    "element_ects": ("NBR_CRD_ELP",),
    "element_hours": ("NBR_HEU_ELP",),
    "element_hours_cm": ("NBR_HEU_CM_ELP",),
    "element_hours_td": ("NBR_HEU_TD_ELP",),
    "element_hours_tp": ("NBR_HEU_TP_ELP",),
    "element_parent": ("COD_ELP_PERE",),
}
REQUIRED_COLUMNS = (
    "composante_code",
    "formation_code_etape",
    "formation_version",
    "formation_label",
)
_BY_NAME = {name.lower(): column for column, names in COLUMNS.items() for name in (column, *names)}
# Model field of a record → the column it was read from (for messages).
_FIELD_COLUMNS: dict[RecordKind, dict[str, str]] = {
    "composante": {
        "code": "composante_code",
        "label": "composante_label",
        "parent": "composante_parent",
        "site": "composante_site",
    },
    "formation": {
        "code_etape": "formation_code_etape",
        "version": "formation_version",
        "label": "formation_label",
        "composante": "composante_code",
        "year": "formation_year",
        "cohort_idnumber": "formation_cohort_idnumber",
    },
    "element": {
        "code": "element_code",
        "label": "element_label",
        "nature": "element_nature",
        "period": "element_period",
        "parent": "element_parent",
    },
}
_FORMATION_FACTS = ("formation_label", "composante_code", "formation_year")
_EMPTY_ROW = dict.fromkeys(COLUMNS, "")


def detect_delimiter(header_line: str) -> str:
    """Semicolon when the header uses more semicolons than commas (French Excel), else comma.

    Only separators outside quotes count: ``"LIB, CMP";COD_ETP`` is a semicolon header.
    """
    outside = "".join(header_line.split('"')[::2])
    return ";" if outside.count(";") > outside.count(",") else ","


class _Row(dict[str, str]):
    """One data row: every project column's value ("" when absent), and where it is."""

    def __init__(self, values: dict[str, str], source: Source) -> None:
        super().__init__(_EMPTY_ROW)
        self.update(values)
        self.source = source


@dataclass
class _PendingFormation:
    formation: Formation
    raw: tuple[str, ...]
    facts: tuple[str, ...]
    elements: list[tuple[Element, str]] = field(default_factory=list)


def load_apogee_csv(path: Path) -> LoadedFile:
    """Read one CSV extract, streaming its rows; problems are collected, never raised."""
    part = LoadedFile(str(path))
    try:
        detected = detect_file(path)
        with path.open(encoding=detected.codec, newline="") as stream:
            delimiter = detect_delimiter(stream.readline())
            stream.seek(0)
            rows = _read_rows(part, csv.reader(stream, delimiter=delimiter, strict=True))
            if rows is not None:
                _build(part, rows)
    except OSError as error:
        part.fail(f"cannot read: {error.strerror}")
    except EncodingProblem as error:
        part.fail(str(error))
    return part


def _read_rows(part: LoadedFile, reader: Any) -> Iterator[_Row] | None:
    """Rows keyed by project column names, or ``None`` when the header is unusable."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        part.fail(f"unreadable CSV header: {error}", source=Source(part.file, line=1))
        return None
    if header is None:
        part.fail("empty file: expected a header line with column names")
        return None
    columns = _map_header(part, header)
    if columns is None:
        return None
    return _rows(part, reader, columns, len(header))


def _rows(part: LoadedFile, reader: Any, columns: dict[int, str], width: int) -> Iterator[_Row]:
    """Each data row once, never the whole file: a row whose cells do not line up with the
    header (a cut file, an unbalanced quote, a stray separator) is an error, not a guess."""
    line_num = 1
    try:
        for cells in reader:
            start, line_num = line_num + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            source = Source(part.file, line=start)
            swallowed = line_num > start and _swallowed_rows(cells, reader.dialect.delimiter)
            if len(cells) != width or swallowed:
                part.fail(_misaligned(cells, width, start, line_num), source=source)
                continue
            yield _Row({columns[i]: cell for i, cell in enumerate(cells) if i in columns}, source)
    except csv.Error as error:
        where = Source(part.file, line=reader.line_num)
        part.fail(f"unreadable CSV: {error} (an unbalanced quote?)", source=where)


def _swallowed_rows(cells: list[str], delimiter: str) -> bool:
    """A quoted cell over several lines that holds the separator: rows eaten by a lone quote
    (a label wrapped over two lines holds no separator)."""
    return any("\n" in cell and delimiter in cell for cell in cells)


def _misaligned(cells: list[str], width: int, start: int, end: int) -> str:
    lines = f"lines {start}–{end}" if end > start else f"line {start}"
    if len(cells) == width:
        return f"a quoted cell runs over {lines} and holds separators (an unbalanced quote?)"
    if len(cells) < width:
        reason = "a cut row or an unbalanced quote"
    elif any(cell.strip() for cell in cells[width:]):
        reason = "values beyond the last column"
    else:
        reason = "empty cells beyond the last column: remove the separators at its end"
    return f"{len(cells)} cells on {lines}, the header has {width} ({reason}); row not read"


def _map_header(part: LoadedFile, header: list[str]) -> dict[int, str] | None:
    """Column index → project column name; reports duplicates and missing required columns."""
    columns: dict[int, str] = {}
    spelled: dict[str, str] = {}
    usable = True
    for index, name in enumerate(header):
        column = _BY_NAME.get(name.strip().lower())
        if column is None:
            continue
        if column in spelled:
            part.fail(f"columns {spelled[column]!r} and {name!r} both give {column}", name)
            usable = False
        spelled[column] = name.strip()
        columns[index] = column
    missing = [column for column in REQUIRED_COLUMNS if column not in spelled]
    if missing:
        names = "; ".join(f"{c} (or {' / '.join(COLUMNS[c])})" for c in missing)
        part.fail(f"missing required column(s): {names}", source=Source(part.file, line=1))
        usable = False

    def locate(source: Source, kind: RecordKind, name: str) -> tuple[Source, str]:
        column = _FIELD_COLUMNS[kind].get(name, name)
        return source, spelled.get(column, column)

    part.locate = locate
    return columns if usable else None


def _build(part: LoadedFile, rows: Iterator[_Row]) -> None:
    composantes: set[tuple[str, ...]] = set()
    formations: dict[tuple[str, str], _PendingFormation] = {}
    shared = _Shared()
    for row in rows:
        _add_composante(part, row, composantes)
        pending = _formation_of(part, row, formations)
        if row["element_code"]:
            parent = shared.text(row["element_parent"])
            pending.elements.append((_element(part, row, shared), parent))
    for pending in formations.values():
        pending.formation.elements = _tree(part, pending)
        part.formations.append(pending.formation)


def _add_composante(part: LoadedFile, row: _Row, seen: set[tuple[str, ...]]) -> None:
    """Rows repeat their composante; each distinct definition is kept once (merge compares)."""
    key = (
        row["composante_code"],
        row["composante_label"],
        row["composante_parent"],
        row["composante_site"],
    )
    if not key[1] or key in seen:
        return
    seen.add(key)
    part.composantes.append(
        Composante(
            code=key[0],
            label=normalize_label(key[1]),
            parent=key[2] or None,
            site=normalize_label(key[3]) or None,
            source=row.source,
        )
    )


def _formation_of(
    part: LoadedFile, row: _Row, formations: dict[tuple[str, str], _PendingFormation]
) -> _PendingFormation:
    key = (row["formation_code_etape"], row["formation_version"])
    raw = tuple(row[column] for column in _FORMATION_FACTS)
    pending = formations.get(key)
    if pending is not None and raw == pending.raw:
        return pending
    facts = tuple(normalize_label(value) for value in raw)
    if pending is None:
        formation = Formation(
            code_etape=key[0],
            version=key[1],
            label=facts[0],
            composante=row["composante_code"],
            year=facts[2],
            ects=_number(part, row, "formation_ects"),
            hours=_number(part, row, "formation_hours"),
            cohort_idnumber=row["formation_cohort_idnumber"] or None,
            example=_flag(part, row),
            source=row.source,
        )
        pending = formations[key] = _PendingFormation(formation, raw, facts)
    elif facts != pending.facts:
        part.report(
            row.source,
            "formation",
            "label",
            f"formation {key[0]} {key[1]} has other label, composante or year than at "
            f"{pending.formation.source} ({' / '.join(pending.facts)})",
        )
    return pending


class _Shared(dict[object, object]):
    """One object per distinct value: an extract repeats natures, periods, parent codes,
    hours and shared courses on thousands of rows, and each cell is a new string."""

    def text(self, value: str) -> str:
        return self.setdefault(value, value)  # type: ignore[return-value]

    def number(self, part: LoadedFile, row: _Row, column: str) -> float | None:
        """Parsed once per distinct text; a bad value is still reported on every row."""
        key = ("number", row[column])
        if key in self:
            return self[key]  # type: ignore[return-value]
        value = _number(part, row, column)
        if value is not None:
            self[key] = value
        return value


def _element(part: LoadedFile, row: _Row, shared: _Shared) -> Element:
    return Element(
        code=shared.text(row["element_code"]),
        label=shared.text(normalize_label(row["element_label"])),
        nature=shared.text(row["element_nature"].strip()),
        period=shared.text(row["element_period"].strip()),
        ects=shared.number(part, row, "element_ects"),
        hours=shared.number(part, row, "element_hours"),
        hours_cm=shared.number(part, row, "element_hours_cm"),
        hours_td=shared.number(part, row, "element_hours_td"),
        hours_tp=shared.number(part, row, "element_hours_tp"),
        source=row.source,
    )


def _tree(part: LoadedFile, pending: _PendingFormation) -> list[Element]:
    """Rebuild the element tree from parent codes, in row order; children go to the first
    element listed with their parent's code. Unknown parents and cycles are errors."""
    first: dict[str, Element] = {}
    parent_of: dict[str, str] = {}
    for element, parent in pending.elements:
        first.setdefault(element.code, element)
        parent_of.setdefault(element.code, parent)
    roots: list[Element] = []
    placed: set[tuple[str, str]] = set()
    code = pending.formation.code
    for element, parent in pending.elements:
        original = first[element.code]
        if (element.code, parent) in placed and element_facts(original) == element_facts(element):
            continue  # the same element listed again under the same parent
        placed.add((element.code, parent))
        if not parent:
            roots.append(element)
        elif parent not in first:
            part.report(
                element.source or Source(part.file),
                "element",
                "parent",
                f"unknown parent element {parent!r} in formation {code}",
            )
        elif _in_cycle(element.code, parent_of):
            part.report(
                element.source or Source(part.file),
                "element",
                "parent",
                f"the parents of {element.code} loop in formation {code}",
            )
        else:
            first[parent].children.append(element)
    return roots


def _in_cycle(code: str, parent_of: dict[str, str]) -> bool:
    seen = {code}
    parent = parent_of.get(code, "")
    while parent:
        if parent in seen:
            return True
        seen.add(parent)
        parent = parent_of.get(parent, "")
    return False


def _number(part: LoadedFile, row: _Row, column: str) -> float | None:
    try:
        return parse_number(row[column])
    except ValueError as error:
        kind: RecordKind = "element" if column.startswith("element") else "formation"
        part.report(row.source, kind, column, str(error))
        return None


def _flag(part: LoadedFile, row: _Row) -> bool:
    try:
        return parse_flag(row["example"])
    except ValueError as error:
        part.report(row.source, "formation", "example", str(error))
        return False
