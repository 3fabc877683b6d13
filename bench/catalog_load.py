"""Time and peak memory of loading and validating a large APOGEE CSV extract.

Writes the synthetic catalog of ``bench/synthetic_catalog.py`` (FORMATIONS formations ×
ELEMENTS elements, one CSV row per element) in a temporary directory, then loads it with
``load_catalog`` in a fresh child process per source tree, so that each peak (``ru_maxrss``)
is that load's alone; ``--compare /work/main`` puts the previous version side by side.
The child loads twice: once for the time and the process's peak RSS, once under
``tracemalloc`` for the peak of Python allocations the load itself made (the RSS includes the
interpreter and its imports, about 60 MB). Then it times a few CLI-style searches.

    .venv/bin/python -m bench.catalog_load [FORMATIONS] [ELEMENTS] [--compare TREE …]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic_catalog import TARGET, write_apogee_csv

ROOT = Path(__file__).resolve().parents[1]
# Run in the child, with the tree under test first on sys.path.
CHILD = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog.search import CatalogSearch
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    catalog = load_catalog([Path(sys.argv[1])])
    outcome = f"{len(catalog.formations)} formations, {catalog.element_count()} elements"
except CatalogError as error:
    catalog, outcome = None, f"refused: {len(error.problems)} problems"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
del catalog
tracemalloc.start()
try:
    catalog = load_catalog([Path(sys.argv[1])])
except CatalogError:
    catalog = None
heap_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
searches = {}
if catalog is not None:
    search = CatalogSearch(catalog)
    for query in sys.argv[2:]:
        begin = time.perf_counter()
        search.search(query, 20)
        searches[query] = time.perf_counter() - begin
print(json.dumps({"seconds": seconds, "peak_kb": peak, "base_kb": base, "outcome": outcome,
                  "heap_peak": heap_peak, "searches": searches}))
"""
QUERIES = (TARGET, "RETHC01", "thermo cinetique", "xyzzy")


def measure(tree: Path, data: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), *QUERIES],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1]}
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("formations", type=int, nargs="?", default=5000)
    parser.add_argument("elements", type=int, nargs="?", default=40)
    parser.add_argument("--compare", type=Path, action="append", default=[])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "extract.csv"
        rows = write_apogee_csv(path, options.formations, options.elements)
        size_mb = path.stat().st_size / 1e6
        print(
            f"{options.formations} formations × {options.elements}: {rows} rows, {size_mb:.1f} MB"
        )
        print(
            "| tree | load + validate s | peak RSS MB | RSS ÷ input | load's heap peak MB "
            "| heap ÷ input | result |"
        )
        print("|---|---|---|---|---|---|---|")
        for tree in (ROOT, *options.compare):
            figures = measure(tree.resolve(), path)
            if "error" in figures:
                print(f"| {tree} | — | — | — | — | {figures['error']} |")
                continue
            peak, heap = figures["peak_kb"] / 1000, figures["heap_peak"] / 1e6
            print(
                f"| {tree} | {figures['seconds']:.1f} | {peak:.0f} | {peak / size_mb:.2f} "
                f"| {heap:.0f} | {heap / size_mb:.2f} | {figures['outcome']} |"
            )
            for query, seconds in figures["searches"].items():
                print(f"|   search {query!r} | {seconds * 1000:.0f} ms | | | | | |")


if __name__ == "__main__":
    main()
