"""The downloadable CSV and JSON lists of formations."""

from __future__ import annotations

import csv
import io
import json

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
