"""Downloadable lists of every formation and its cohort code (CSV for spreadsheets, JSON)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sync_helper.catalog.model import Catalog

COLUMNS = (
    "code",
    "code_etape",
    "version",
    "cohort_idnumber",
    "label",
    "composante",
    "composante_label",
    "year",
    "ects",
    "hours",
    "example",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formation_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """One flat record per formation, in catalog order."""
    rows = []
    for formation in catalog.formations:
        composante = catalog.composantes.get(formation.composante)
        rows.append(
            {
                "code": formation.code,
                "code_etape": formation.code_etape,
                "version": formation.version,
                "cohort_idnumber": formation.cohort_code(catalog.cohort_template),
                "label": formation.label,
                "composante": formation.composante,
                "composante_label": composante.label if composante else "",
                "year": formation.year,
                "ects": formation.ects,
                "hours": formation.hours,
                "example": formation.example,
            }
        )
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def formations_csv(catalog: Catalog) -> str:
    """UTF-8 CSV (with BOM, so spreadsheets guess the encoding), one row per formation."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in formation_rows(catalog):
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return "\ufeff" + out.getvalue()


def formations_json(catalog: Catalog) -> str:
    """The same records as the CSV, as a JSON array (UTF-8, not ASCII-escaped)."""
    return json.dumps(formation_rows(catalog), ensure_ascii=False, indent=1) + "\n"
