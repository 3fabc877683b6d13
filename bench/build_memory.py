"""Peak memory and time of the whole strict site build (both languages) with a large catalog.

For each source tree (this one, and each ``--compare`` tree such as ``/work/main``), writes
a configuration beside a synthetic catalog (``bench/synthetic_catalog.py``, native JSON or
flat CSV) that uses that tree's pages, hooks and package, and runs ``mkdocs build --strict``
in a child process; the peak is that child's ``ru_maxrss``.

    .venv/bin/python -m bench.build_memory [FORMATIONS] [ELEMENTS] [--format json|csv]
        [--compare TREE …]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic_catalog import write_apogee_csv, write_catalog
from tests.index.site_copy import write_site_config

ROOT = Path(__file__).resolve().parents[1]
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(done.returncode, time.perf_counter() - start,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stderr.write(done.stderr[-2000:])\n"
)


def build(tree: Path, config: Path, site: Path) -> tuple[str, float, float]:
    """(outcome, seconds, peak MB) of one strict build."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command, "-d", str(site)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    code, seconds, peak_kb = result.stdout.split()
    outcome = "built" if code == "0" else f"failed: {result.stderr.strip().splitlines()[-1:]}"
    return outcome, float(seconds), int(peak_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("formations", type=int, nargs="?", default=20000)
    parser.add_argument("elements", type=int, nargs="?", default=40)
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--compare", type=Path, action="append", default=[])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        data = work / f"catalog.{options.format}"
        writer = write_catalog if options.format == "json" else write_apogee_csv
        writer(data, options.formations, options.elements)
        size = data.stat().st_size / 1e6
        print(f"{options.formations} × {options.elements}, {options.format}, {size:.0f} MB")
        print("| tree | build s | peak MB | outcome |")
        print("|---|---|---|---|")
        for number, tree in enumerate((ROOT, *options.compare)):
            place = work / str(number)
            place.mkdir()
            config = write_site_config(place, [data], tree.resolve())
            outcome, seconds, peak = build(tree.resolve(), config, place / "site")
            print(f"| {tree} | {seconds:.0f} | {peak:.0f} | {outcome} |")


if __name__ == "__main__":
    main()
