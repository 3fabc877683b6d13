"""Does the code search put the formation a teacher means first? Top-1 / top-3, side by side.

On the realistic two-year catalog of ``bench/relevance_catalog.py`` (2022 and 2023 versions
of every formation, 2023 current), each query of :data:`QUERIES` — what teachers type: codes,
titles, abbreviations, acronyms, sites, element labels, typos — has one expected formation.
The same table runs against:

- this tree's Python search (``sync_helper.catalog.search``), in a child process;
- a previous version's Python search (``--baseline COMMIT``, default c2361a2: main before
  issue 7), exported with ``git archive`` and run in a child process the same way;
- this tree's site: the site is built with the catalog, and each query typed in headless
  Chromium (``--browser``); its ranking must equal the Python one.

    .venv/bin/python -m bench.relevance_bench [--baseline c2361a2] [--browser]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from bench.index_bench import served_chromium
from bench.relevance_catalog import write_catalog
from tests.conftest import QUIET_ENV, ROOT
from tests.index.site_copy import write_site_config

QUERIES: list[tuple[str, str, str]] = [
    # Codes as copied from APOGEE or a colleague's e-mail.
    ("L1CHIM231", "L1CHIM231", "code"),
    ("L1CHIM", "L1CHIM231", "code prefix"),
    ("l1chim 231", "L1CHIM231", "code, APOGEE spacing"),
    ("M2INFO", "M2INFO231", "code prefix"),
    ("B1GEII", "B1GEII231", "code prefix"),
    ("L3PSYC", "L3PSYC231", "code prefix"),
    ("L1HIST221", "L1HIST221", "last year's exact code"),
    ("CHI1100", "L1CHIM231", "element code"),
    ("PSY2100", "L2PSYC231", "element code"),
    ("LOG1231", "LPLOG1231", "code infix"),
    # Titles as written.
    ("licence 1 chimie", "L1CHIM231", "title"),
    ("licence 2 droit", "L2DROI231", "title"),
    ("master 1 psychologie clinique", "M1PSYC231", "title"),
    ("sciences de la vie", "L1SVIE231", "title words"),
    ("lettres modernes", "L1LMOD231", "title words"),
    ("arts plastiques licence 3", "L3ARTP231", "title words, any order"),
    ("géographie et aménagement L2", "L2GEOG231", "title words + abbreviation"),
    ("economie gestion", "L1ECOG231", "title words, no accent"),
    ("musicologie", "L1MUSI231", "title word"),
    ("philo L3", "L3PHIL231", "prefix + abbreviation"),
    # Abbreviations of the level.
    ("L1 chimie", "L1CHIM231", "abbreviation"),
    ("chimie L1", "L1CHIM231", "abbreviation after"),
    ("L2 psycho", "L2PSYC231", "abbreviation + prefix"),
    ("L3 histoire", "L3HIST231", "abbreviation"),
    ("M1 informatique", "M1INFO231", "abbreviation"),
    ("M2 droit des affaires", "M2DROI231", "abbreviation"),
    ("M1 MIAGE", "M1MIAG231", "abbreviation + acronym"),
    ("L1 maths", "L1MATH231", "abbreviation + prefix"),
    ("L2 physique", "L2PHYS231", "abbreviation"),
    ("L3 socio", "L3SOCI231", "abbreviation + prefix"),
    ("L1 STAPS", "L1STAP231", "abbreviation + acronym"),
    ("L2 info", "L2INFO231", "abbreviation + prefix"),
    ("M2 chimie matériaux", "M2CHIM231", "abbreviation"),
    # Diplomas and acronyms.
    ("BUT GEII", "B1GEII231", "diploma + acronym"),
    ("BUT 2 GEA", "B2GEA231", "diploma + acronym"),
    ("BUT3 informatique", "B3INFO231", "diploma level glued"),
    ("BUT RT", "B1RT231", "diploma + short acronym"),
    ("but techniques de commercialisation", "B1TC231", "diploma title"),
    ("GEII", "B1GEII231", "acronym alone"),
    ("LP logistique", "LPLOG1231", "licence pro abbreviation"),
    ("licence pro développement web", "LPDWEB231", "licence pro short form"),
    ("DU FLE", "DUFLE1231", "DU + acronym in code"),
    ("DU pédagogie", "DUPEDA231", "DU abbreviation"),
    ("PASS", "PASS01231", "acronym of the title"),
    ("LAS", "LASSVI231", "acronym of the title"),
    ("MEEF premier degré", "M1MEPE231", "acronym"),
    ("master MEEF histoire", "M1MEHG231", "acronym + word"),
    ("LEA", "L1LEAA231", "acronym in parentheses"),
    ("L2 LEA", "L2LEAA231", "abbreviation + acronym"),
    ("LLCER anglais", "L1LLCE231", "acronym of the title"),
    ("IA", "M1INFO231", "acronym of the title"),
    # Places: site and composante.
    ("chimie beauvais", "L1CHBV231", "title + site"),
    ("LEA beauvais", "L1LEBV231", "acronym + site"),
    ("informatique beauvais", "L1INBV231", "title + site"),
    ("GEII creil", "B1GEII231", "acronym + antenne site"),
    ("réseaux soissons", "B1RT231", "title + antenne site"),
    ("IUT amiens informatique", "B1INFO231", "composante + title"),
    ("inspé premier degré", "M1MEPE231", "composante + title"),
    # Element labels: what the course is called.
    ("thermo", "L1CHIM231", "element prefix"),
    ("Thermodynamique et cinétique", "L1CHIM231", "exact element label"),
    ("chimie organique", "L1CHIM231", "element label"),
    ("apprentissage automatique", "M1INFO231", "element label"),
    ("psychopathologie", "M1PSYC231", "element word"),
    ("histoire médiévale", "L1HIST231", "element label"),
    ("droit constitutionnel", "L1DROI231", "element label"),
    ("didactique des mathématiques", "M1MEPE231", "element label"),
    ("automatismes", "B1GEII231", "element word"),
    # Typos.
    ("termodynamique", "L1CHIM231", "typo in an element word"),
    ("chimmie L1", "L1CHIM231", "typo + abbreviation"),
    ("psycologie L1", "L1PSYC231", "typo + abbreviation"),
    ("sociolgie L2", "L2SOCI231", "typo + abbreviation"),
    ("philosphie", "L1PHIL231", "typo"),
    ("mathématique L1", "L1MATH231", "singular"),
    ("informatiuqe M1", "M1INFO231", "swapped letters"),
    ("musicologei", "L1MUSI231", "swapped letters"),
]
CHILD = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from sync_helper.catalog.load import load_catalog\n"
    "from sync_helper.catalog.search import search_catalog\n"
    "catalog = load_catalog([Path(sys.argv[1])])\n"
    "queries = json.loads(sys.stdin.read())\n"
    "print(json.dumps([[m.formation.code for m in search_catalog(catalog, q)] for q in queries]))\n"
)
SETTLED = (
    "() => { const s = document.querySelector('.code-search').codeSearch;"
    " return Boolean(s) && s.idle(); }"
)
RANKED = (
    "() => { const s = document.querySelector('.code-search').codeSearch;"
    " return s.results.ranked.map((i) => s.core.raw.code[i]); }"
)


def export_tree(commit: str, into: Path) -> Path:
    """The files of ``commit`` (no .venv: the child uses this tree's interpreter)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def python_rankings(tree: Path, catalog: Path) -> list[list[str]]:
    """Every query's ranked codes from the search of the package in ``tree``."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(catalog)],
        input=json.dumps([query for query, _, _ in QUERIES]),
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    return json.loads(result.stdout)


def browser_rankings(directory: Path, catalog: Path) -> list[list[str]]:
    """Every query's ranked codes as the built site's search box has them."""
    site = directory / "site"
    config = write_site_config(directory, [catalog])
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, **QUIET_ENV},
    )
    rankings = []
    with served_chromium(site) as (browser, url):
        page = browser.new_page()
        for query, _, _ in QUERIES:
            page.goto(f"{url}/codes/?q={quote(query)}")
            page.wait_for_function(SETTLED)
            rankings.append(page.evaluate(RANKED))
    return rankings


def rank_of(expected: str, ranking: list[str]) -> int | None:
    return ranking.index(expected) + 1 if expected in ranking else None


def summary(ranks: list[int | None]) -> str:
    top1 = sum(rank == 1 for rank in ranks)
    top3 = sum(rank is not None and rank <= 3 for rank in ranks)
    count = len(ranks)
    return (
        f"top-1 {top1}/{count} ({100 * top1 / count:.0f} %),"
        f" top-3 {top3}/{count} ({100 * top3 / count:.0f} %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="c2361a2")
    parser.add_argument("--browser", action="store_true", help="also type every query in Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        directory = Path(work)
        catalog = write_catalog(directory / "catalog.json")
        columns = {"this tree": python_rankings(ROOT, catalog)}
        baseline = export_tree(args.baseline, directory / "baseline")
        columns[f"{args.baseline} (before)"] = python_rankings(baseline, catalog)
        if args.browser:
            columns["this tree, site (Chromium)"] = browser_rankings(directory, catalog)
    names = list(columns)
    print("| query | kind | expected | " + " | ".join(f"rank, {n}" for n in names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    ranks: dict[str, list[int | None]] = {name: [] for name in names}
    for position, (query, expected, kind) in enumerate(QUERIES):
        row = []
        for name in names:
            rank = rank_of(expected, columns[name][position])
            ranks[name].append(rank)
            row.append("—" if rank is None else str(rank))
        print(f"| {query} | {kind} | {expected} | " + " | ".join(row) + " |")
    print()
    for name in names:
        print(f"- {name}: {summary(ranks[name])}")
    if args.browser:
        differ = [
            q
            for i, (q, _, _) in enumerate(QUERIES)
            if columns[names[0]][i] != columns[names[-1]][i]
        ]
        print(f"- site and Python rankings differ on {len(differ)} queries {differ}")


if __name__ == "__main__":
    main()
