"""The code search's speed, this tree and a previous version side by side, in one run.

For each size (N formations × M elements, ``bench/synthetic_catalog.py``) and each version
(this tree; ``--baseline COMMIT``, default c2361a2: main before issue 7, exported with
``git archive``), the real site is built by that version's own hooks and package, then one
headless Chromium measures, as ``bench/index_bench.py`` does for the code search:

- data: core.json gzip (fetched when the page opens), the largest shard gzip, all files;
- first result: fresh context, page loaded, query typed at 60 ms per key: ms from the first
  keydown to the first result, and gzip KB of search files fetched until then;
- p50/p95 per keystroke once loaded: every prefix of the query, the ``input`` handling
  (search and rendering) timed synchronously;
- rank of L1CHIM231 in the full ranking.

    .venv/bin/python -m bench.code_search_speed 5000 20000 [--baseline c2361a2]
    .venv/bin/python -m bench.code_search_speed --report   # tables of the last run
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.index_bench import (
    BUILD_WRAPPER,
    ENGINES,
    code_search_rank_and_latency,
    first_result,
    percentile,
    served_chromium,
)
from bench.relevance_bench import export_tree
from bench.synthetic_catalog import write_catalog
from tests.conftest import QUIET_ENV, ROOT
from tests.index.site_copy import write_site_config

QUERIES = [
    ("L1CHIM231", "code"),
    ("L1CHIM", "code prefix"),
    ("RETHC01", "element code"),
    ("thermodynamique", "element word"),
    ("Thermodynamique et cinétique", "exact element label"),
    ("licence 1 chimie", "title"),
    ("L1 chimie", "abbreviation"),
    ("termodynamique", "typo"),
]
RESULTS = Path("bench/code_search_speed.json")
# The synthetic catalog also has 2024 versions (241) of some formations: the university says
# which year is current (institution.yml); the previous version ignores the setting.
CURRENT_YEAR = "2023"


def build(root: Path, config: Path, site: Path) -> float:
    """Build with ``root``'s hooks and package (its own ``sync_helper`` first on the path)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    result = subprocess.run(
        [sys.executable, "-c", BUILD_WRAPPER, *command, "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV, "PYTHONPATH": str(root)},
        check=True,
    )
    code, seconds, _maxrss = result.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed ({root})")
    return float(seconds)


def sizes(site: Path) -> dict[str, int]:
    files = sorted((site / "codes/search").glob("*.json"))
    gzipped = {path.name: len(gzip.compress(path.read_bytes(), 6)) for path in files}
    shards = [size for name, size in gzipped.items() if name.startswith("s")]
    return {
        "core_gzip": gzipped["core.json"],
        "largest_shard_gzip": max(shards),
        "shards": len(shards),
        "all_gzip": sum(gzipped.values()),
    }


def browser_rows(site: Path) -> list[dict[str, Any]]:
    engine = ENGINES["code search"]
    rows = []
    with served_chromium(site) as (browser, url):
        warm = browser.new_page()
        warm.goto(url + engine["path"])
        warm.wait_for_load_state("networkidle")
        for query, kind in QUERIES:
            row: dict[str, Any] = {"query": query, "kind": kind}
            row.update(first_result(browser, url, site, engine, query))
            rank, timings = code_search_rank_and_latency(warm, query)
            row.update(
                rank=rank, p50_ms=statistics.median(timings), p95_ms=percentile(timings, 0.95)
            )
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def run(trees: dict[str, Path], formations: int, elements: int, work: Path) -> list[dict]:
    data = write_catalog(work / f"catalog{formations}.json", formations, elements)
    results = []
    for name, root in trees.items():
        directory = work / f"{name}-{formations}"
        directory.mkdir()
        site = directory / "site"
        result: dict[str, Any] = {"version": name, "formations": formations, "elements": elements}
        config = write_site_config(directory, [data], root)
        with (directory / "institution.yml").open("a", encoding="utf-8") as settings:
            settings.write(f'current_year: "{CURRENT_YEAR}"\n')  # the target's year
        result["build_s"] = build(root, config, site)
        result.update(sizes(site))
        result["search"] = browser_rows(site)
        print(json.dumps({k: v for k, v in result.items() if k != "search"}), flush=True)
        results.append(result)
    return results


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def report(results: list[dict]) -> str:
    lines = [
        "| N × M | version | full build s | core.json gzip KB | largest shard gzip KB"
        " | all search files gzip KB |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['formations']} × {r['elements']} | {r['version']} | {r['build_s']:.0f}"
            f" | {r['core_gzip'] / 1024:.0f} | {r['largest_shard_gzip'] / 1024:.0f}"
            f" | {r['all_gzip'] / 1024:.0f} |"
        )
    lines += [
        "",
        "| N | version | query | first result ms | KB gzip until then | p50 ms | p95 ms"
        " | rank of L1CHIM231 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for row in r["search"]:
            lines.append(
                f"| {r['formations']} | {r['version']} | {row['query']}"
                f" | {_ms(row['first_result_ms'])} | {row['bytes_gzip'] / 1024:.0f}"
                f" | {_ms(row['p50_ms'])} | {_ms(row['p95_ms'])}"
                f" | {row['rank'] if row['rank'] else '—'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000, 20000])
    parser.add_argument("--elements", type=int, default=40)
    parser.add_argument("--baseline", default="c2361a2")
    parser.add_argument("--report", action="store_true", help=f"print the tables of {RESULTS}")
    args = parser.parse_args()
    if args.report:
        print(report(json.loads(RESULTS.read_text())))
        return
    with tempfile.TemporaryDirectory() as work:
        trees = {"this tree": ROOT, args.baseline: export_tree(args.baseline, Path(work) / "old")}
        results = [
            result for size in args.sizes for result in run(trees, size, args.elements, Path(work))
        ]
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(report(results))


if __name__ == "__main__":
    main()
