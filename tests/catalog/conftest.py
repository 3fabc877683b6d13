"""Helpers for catalog tests: write small data files and load them the way the site does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.catalog import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parents[2]


def problems_of(*paths: Path) -> list[str]:
    """Every error ``load_catalog`` reports for ``paths``, as the user reads them."""
    with pytest.raises(CatalogError) as caught:
        load_catalog(list(paths))
    return [str(problem) for problem in caught.value.problems]
