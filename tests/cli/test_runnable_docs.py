"""The README's « try the helper » blocks and the helper guide run exactly as written.

Pages mark their runnable shell blocks (see ``tests/cli/runnable_docs.py``); each page runs
in order against the demo simulator its own blocks start.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runnable_docs import DOC_PORT, ROOT, blocks, matches, normalise, run_page

PAGES = [
    ROOT / "README.md",
    ROOT / "docs/outil/index.md",
    ROOT / "docs/outil/index.en.md",
    ROOT / "docs/fin-d-annee.md",
    ROOT / "docs/fin-d-annee.en.md",
]


@pytest.fixture
def documented_port_taken() -> Iterator[None]:
    """Port 8765, which the pages show, is in use (here, or by another test run)."""
    with socket.socket() as squatter:
        try:
            squatter.bind(("127.0.0.1", DOC_PORT))
            squatter.listen()
        except OSError:
            pass  # someone else holds it: just as taken
        yield


@pytest.mark.parametrize(
    "page",
    PAGES,
    ids=[p.name if p.name == "README.md" else str(p.relative_to(ROOT)) for p in PAGES],
)
@pytest.mark.usefixtures("documented_port_taken")
def test_page_runs_as_written(page: Path, tmp_path: Path) -> None:
    assert run_page(page, tmp_path) >= 2


# Shell blocks the pages show without running them, by their first line, and why.
NOT_RUN = {
    "script/server": "serves the site until Ctrl-C; the site's build is tested on its own",
    "script/test": "the whole test suite, which runs this test",
    "script/build": "the site build, tested by tests/index/test_build_script.py",
    "script/bootstrap": "installs the environment these tests already run in",
    "pip install .": "installs the package these tests already run",
    "sync-helper sim --scenario demo --port 8765 --token-dir .sim-tokens": (
        "the guide's « try it » section repeats the simulator its first block already started"
    ),
}


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_shell_block_runs_or_says_why_not(page: Path) -> None:
    marked = {block.text for block in blocks(page)}
    text = page.read_text(encoding="utf-8")
    shown = [chunk.split("```", 1)[0] for chunk in text.split("```bash\n")[1:]]
    unmarked = [
        block
        for block in shown
        if block not in marked and block.splitlines()[0].split("  #")[0].strip() not in NOT_RUN
    ]
    assert not unmarked, f"{page.name}: neither marked runnable nor in NOT_RUN: {unmarked}"


def test_output_comparison_normalises_and_accepts_ellipsis() -> None:
    assert normalise("\n a  \nb\n\n") == [" a", "b"]
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert not matches(["a", "d"], ["a", "b", "d"])
