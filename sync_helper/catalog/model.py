"""Data model of the catalog, mirroring how APOGEE describes a year of teaching.

Codes are kept verbatim (``version`` is a string: ``"031"`` and ``"31"`` are different
versions); labels are already normalised by the loaders. Records use ``__slots__``: a large
extract holds a million elements, and a per-object ``__dict__`` would double their size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync_helper.catalog.problems import Problem

DEFAULT_COHORT_TEMPLATE = "{code_etape}{version}"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from, so that every message can point at it."""

    file: str
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.path:
            return f"{self.file}:{self.path}"
        return self.file


@dataclass(slots=True)
class Composante:
    """A faculty, institute or school (UFR, IUT…), possibly the antenna of another on a site."""

    code: str
    label: str
    parent: str | None = None
    site: str | None = None
    example: bool = False
    source: Source | None = field(default=None, compare=False)


@dataclass(slots=True)
class Element:
    """A teaching element (ELP): a course, a teaching unit, a list or an option."""

    code: str
    label: str
    nature: str = ""
    period: str = ""
    ects: float | None = None
    hours: float | None = None
    hours_cm: float | None = None
    hours_td: float | None = None
    hours_tp: float | None = None
    children: list[Element] = field(default_factory=list)
    source: Source | None = field(default=None, compare=False)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Element]]:
        """Yield this element and its descendants with their depth, in display order."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(slots=True)
class Formation:
    """A version of a diploma stage (VET): what a Moodle cohort is made from."""

    code_etape: str
    version: str
    label: str
    composante: str
    year: str = ""
    ects: float | None = None
    hours: float | None = None
    cohort_idnumber: str | None = None
    elements: list[Element] = field(default_factory=list)
    example: bool = False
    source: Source | None = None

    @property
    def code(self) -> str:
        """The formation code as APOGEE shows it, e.g. ``L1CHIM231``."""
        return f"{self.code_etape}{self.version}"

    def cohort_code(self, template: str = DEFAULT_COHORT_TEMPLATE) -> str:
        """The cohort idnumber to pick in Moodle: explicit, or built from the template."""
        if self.cohort_idnumber:
            return self.cohort_idnumber
        return template.format(code_etape=self.code_etape, version=self.version, year=self.year)

    def walk_elements(self) -> Iterator[tuple[int, Element]]:
        """Every element of the formation with its depth in the tree."""
        for element in self.elements:
            yield from element.walk()


@dataclass
class Catalog:
    """Everything the site and the CLI know about a university's formations."""

    composantes: dict[str, Composante] = field(default_factory=dict)
    formations: list[Formation] = field(default_factory=list)
    cohort_template: str = DEFAULT_COHORT_TEMPLATE
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def element_count(self) -> int:
        """How many element occurrences the formations' trees hold, for summaries."""
        return sum(1 for formation in self.formations for _ in formation.walk_elements())
