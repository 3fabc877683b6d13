"""Time and peak memory of loading and validating a large catalog file (CSV, JSON or XML).

Writes the synthetic catalog of ``bench/synthetic_catalog.py`` (FORMATIONS formations ×
ELEMENTS elements; a flat APOGEE CSV extract, the project's JSON or CDM-fr XML) in a temporary
directory, then, per source tree (``--compare /work/main`` puts the previous version side by
side), in fresh child processes so that each peak (``ru_maxrss``) is that run's alone:

* ``sync-helper codes validate FILE``, the command users run: its time and peak RSS;
* ``load_catalog`` alone: its time and peak RSS (the interpreter and the catalog package
  weigh about 60 MB of it), then a few CLI-style searches; with ``--heap``, a second load under
  ``tracemalloc`` for the peak of the Python allocations the load itself made (slow).

    .venv/bin/python -m bench.catalog_load [FORMATIONS] [ELEMENTS] [--format csv|json|xml]
        [--heap] [--compare TREE …]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic_catalog import TARGET

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
heap_peak = None
if sys.argv[2] == "heap":
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
    for query in sys.argv[3:]:
        begin = time.perf_counter()
        search.search(query, 20)
        searches[query] = time.perf_counter() - begin
print(json.dumps({"seconds": seconds, "peak_kb": peak, "base_kb": base, "outcome": outcome,
                  "heap_peak": heap_peak, "searches": searches}))
"""
QUERIES = (TARGET, "RETHC01", "thermo cinetique", "xyzzy")
# The command as users run it, its peak measured from a parent that runs only it.
VALIDATE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run([sys.executable, '-c', 'from sync_helper.cli import main; main()',"
    " 'codes', 'validate', sys.argv[1]], capture_output=True, text=True)\n"
    "print(done.returncode, time.perf_counter() - start,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print((done.stdout + done.stderr).strip().splitlines()[-1][:100])\n"
)


def child(tree: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", *arguments],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def measure(tree: Path, data: Path, heap: bool) -> dict[str, object]:
    result = child(tree, CHILD, str(data), "heap" if heap else "-", *QUERIES)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1]}
    figures = json.loads(result.stdout)
    status, said = child(tree, VALIDATE, str(data)).stdout.splitlines()
    code, seconds, peak_kb = status.split()
    figures["validate"] = {"exit": int(code), "seconds": float(seconds), "peak_kb": int(peak_kb)}
    figures["validate_says"] = said
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("formations", type=int, nargs="?", default=5000)
    parser.add_argument("elements", type=int, nargs="?", default=40)
    parser.add_argument("--format", choices=("csv", "json", "xml"), default="csv")
    parser.add_argument("--heap", action="store_true", help="also trace the load's heap peak")
    parser.add_argument("--compare", type=Path, action="append", default=[])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"catalog.{options.format}"
        # Written by another process: a child started by this one would inherit its peak
        # (Linux keeps the parent's high-water RSS across vfork and exec).
        sizes = [str(options.formations), str(options.elements)]
        generate = [sys.executable, "-m", "bench.synthetic_catalog", *sizes, str(path)]
        subprocess.run(generate, cwd=ROOT, check=True)
        size_mb = path.stat().st_size / 1e6
        print(f"{options.formations} × {options.elements}, {path.name}, {size_mb:.1f} MB")
        print(
            "| tree | validate s | validate peak MB | ÷ input | load s | load peak MB | ÷ input "
            "| load's heap peak MB | result |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for tree in (ROOT, *options.compare):
            figures = measure(tree.resolve(), path, options.heap)
            if "error" in figures:
                print(f"| {tree} | — | — | — | — | — | — | — | {figures['error']} |")
                continue
            validate = figures["validate"]
            checked = validate["peak_kb"] / 1000
            peak = figures["peak_kb"] / 1000
            heap = f"{figures['heap_peak'] / 1e6:.0f}" if figures["heap_peak"] else "—"
            print(
                f"| {tree} | {validate['seconds']:.1f} | {checked:.0f} | {checked / size_mb:.2f} "
                f"| {figures['seconds']:.1f} | {peak:.0f} | {peak / size_mb:.2f} | {heap} "
                f"| exit {validate['exit']}: {figures['validate_says']} |"
            )
            for query, seconds in figures["searches"].items():
                print(f"|   search {query!r} | {seconds * 1000:.0f} ms | | | | | | | |")


if __name__ == "__main__":
    main()
