"""What Moodle has for each cohort, exported once so the site can show it without a token.

``sync-helper cohorts export FILE`` writes the file (:func:`collect_cohort_facts`,
:func:`write_cohort_facts`); the site's build reads it (:func:`load_cohort_facts`) when
``institution.yml`` names it under ``cohort_facts``. The build itself never talks to Moodle.

File format (JSON)::

    {"format": "sync-helper-cohort-facts", "version": 1,
     "moodle_url": "https://moodle.example.org", "exported_at": "2026-12-01T10:00:00Z",
     "cohorts": [{"id": 12, "idnumber": "L1CHIM231", "name": "LICENCE 1 CHIMIE",
                  "visible": true, "context": "system", "members": 64}, ...]}

``context`` is ``system`` or ``category`` (Moodle's web services do not say which category).
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import SEARCH_COHORTS, Cohort
from sync_helper.moodle.enrolments import COHORT_MEMBERS
from sync_helper.moodle.wire import as_int

FORMAT = "sync-helper-cohort-facts"
VERSION = 1
SYSTEM = "system"
CATEGORY = "category"
PAGE_SIZE = 500  # cohorts per search page (``limitfrom`` is a page number there)
MEMBERS_BATCH = 100  # cohort ids per core_cohort_get_cohort_members call


class CohortFactsError(ValueError):
    """The cohort facts file is missing, unreadable or not in the expected shape."""


@dataclass(frozen=True)
class CohortFact:
    """One cohort as the site shows it."""

    id: int
    idnumber: str
    name: str
    visible: bool
    context: str
    members: int


@dataclass(frozen=True)
class CohortFacts:
    """Every cohort of a Moodle site at one moment."""

    moodle_url: str
    exported_at: str
    cohorts: tuple[CohortFact, ...]

    @functools.cached_property
    def by_idnumber(self) -> dict[str, CohortFact]:
        """Cohorts that have a code, by code (the catalog's cohort codes)."""
        return {fact.idnumber: fact for fact in self.cohorts if fact.idnumber}

    def as_json(self) -> str:
        """The file's text."""
        data = {
            "format": FORMAT,
            "version": VERSION,
            "moodle_url": self.moodle_url,
            "exported_at": self.exported_at,
            "cohorts": [asdict(fact) for fact in self.cohorts],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _search_pages(client: MoodleClient, includes: str) -> Iterator[Cohort]:
    """Every cohort a system-context search returns, page after page."""
    page = 0
    while True:
        answer = client.call(
            SEARCH_COHORTS,
            query="",
            context={"contextlevel": "system", "instanceid": 0},
            includes=includes,
            limitfrom=page,
            limitnum=PAGE_SIZE,
        )
        items = answer.get("cohorts") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise errors.UnreadableAnswer(f"{SEARCH_COHORTS} did not return a cohort list")
        yield from (Cohort.from_answer(item) for item in items)
        if len(items) < PAGE_SIZE:
            return
        page += 1


def _member_counts(client: MoodleClient, ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(ids), MEMBERS_BATCH):
        answer = client.call(COHORT_MEMBERS, cohortids=ids[start : start + MEMBERS_BATCH])
        if not isinstance(answer, list):
            raise errors.UnreadableAnswer(f"{COHORT_MEMBERS} did not return a list")
        for item in answer:
            users = item.get("userids") if isinstance(item, dict) else None
            if not isinstance(users, list):
                raise errors.UnreadableAnswer(f"{COHORT_MEMBERS} returned an item without userids")
            counts[as_int(item.get("cohortid"), "a cohort id")] = len(users)
    return counts


def collect_cohort_facts(client: MoodleClient) -> CohortFacts:
    """Read every cohort of the site, where it lives and how many members it has.

    Needs ``moodle/cohort:view`` at system level (an administrator's or manager's token).
    """
    cohorts = {cohort.id: cohort for cohort in _search_pages(client, "all")}
    system = {cohort.id for cohort in _search_pages(client, "self")}
    members = _member_counts(client, sorted(cohorts))
    facts = tuple(
        CohortFact(
            id=cohort.id,
            idnumber=cohort.idnumber,
            name=cohort.name,
            visible=cohort.visible,
            context=SYSTEM if cohort.id in system else CATEGORY,
            members=members.get(cohort.id, 0),
        )
        for cohort in sorted(cohorts.values(), key=lambda c: (c.idnumber, c.id))
    )
    exported_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return CohortFacts(client.settings.url, exported_at, facts)


def write_cohort_facts(facts: CohortFacts, path: Path) -> None:
    """Write the file whole or not at all (a temporary file renamed over the target)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(facts.as_json())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fact(item: object, where: str) -> CohortFact:
    if not isinstance(item, dict):
        raise CohortFactsError(f"{where}: expected an object")
    checks: tuple[tuple[str, type], ...] = (
        ("id", int),
        ("idnumber", str),
        ("name", str),
        ("visible", bool),
        ("context", str),
        ("members", int),
    )
    for key, kind in checks:
        value = item.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise CohortFactsError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    if item["context"] not in (SYSTEM, CATEGORY):
        raise CohortFactsError(f"{where}.context: expected 'system' or 'category'")
    if item["members"] < 0:
        raise CohortFactsError(f"{where}.members: must not be negative")
    return CohortFact(**{key: item[key] for key, _ in checks})


def load_cohort_facts(path: Path) -> CohortFacts:
    """Read and check a file written by :func:`write_cohort_facts`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CohortFactsError(f"{path}: cannot read ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CohortFactsError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CohortFactsError(f"{path}: not a file written by 'sync-helper cohorts export'")
    if data.get("version") != VERSION:
        raise CohortFactsError(f"{path}: version {data.get('version')!r}, expected {VERSION}")
    items = data.get("cohorts")
    if not isinstance(items, list):
        raise CohortFactsError(f"{path}: $.cohorts: expected a list")
    for key in ("moodle_url", "exported_at"):
        if not isinstance(data.get(key), str):
            raise CohortFactsError(f"{path}: $.{key}: expected a string")
    facts = tuple(_fact(item, f"{path}: $.cohorts[{i}]") for i, item in enumerate(items))
    return CohortFacts(data["moodle_url"], data["exported_at"], facts)
