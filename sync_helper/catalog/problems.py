"""What is wrong with catalog data, said precisely enough to fix it (file, line or path, field)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sync_helper.catalog.model import Source

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about the data: errors stop the build, warnings are only reported."""

    source: Source
    field: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else str(self.source)
        return f"{where}: {self.message}"


class CatalogError(Exception):
    """The data files cannot be used; ``problems`` lists every error found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the catalog data:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))
