"""How long loading, validating and searching a large university's APOGEE extract takes.

Generates a flat CSV (FORMATIONS formations × ELEMENTS elements each, one row per element)
in a temporary directory, then times ``load_catalog`` and a few CLI-style searches.

    .venv/bin/python bench/catalog_load.py [FORMATIONS] [ELEMENTS]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

from sync_helper.catalog import load_catalog
from sync_helper.catalog.search import CatalogSearch

HEADER = ["COD_CMP", "LIB_CMP", "COD_ETP", "COD_VRS_VET", "LIB_WEB_VET", "COD_ELP", "LIB_ELP"]
HEADER += ["COD_NEL", "COD_PEL", "NBR_CRD_ELP", "NBR_HEU_ELP", "COD_ELP_PERE"]


def write_extract(path: Path, formations: int, elements: int) -> int:
    """One UE per formation holding the other elements; returns the number of rows."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(formations):
            composante = f"{index % 40:03d}"
            formation = [composante, f"Composante {composante}", f"F{index:05d}", "231"]
            formation.append(f"LICENCE {index} MÉTHODES ET SCIENCES")
            ue = f"UE{index:06d}"
            writer.writerow([*formation, ue, "UE fondamentale", "UE", "S1", "30", "", ""])
            for number in range(elements - 1):
                code = f"E{index:05d}{number:03d}"
                label = f"Thermodynamique appliquée {number} et cinétique"
                writer.writerow([*formation, code, label, "RESS", "S1", "1,5", "24 HE", ue])
            rows += elements
    return rows


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    formations = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    elements = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "extract.csv"
        rows = write_extract(path, formations, elements)
        size = path.stat().st_size / 1e6
        print(f"{formations} formations, {rows} rows, {size:.1f} MB")
        catalog = timed("load_catalog (read + validate)", lambda: load_catalog([path]))
        search = timed("search index (fold everything)", lambda: CatalogSearch(catalog))
        for query in ("F04999", "E02500017", "thermo cinetique", "xyzzy"):
            found = timed(f"search {query!r}", lambda q=query: search.search(q, 20))
            print(f"  {len(found)} shown")


if __name__ == "__main__":
    main()
