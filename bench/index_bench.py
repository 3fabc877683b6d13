"""Formation-code index at a large university's scale: build cost, then search, side by side.

For each size (N formations × M elements, synthetic, see ``bench/synthetic_catalog.py``):

- the hooks' own work, in process: loading the catalog, generating the index files, writing
  the formation pages from the shell;
- a full strict ``mkdocs build`` (both languages) in a child process: wall time and the child's
  peak memory (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, read by a wrapper process
  that runs only that build);
- the search data: ``core.json`` (fetched when the page opens), all shards, the script;
- in one headless Chromium run on that built site, for each query and for the code search,
  Material's built-in search and Pagefind (indexing the same built site, through its JS API on a
  small page of its own): time from the first keystroke to the first result on a fresh page
  load, search bytes transferred until then (gzip sizes of the files, as a web server would send
  them), per-keystroke latency once loaded (p50/p95), and the rank of the expected formation.

    .venv/bin/python -m bench.index_bench 500 5000 --elements 40 [--out bench/index_results.json]
    .venv/bin/python -m bench.index_bench --report      # the Markdown tables of the last run
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.synthetic_catalog import TARGET, write_catalog
from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.page_shell import BODY, TITLE, PageShell
from sync_helper.catalog.pages import SiteLinks
from sync_helper.catalog.site_files import formation_pages, index_files
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, QUIET_ENV, ROOT, serve_directory
from tests.index.site_copy import write_site_config

QUERIES = [
    ("L1CHIM231", "code"),
    ("L1CHIM", "code prefix"),
    ("CHIM231", "code infix"),
    ("RETHC01", "element code"),
    ("thermodynamique", "title word"),
    ("methodes", "title word, no accent"),
    ("Thermodynamique et cinétique", "exact element label"),
]
TYPING_DELAY_MS = 60
BUILD_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "print(code, time.perf_counter() - start,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def hook_times(data: Path) -> dict[str, float]:
    """What the hooks do besides MkDocs' own work, timed step by step."""
    start = time.perf_counter()
    catalog = load_catalog([data])
    loaded = time.perf_counter()
    links = SiteLinks()
    index_files(catalog, links)
    generated = time.perf_counter()
    shell = PageShell.from_rendered(f"<title>{TITLE}</title>{BODY}")
    for _page in formation_pages(catalog, links, shell):
        pass
    filled = time.perf_counter()
    return {
        "load_s": loaded - start,
        "generate_s": generated - loaded,
        "formation_pages_s": filled - generated,
    }


