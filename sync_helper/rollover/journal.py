"""The journal: one JSON line per write and per finished course, so a run can be resumed.

The first line names the plan (its file's SHA-256) and the options; a journal written for
another plan is refused rather than silently mixed. Every line is flushed as soon as it is
written, so a ``kill -9`` loses at most the line being written; a cut line is ignored when
the journal is read again. A course is marked finished only when all its writes
are done; an interrupted course is simply planned again from what Moodle now holds.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import IO

from sync_helper.moodle import errors

FORMAT = 1


class JournalMismatch(errors.ConfigurationError):
    """The journal file belongs to another plan file or other options."""


class Journal:
    """An append-only record of a rollover's progress, safe to share between workers."""

    def __init__(self, handle: IO[str], finished: dict[int, dict[str, object]]):
        self._handle = handle
        self._lock = threading.Lock()
        self.finished = finished

    @classmethod
    def open(cls, path: Path, plan: str, options: dict[str, object], *, fresh: bool) -> Journal:
        """Resume ``path`` if it belongs to this plan, or start it over when ``fresh``."""
        header = {"journal": FORMAT, "plan": plan, "options": options}
        finished: dict[int, dict[str, object]] = {}
        if path.exists() and not fresh:
            records = _read(path)
            if not records or {k: records[0].get(k) for k in header} != header:
                raise JournalMismatch(
                    f"{path} is the journal of another plan file or other options: pass "
                    "--fresh to start over, or --journal FILE to keep it"
                )
            finished = {int(r["course"]): r for r in records[1:] if r.get("event") == "course-done"}
            handle = path.open("a", encoding="utf-8")
            if not path.read_bytes().endswith(b"\n"):
                handle.write("\n")  # end the line a kill cut short
        else:
            try:
                handle = path.open("w", encoding="utf-8")
            except OSError as error:
                raise errors.ConfigurationError(
                    f"{path}: cannot write the journal ({error.strerror})"
                ) from None
            handle.write(json.dumps(header) + "\n")
            handle.flush()
        return cls(handle, finished)

    def is_finished(self, course_id: int) -> bool:
        """Whether an earlier run finished every write of this course."""
        return course_id in self.finished

    def write(self, **record: object) -> None:
        """Append one event, timestamped, and flush it to the file at once."""
        line = json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **record})
        with self._lock:
            self._handle.write(line + "\n")
            self._handle.flush()

    def close(self) -> None:
        """Flush to disk and close."""
        with self._lock:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()


def _read(path: Path) -> list[dict[str, object]]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise errors.ConfigurationError(f"{path}: cannot read the journal ({error})") from None
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a kill: its write is checked again against Moodle
        if isinstance(record, dict):
            records.append(record)
    return records


def default_journal_path(plan_path: Path) -> Path:
    """``plan.yml`` → ``plan.yml.journal``, next to the plan."""
    return plan_path.with_name(plan_path.name + ".journal")
