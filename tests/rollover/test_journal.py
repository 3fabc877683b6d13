"""The journal as a library: what a rerun resumes from after a crash, and what it refuses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sync_helper.moodle import errors
from sync_helper.rollover.journal import Journal, JournalMismatch, default_journal_path

OPTIONS = {"delete_old": False}


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_new_journal_names_its_plan_and_flushes_each_line_at_once(tmp_path: Path) -> None:
    path = tmp_path / "plan.yml.journal"
    journal = Journal.open(path, "sha", OPTIONS, fresh=False)
    assert lines(path) == [{"journal": 1, "plan": "sha", "options": OPTIONS}]
    journal.write(event="write", course=2, status="done")
    assert lines(path)[1]["event"] == "write"  # on disk before close: a kill loses nothing
    assert lines(path)[1]["at"][:2] == "20"
    journal.write(event="course-done", course=2, changes=1)
    journal.close()
    assert not journal.is_finished(2)  # finished courses are those of an earlier run
    again = Journal.open(path, "sha", OPTIONS, fresh=False)
    assert again.is_finished(2) and not again.is_finished(3)
    assert again.finished[2]["changes"] == 1
    again.close()


def test_a_line_cut_by_a_kill_is_ignored_and_ended(tmp_path: Path) -> None:
    path = tmp_path / "j"
    header = json.dumps({"journal": 1, "plan": "sha", "options": OPTIONS})
    done = json.dumps({"event": "course-done", "course": 4})
    path.write_text(f'{header}\n{done}\n{{"event": "course-do', encoding="utf-8")
    journal = Journal.open(path, "sha", OPTIONS, fresh=False)
    assert set(journal.finished) == {4}
    journal.write(event="course-done", course=5)
    journal.close()
    assert path.read_text(encoding="utf-8").splitlines()[-1].startswith('{"at"')
    assert set(Journal.open(path, "sha", OPTIONS, fresh=False).finished) == {4, 5}


@pytest.mark.parametrize(("plan", "options"), [("other", OPTIONS), ("sha", {"delete_old": True})])
def test_a_journal_of_another_plan_or_other_options_is_refused(
    tmp_path: Path, plan: str, options: dict
) -> None:
    path = tmp_path / "j"
    Journal.open(path, "sha", OPTIONS, fresh=False).close()
    with pytest.raises(JournalMismatch, match="--fresh"):
        Journal.open(path, plan, options, fresh=False)
    fresh = Journal.open(path, plan, options, fresh=True)
    fresh.close()
    assert lines(path) == [{"journal": 1, "plan": plan, "options": options}]


def test_an_empty_or_unreadable_journal_is_a_plain_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(JournalMismatch):
        Journal.open(empty, "sha", OPTIONS, fresh=False)
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(errors.ConfigurationError, match=f"{binary}: cannot read the journal"):
        Journal.open(binary, "sha", OPTIONS, fresh=False)


def test_a_journal_that_cannot_be_written_is_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "j"
    with pytest.raises(errors.ConfigurationError, match="cannot write the journal"):
        Journal.open(path, "sha", OPTIONS, fresh=False)


def test_the_journal_lives_next_to_its_plan() -> None:
    assert default_journal_path(Path("/x/rollover-2024.yml")) == Path(
        "/x/rollover-2024.yml.journal"
    )


def test_every_line_is_one_json_record_stamped_with_local_time_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "j"
    journal = Journal.open(path, "sha", OPTIONS, fresh=False)
    journal.write(event="write", course=2, change="attach:10:5", status="done")
    journal.close()
    resumed = Journal.open(path, "sha", OPTIONS, fresh=False)  # the file ended its last line
    resumed.write(event="course-done", course=2)
    resumed.close()
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    header, write, done = lines(path)
    assert header == {"journal": 1, "plan": "sha", "options": OPTIONS}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", write.pop("at"))
    assert write == {"event": "write", "course": 2, "change": "attach:10:5", "status": "done"}
    assert list(done) == ["at", "event", "course"]


def test_what_is_not_a_finished_course_record_is_passed_over(tmp_path: Path) -> None:
    """Other events, JSON that is no record and a course id written as text."""
    path = tmp_path / "j"
    records = [
        {"journal": 1, "plan": "sha", "options": OPTIONS, "by": "an older helper"},
        42,
        {"event": "write", "course": 3, "status": "done"},
        {"event": "course-done", "course": "7", "changes": 2},
        [1, 2],
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    journal = Journal.open(path, "sha", OPTIONS, fresh=False)
    journal.close()
    assert journal.finished == {7: records[3]}
    assert journal.is_finished(7) and not journal.is_finished(3)


def test_a_journal_whose_first_record_is_not_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j"
    path.write_text(
        json.dumps({"event": "course-done", "course": 4})
        + "\n"
        + json.dumps({"journal": 1, "plan": "sha", "options": OPTIONS})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(JournalMismatch) as caught:
        Journal.open(path, "sha", OPTIONS, fresh=False)
    assert str(caught.value) == (
        f"{path} is the journal of another plan file or other options: pass --fresh to start "
        "over, or --journal FILE to keep it"
    )


def test_journal_errors_say_which_file_and_why(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "j"
    with pytest.raises(errors.ConfigurationError) as caught:
        Journal.open(missing, "sha", OPTIONS, fresh=True)
    assert str(caught.value) == f"{missing}: cannot write the journal (No such file or directory)"
    with pytest.raises(errors.ConfigurationError) as caught:
        Journal.open(tmp_path, "sha", OPTIONS, fresh=False)
    assert str(caught.value).startswith(f"{tmp_path}: cannot read the journal ([Errno 21] ")
