"""The README's « try the helper » blocks and the helper guide run exactly as written.

Pages mark their runnable shell blocks (see ``tests/cli/runnable_docs.py``); each page runs
in order against the demo simulator its own blocks start.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runnable_docs import (
    DOC_PORT,
    ROOT,
    matches,
    normalise,
    run_page,
    unmarked_command_blocks,
)

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


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_shell_block_runs_or_says_why_not(page: Path) -> None:
    unmarked = unmarked_command_blocks(page, "")
    assert not unmarked, f"{page.name}: neither runnable nor not runnable: {unmarked}"


def test_output_comparison_normalises_and_accepts_ellipsis() -> None:
    assert normalise("\n a  \nb\n\n") == [" a", "b"]
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert not matches(["a", "d"], ["a", "b", "d"])
