"""The downloadable CSV and JSON lists of formations."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sync_helper.catalog.export import COLUMNS, formations_csv, formations_json
from tests.index.catalogs import chemistry_catalog


def test_csv_has_one_row_per_formation_with_the_example_flag() -> None:
    text = formations_csv(chemistry_catalog())
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(COLUMNS)
    assert [(row["code"], row["cohort_idnumber"], row["example"]) for row in rows] == [
        ("L1CHIM231", "L1CHIM231", "non"),
        ("L2CHIM231", "L2CHIM231", "oui"),
        ("L1LETM031", "L1LETM031", "non"),
    ]
    assert rows[2]["version"] == "031", "leading zeros are kept"


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    catalog = chemistry_catalog(label='=HYPERLINK("http://x","y")')
    rows = list(csv.DictReader(io.StringIO(formations_csv(catalog).removeprefix("\ufeff"))))
    assert rows[0]["label"] == '\'=HYPERLINK("http://x","y")'


def test_json_has_the_same_records() -> None:
    records = json.loads(formations_json(chemistry_catalog(label="Méthodes & <b>")))
    assert records[0]["label"] == "Méthodes & <b>"
    assert records[1]["example"] is True
    assert set(records[0]) == set(COLUMNS)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised_in_every_text_column(start: str) -> None:
    """A label, a composante or a cohort code starting like a formula opens as text."""
    formula = f"{start}1+cmd|' /C calc'!A0"
    catalog = chemistry_catalog(label=formula)
    catalog.composantes["010"].label = formula
    catalog.formations[0].cohort_idnumber = formula
    rows = list(csv.DictReader(io.StringIO(formations_csv(catalog).removeprefix("\ufeff"))))
    assert [rows[0][c] for c in ("label", "composante_label", "cohort_idnumber")] == [
        f"'{formula}"
    ] * 3
    assert rows[1]["composante_label"] == f"'{formula}", "the second formation's composante"


def test_numbers_flags_and_blanks_are_written_as_a_spreadsheet_reads_them() -> None:
    catalog = chemistry_catalog(label="Chimie = 1re année")
    catalog.formations[0].ects, catalog.formations[0].hours = 60.0, 487.5
    rows = list(csv.DictReader(io.StringIO(formations_csv(catalog).removeprefix("\ufeff"))))
    first, second = rows[0], rows[1]
    assert (first["label"], first["ects"], first["hours"]) == ("Chimie = 1re année", "60", "487.5")
    assert (second["ects"], second["hours"], second["example"]) == ("", "", "oui")
    assert formations_csv(catalog).count("\r\n") == 4, "CRLF rows: header and 3 formations"


def test_a_formation_whose_composante_is_unknown_has_a_blank_composante_label() -> None:
    catalog = chemistry_catalog()
    catalog.formations[0].composante = "999"
    first = json.loads(formations_json(catalog))[0]
    assert (first["composante"], first["composante_label"]) == ("999", "")
