"""The README's « try the helper » blocks and the helper guide run exactly as written.

Pages mark their runnable shell blocks (see ``tests/cli/runnable_docs.py``); each page runs
in order against the demo simulator its own blocks start.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runnable_docs import ROOT, matches, normalise, run_page, unmarked_command_blocks

PAGES = [ROOT / "README.md", ROOT / "docs/outil/index.md", ROOT / "docs/outil/index.en.md"]


@pytest.mark.parametrize(
    "page",
    PAGES,
    ids=[p.name if p.name == "README.md" else str(p.relative_to(ROOT)) for p in PAGES],
)
def test_page_runs_as_written(page: Path, tmp_path: Path) -> None:
    assert run_page(page, tmp_path) >= 2


def test_every_guide_command_block_is_marked() -> None:
    for page in PAGES[1:]:
        unmarked = unmarked_command_blocks(page, "sync-helper ")
        unmarked = [block for block in unmarked if "sim --scenario" not in block]
        assert not unmarked, f"{page.name}: neither runnable nor not runnable: {unmarked}"


def test_output_comparison_normalises_and_accepts_ellipsis() -> None:
    assert normalise("\n a  \nb\n\n") == [" a", "b"]
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert not matches(["a", "d"], ["a", "b", "d"])