def full_build(config: Path, site: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    command += ["-d", str(site)]
    result = subprocess.run(
        [sys.executable, "-c", BUILD_WRAPPER, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
        check=True,
    )
    code, seconds, maxrss_kb = result.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed ({config})")
    return {"build_s": float(seconds), "peak_mb": int(maxrss_kb) / 1024}


def data_sizes(site: Path) -> dict[str, int]:
    search = site / "codes/search"
    shards = list(search.glob("s*.json"))
    script = site / "assets/javascripts/code-search.js"
    return {
        "core_raw": (search / "core.json").stat().st_size,
        "core_gzip": gzip_size(search / "core.json"),
        "shards": len(shards),
        "shards_raw": sum(path.stat().st_size for path in shards),
        "shards_gzip": sum(gzip_size(path) for path in shards),
        "largest_shard_gzip": max(gzip_size(path) for path in shards),
        "script_gzip": gzip_size(script),
    }


PAGEFIND_PAGE = """<!doctype html><html lang="fr"><meta charset="utf-8"><title>Pagefind</title>
<input id="q" aria-label="Recherche"><ol id="r"></ol>
<script type="module">
let pagefind;
const input = document.getElementById("q");
const list = document.getElementById("r");
async function ready() {
  if (!pagefind) { pagefind = await import("/pagefind/pagefind.js"); await pagefind.init(); }
  return pagefind;
}
async function top(query, count) {
  const found = await (await ready()).search(query);
  return Promise.all(found.results.slice(0, count).map((result) => result.data()));
}
input.addEventListener("focus", ready);
input.addEventListener("input", async () => {
  const query = input.value;
  const data = await top(query, 10);
  if (input.value !== query) return;
  list.replaceChildren(...data.map((d) => {
    const item = document.createElement("li"); item.textContent = d.url; return item; }));
});
window.benchRank = async (query, expected) => {
  const found = await (await ready()).search(query);
  for (let i = 0; i < Math.min(found.results.length, 300); i++) {
    if ((await found.results[i].data()).url.includes(expected)) return i + 1;
  }
  return null;
};
window.benchKeystroke = async (query) => {
  const start = performance.now(); await top(query, 1); return performance.now() - start;
};
</script></html>
"""

# Armed before typing; resolves with ms from the first keydown to the first result (or null).
FIRST_RESULT_PROBE = """([box, first, timeout]) => {
  const input = document.querySelector(box);
  let start = null;
  input.addEventListener("keydown", () => { start ??= performance.now(); }, { capture: true });
  window.__benchFirst = new Promise((resolve) => {
    setTimeout(() => resolve(null), timeout);
    new MutationObserver((changes, observer) => {
      if (start !== null && document.querySelector(first)) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}"""
FIRST_RESULT_TIMEOUT_MS = 8000

ENGINES = {
    "code search": {
        "path": "/codes/",
        "box": "#code-search-input",
        "first": ".code-search-result",
        "files": ("/codes/search/", "/code-search.js"),
    },
    "Material search": {
        "path": "/",
        "box": ".md-search__input",
        "first": ".md-search-result__item",
        "files": ("/search/", "/workers/", "/lunr/"),
    },
    "Pagefind": {
        "path": "/pagefind-bench/",
        "box": "#q",
        "first": "#r li",
        "files": ("/pagefind/",),
    },
}


def first_result(browser: Any, url: str, site: Path, engine: dict, query: str) -> dict:
    """Fresh context (empty cache), open the page, type the query, time the first result."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url + engine["path"])
    page.wait_for_load_state("networkidle")
    if engine["box"] == ".md-search__input":
        page.locator(".md-search__input").click()
    page.evaluate(FIRST_RESULT_PROBE, [engine["box"], engine["first"], FIRST_RESULT_TIMEOUT_MS])
    page.locator(engine["box"]).press_sequentially(query, delay=TYPING_DELAY_MS)
    elapsed = page.evaluate("() => window.__benchFirst")
    page.wait_for_load_state("networkidle")
    paths = {urlsplit(address).path for address in fetched}
    search_paths = [p for p in paths if any(part in p for part in engine["files"])]
    size = sum(
        gzip_size(site / p.lstrip("/")) for p in search_paths if (site / p.lstrip("/")).is_file()
    )
    context.close()
    return {"first_result_ms": elapsed, "bytes_gzip": size}


def code_search_rank_and_latency(page: Any, query: str) -> tuple[int | None, list[float]]:
    page.locator("#code-search-input").fill(query)
    page.wait_for_timeout(500)  # shards this query needs arrive and results are redone
    codes = page.evaluate(
        "() => { const s = document.querySelector('.code-search').codeSearch;"
        " return s.results.ranked.map((index) => s.core.raw.code[index]); }"
    )
    rank = codes.index(TARGET) + 1 if TARGET in codes else None
    timings = page.evaluate(
        """(query) => { const input = document.querySelector("#code-search-input");
          const out = [];
          for (let i = 1; i <= query.length; i++) {
            const start = performance.now();
            input.value = query.slice(0, i);
            input.dispatchEvent(new Event("input"));
            out.push(performance.now() - start);
          }
          return out; }""",
        query,
    )
    return rank, timings


def material_rank_and_latency(page: Any, query: str) -> tuple[int | None, list[float]]:
    """Rank only: Material answers from a worker, without a DOM signal per keystroke."""
    page.locator(".md-search__input").fill(query)
    page.wait_for_timeout(1500)
    links = page.locator(".md-search-result__item a").evaluate_all("(a) => a.map((x) => x.href)")
    matches = [i + 1 for i, href in enumerate(links) if f"/codes/formations/{TARGET}/" in href]
    return (matches[0] if matches else None), []


def pagefind_rank_and_latency(page: Any, query: str) -> tuple[int | None, list[float]]:
    rank = page.evaluate(
        "([q, t]) => window.benchRank(q, t)", [query, f"/codes/formations/{TARGET}/"]
    )
    timings = [
        page.evaluate("(q) => window.benchKeystroke(q)", query[:i])
        for i in range(1, len(query) + 1)
    ]
    return rank, timings


RANKERS = {
    "code search": code_search_rank_and_latency,
    "Material search": material_rank_and_latency,
    "Pagefind": pagefind_rank_and_latency,
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def served_chromium(site: Path) -> Iterator[tuple[Any, str]]:
    """Headless Chromium and the base URL of ``site`` served on loopback, for one run."""
    from playwright.sync_api import sync_playwright

    server, url = serve_directory(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser, url
            browser.close()
    finally:
        server.shutdown()


def browser_runs(site: Path) -> list[dict]:
    rows = []
    with served_chromium(site) as (browser, url):
        for name, engine in ENGINES.items():
            warm = browser.new_page()
            warm.goto(url + engine["path"])
            warm.wait_for_load_state("networkidle")
            if name == "Material search":
                warm.locator(".md-search__input").click()
            for query, kind in QUERIES:
                row = {"engine": name, "query": query, "kind": kind}
                row.update(first_result(browser, url, site, engine, query))
                rank, timings = RANKERS[name](warm, query)
                row.update(
                    rank=rank,
                    p50_ms=statistics.median(timings) if timings else None,
                    p95_ms=percentile(timings, 0.95) if timings else None,
                )
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
            warm.close()
    return rows


def run_size(formations: int, elements: int, work: Path) -> dict:
    directory = work / f"n{formations}"
    directory.mkdir()
    data = write_catalog(directory / "catalog.json", formations, elements)
    result: dict[str, Any] = {"formations": formations, "elements": elements}
    result["load_avg_before"] = os.getloadavg()[0]
    result.update(hook_times(data))
    site = directory / "site"
    result.update(full_build(write_site_config(directory, [data]), site))
    result.update(data_sizes(site))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, check=True
    )
    result["pagefind_index_s"] = time.perf_counter() - start
    (site / "pagefind-bench").mkdir()
    (site / "pagefind-bench/index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    result["search"] = browser_runs(site)
    result["load_avg_after"] = os.getloadavg()[0]
    print(json.dumps({k: v for k, v in result.items() if k != "search"}), flush=True)
    return result


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return str(value)


def report(results: list[dict]) -> str:
    """The Markdown tables of bench/README.md."""
    lines = [
        "| formations × elements | hook: load catalog s | hook: generate s | hook: formation"
        " pages s | full build s | peak MB | core.json raw / gzip KB | all shards raw / gzip"
        " KB (largest gzip) | script gzip KB | Pagefind indexing s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['formations']} × {r['elements']} | {r['load_s']:.1f} | {r['generate_s']:.1f}"
            f" | {r['formation_pages_s']:.1f} | {r['build_s']:.1f} | {r['peak_mb']:.0f}"
            f" | {r['core_raw'] / 1024:.0f} / {r['core_gzip'] / 1024:.0f}"
            f" | {r['shards_raw'] / 1024:.0f} / {r['shards_gzip'] / 1024:.0f}"
            f" ({r['largest_shard_gzip'] / 1024:.0f}) | {r['script_gzip'] / 1024:.1f}"
            f" | {r['pagefind_index_s']:.1f} |"
        )
    lines += [
        "",
        "| N | engine | query | first result ms | search KB gzip until then | p50 ms | p95 ms"
        f" | rank of {TARGET} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for row in r["search"]:
            lines.append(
                f"| {r['formations']} | {row['engine']} | {row['query']}"
                f" | {_cell(row['first_result_ms'])} | {row['bytes_gzip'] / 1024:.1f}"
                f" | {_cell(row['p50_ms'])} | {_cell(row['p95_ms'])} | {_cell(row['rank'])} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 5000])
    parser.add_argument("--elements", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("bench/index_results.json"))
    parser.add_argument("--report", action="store_true", help="print the tables of --out")
    args = parser.parse_args()
    if args.report:
        print(report(json.loads(args.out.read_text())))
        return
    with tempfile.TemporaryDirectory() as work:
        results = [run_size(size, args.elements, Path(work)) for size in args.sizes]
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
