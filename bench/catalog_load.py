"""How long loading, validating and searching a large university's APOGEE extract takes.

Writes the synthetic catalog of ``bench/synthetic_catalog.py`` (FORMATIONS formations ×
ELEMENTS elements) as a flat CSV in a temporary directory, then times ``load_catalog`` and a
few CLI-style searches.

    .venv/bin/python -m bench.catalog_load [FORMATIONS] [ELEMENTS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic_catalog import TARGET, write_apogee_csv
from sync_helper.catalog import load_catalog
from sync_helper.catalog.search import CatalogSearch


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
        rows = write_apogee_csv(path, formations, elements)
        size = path.stat().st_size / 1e6
        print(f"{formations} formations, {rows} rows, {size:.1f} MB")
        catalog = timed("load_catalog (read + validate)", lambda: load_catalog([path]))
        search = timed("search index (fold everything)", lambda: CatalogSearch(catalog))
        for query in (TARGET, "RETHC01", "thermo cinetique", "xyzzy"):
            found = timed(f"search {query!r}", lambda q=query: search.search(q, 20))
            print(f"  {len(found)} shown")


if __name__ == "__main__":
    main()
