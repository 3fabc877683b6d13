"""APOGEE flat CSV extract (placeholder until the CSV milestone)."""

from __future__ import annotations

from pathlib import Path

from sync_helper.catalog.parts import LoadedFile


def load_apogee_csv(path: Path) -> LoadedFile:
    """Not written yet: reports the file as unsupported rather than pretending."""
    part = LoadedFile(str(path))
    part.fail("CSV files are not supported yet")
    return part
