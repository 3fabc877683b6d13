"""The real Moodle 4.2.3 answers recorded in this folder (see its README), one copy for all tests.

The simulator replays them (tests/sim) and the client parses them (tests/moodle).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent
#: Each file and the simulator scenario holding the site's state before its first record.
SCENARIOS = {
    "moodle-4.2.3-ws_enrolcohort-3.3.3.json": "transcripts",
    "moodle-4.2.3-protocol-edges.json": "transcripts",  # continues the same site
    "moodle-4.2.3-ws_enrolcohort-3.3.3-quirks.json": "quirks",
}
FILES = tuple(SCENARIOS)


@dataclass(frozen=True)
class Record:
    file: str
    name: str
    function: str
    form: dict[str, object]
    status: int
    content_type: str
    body: str


def raw_records() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of every file as recorded, in order, with the name of its file.

    Records with ``db`` instead of ``request`` are database snapshots (the quirks file).
    """
    for file in FILES:
        for raw in json.loads((FOLDER / file).read_text(encoding="utf-8"))["records"]:
            yield file, raw


def records() -> list[Record]:
    """Every request/response record of every file, in order (snapshots left out)."""
    found = []
    for file, raw in raw_records():
        if "request" not in raw:
            continue
        request, response = raw["request"], raw["response"]
        form = {**(request.get("query") or {}), **(request.get("form") or {})}
        found.append(
            Record(
                file=file,
                name=raw["name"],
                function=str(form.get("wsfunction") or request["path"]),
                form=form,
                status=response["status"],
                content_type=response["content_type"],
                body=response["body"],
            )
        )
    return found


def body_of(name: str) -> str:
    """The recorded body of the record called ``name``."""
    return next(record.body for record in records() if record.name == name)
