"""What French typography costs the build: formation pages filled without and with it.

The formation pages are the only per-formation work the typesetter adds (every other page is
typeset once, and there are a few dozen). Both variants run in the same process on the same
synthetic catalog, alternately, and the best of the repetitions is kept.

    .venv/bin/python -m bench.typography_bench 500 5000 --elements 40
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.synthetic_catalog import write_catalog
from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.page_shell import BODY, TITLE, PageShell
from sync_helper.catalog.pages import SiteLinks
from sync_helper.catalog.site_files import formation_pages
from sync_helper.website.typography import french_html


def fill_seconds(catalog: object, prose: Callable[[str], str]) -> tuple[float, int]:
    shell = PageShell.from_rendered(f"<title>{TITLE}</title>{BODY}", prose)
    start = time.perf_counter()
    size = sum(len(html) for _path, html in formation_pages(catalog, SiteLinks(), shell))
    return time.perf_counter() - start, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int, help="formation counts")
    parser.add_argument("--elements", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| formations × elements | body MB | fill s, no typography | fill s, typeset | added s |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            data = write_catalog(Path(work) / f"catalog-{size}.json", size, args.elements)
            catalog = load_catalog([data])
            plain, typeset, body = [], [], 0
            for _ in range(args.repeat):
                seconds, body = fill_seconds(catalog, str)
                plain.append(seconds)
                typeset.append(fill_seconds(catalog, french_html)[0])
            print(
                f"| {size} × {args.elements} | {body / 1e6:.1f} | {min(plain):.2f} "
                f"| {min(typeset):.2f} | {min(typeset) - min(plain):.2f} |"
            )


if __name__ == "__main__":
    main()
