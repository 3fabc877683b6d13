"""CDM-fr XML (placeholder until the XML milestone)."""

from __future__ import annotations

from pathlib import Path

from sync_helper.catalog.parts import LoadedFile


def load_cdmfr_xml(path: Path) -> LoadedFile:
    """Not written yet: reports the file as unsupported rather than pretending."""
    part = LoadedFile(str(path))
    part.fail("CDM-fr XML files are not supported yet")
    return part
