"""Finding cohorts by code (idnumber) or label, as Moodle shows them from a course."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.courses import Course
from sync_helper.moodle.wire import as_int

SEARCH_COHORTS = "core_cohort_search_cohorts"
#: Large enough for any real search; ``0`` ("no limit") is not understood alike everywhere.
SEARCH_LIMIT = 1000


@dataclass(frozen=True)
class Cohort:
    """A cohort as ``core_cohort_search_cohorts`` returns it."""

    id: int
    idnumber: str
    name: str
    visible: bool

    @classmethod
    def from_answer(cls, data: dict[str, object]) -> Cohort:
        """Build from one item of a cohort list."""
        return cls(
            id=as_int(data.get("id"), "a cohort id"),
            idnumber=str(data.get("idnumber") or ""),
            name=str(data.get("name") or ""),
            visible=bool(data.get("visible", True)),
        )

    def label(self) -> str:
        """``CODE (Name)`` for messages; ``Name (id N, no code)`` for a cohort without idnumber."""
        if not self.idnumber:
            return f"{self.name} (id {self.id}, no code)"
        return f"{self.idnumber} ({self.name})"

    def code(self) -> str:
        """The idnumber people copy, or ``(no code, id N)`` so a table never shows an empty cell."""
        return self.idnumber or f"(no code, id {self.id})"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


def search_cohorts(client: MoodleClient, query: str, course: Course | None = None) -> list[Cohort]:
    """Cohorts matching ``query`` in code, name or description.

    From a course: the cohorts that course can use (``includes=parents``), which is what the
    Moodle form offers. Without a course: every cohort of the site (``includes=all``).
    """
    if course is None:
        context = {"contextlevel": "system", "instanceid": 0}
        includes = "all"
    else:
        context = {"contextlevel": "course", "instanceid": course.id}
        includes = "parents"
    answer = client.call(
        SEARCH_COHORTS, query=query, context=context, includes=includes, limitnum=SEARCH_LIMIT
    )
    items = answer.get("cohorts") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise errors.UnreadableAnswer(f"{SEARCH_COHORTS} did not return a cohort list")
    return [Cohort.from_answer(item) for item in items]


def pick_cohort(code: str, candidates: list[Cohort], course: Course | None = None) -> Cohort:
    """The one cohort ``code`` designates among ``candidates``; never a guess.

    An exact idnumber wins, then a case-insensitive idnumber, then an exact name; otherwise
    the candidates are listed in the error.
    """
    for matches in (
        [c for c in candidates if c.idnumber == code],
        [c for c in candidates if c.idnumber.casefold() == code.casefold()],
        [c for c in candidates if c.name.casefold() == code.casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
    where = f" from course {course.shortname} (id {course.id})" if course else ""
    if not candidates:
        hint = (
            ": it may not exist, be hidden, or live in a category that is not above this course"
            if course
            else ""
        )
        raise errors.CohortNotFound(f"no cohort matches {code!r}{where}{hint}")
    listing = ", ".join(c.label() for c in candidates[:10])
    more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
    raise errors.AmbiguousCohort(
        f"{code!r} matches {len(candidates)} cohorts{where} but none exactly: {listing}{more}. "
        "Give the exact code",
        candidates=list(candidates),
    )


def find_cohort(client: MoodleClient, code: str, course: Course | None = None) -> Cohort:
    """Search then pick: the cohort ``code`` names, as seen from ``course``."""
    return pick_cohort(code, search_cohorts(client, code, course), course)


def find_cohorts(
    client: MoodleClient, codes: Iterable[str], course: Course | None = None
) -> list[Cohort]:
    """The cohorts ``codes`` name, each once, in the order first named (two codes may name one)."""
    found: dict[int, Cohort] = {}
    for code in codes:
        cohort = find_cohort(client, code, course)
        found.setdefault(cohort.id, cohort)
    return list(found.values())
