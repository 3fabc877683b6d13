"""What one data file contributes to the catalog, before files are merged and cross-checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sync_helper.catalog.model import Composante, Formation, Source
from sync_helper.catalog.problems import Problem, Severity

RecordKind = Literal["composante", "formation", "element"]
# Turns (record source, record kind, model field) into where to point the reader and the
# field name as the file spells it (a CSV column header, a JSON key, an XML element).
Locator = Callable[[Source, RecordKind, str], tuple[Source, str]]


def locate_same_place(source: Source, kind: RecordKind, name: str) -> tuple[Source, str]:
    """Default locator: the record's own place, the model's field name."""
    return source, name


@dataclass
class LoadedFile:
    """Records read from one file, with the problems met while reading it."""

    file: str
    composantes: list[Composante] = field(default_factory=list)
    formations: list[Formation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    locate: Locator = locate_same_place
    # A file meant to define composantes only (JSON with no or an empty "formations"): it is not
    # an error that no formation was read from it.
    composantes_only: bool = False

    def report(
        self,
        source: Source,
        kind: RecordKind,
        name: str,
        message: str,
        severity: Severity = "error",
    ) -> None:
        """Record a problem about one field of one record, located the way this file spells it."""
        where, spelled = self.locate(source, kind, name)
        self.problems.append(Problem(where, spelled, message, severity))

    def fail(self, message: str, field_name: str = "", source: Source | None = None) -> None:
        """Record a problem about the file as a whole (unreadable, wrong shape, missing column)."""
        self.problems.append(Problem(source or Source(self.file), field_name, message))
