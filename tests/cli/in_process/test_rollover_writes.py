"""``rollover apply`` in-process: the journal a rerun resumes from, the report, the exit codes."""

from __future__ import annotations

import json
import locale
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.rollover.conftest import EDITINGTEACHER, STUDENT, cohort_sync, write_plan, writes

DONE_LINE = (
    "Done: 4 course(s) changed (13 change(s)); 2 already as planned; 0 finished earlier; "
    "3 skipped; 0 failed (0 change(s))."
)


def _journal(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_journal_records_every_write_and_each_finished_course(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    result = run("--yes", "rollover", "apply", str(plan))
    assert result.code == 0, result.err
    records = _journal(plan.with_name("rollover.yml.journal"))
    header, events = records[0], records[1:]
    assert header["journal"] == 1 and header["options"] == {"delete_old": False}
    assert len(header["plan"]) == 64  # the plan file's SHA-256
    written = [r for r in events if r["event"] == "write"]
    assert len(written) == writes(sim.site) == 13
    assert {r["status"] for r in written} == {"done"}
    assert all(r["instance"] for r in written)
    finished = {r["course"]: r["changes"] for r in events if r["event"] == "course-done"}
    assert finished == {2: 5, 3: 3, 21: 2, 24: 3}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", r["at"]) for r in events)
    thermo = {r["change"]: r for r in written if r["course"] == 2}
    retired = ((1, STUDENT), (1, EDITINGTEACHER), (2, STUDENT))
    assert set(thermo) == {f"attach:10:{STUDENT}", f"attach:10:{EDITINGTEACHER}"} | {
        f"disable:{cohort}:{role}" for cohort, role in retired
    }
    assert thermo[f"attach:10:{STUDENT}"]["detail"] == "done"


def test_a_rerun_skips_the_courses_the_journal_says_are_finished(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    sim, plan = mixed
    journal = tmp_path / "kept.journal"
    first = run("--yes", "rollover", "apply", str(plan), "--journal", str(journal))
    assert first.code == 0, first.err
    assert DONE_LINE in first.out
    assert not plan.with_name("rollover.yml.journal").exists()
    again = run("--json", "--yes", "rollover", "apply", str(plan), "--journal", str(journal))
    report = again.json()
    earlier = [c for c in report["courses"] if c["status"] == "earlier"]
    assert len(earlier) == 4
    assert all(c["reason"].startswith("finished by an earlier run (20") for c in earlier)
    assert report["counts"]["earlier"] == 4 and report["counts"]["changes_done"] == 0
    assert writes(sim.site) == 13


def test_a_journal_of_other_options_is_refused_not_mixed(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    journal = plan.with_name("rollover.yml.journal")
    journal.write_text('{"journal": 1, "plan": "other", "options": {}}\n', encoding="utf-8")
    refused = run("--yes", "rollover", "apply", str(plan))
    assert refused.code == 2
    assert f"{journal} is the journal of another plan file or other options" in refused.err
    assert "--fresh" in refused.err
    assert writes(sim.site) == 0
    fresh = run("--yes", "rollover", "apply", str(plan), "--fresh")
    assert fresh.code == 0, fresh.err
    assert _journal(journal)[0]["plan"] != "other"


def test_nothing_to_change_needs_no_confirmation(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    assert run("--yes", "rollover", "apply", str(plan)).code == 0
    plan.with_name("rollover.yml.journal").unlink()
    again = run("rollover", "apply", str(plan))
    assert again.code == 0, again.err
    assert "0 course(s) to change" in again.out
    assert "Done: 0 course(s) changed (0 change(s)); 6 already as planned;" in again.out
    assert writes(sim.site) == 13


def test_dry_run_apply_shows_the_plan_and_writes_nothing(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    result = run("--dry-run", "rollover", "apply", str(plan))
    assert result.code == 0, result.err
    assert "Rollover plan" in result.out and "held: MIXED-MARKUP:" in result.out
    assert result.out.rstrip().endswith("Dry run: nothing was changed.")
    assert writes(sim.site) == 0
    assert not plan.with_name("rollover.yml.journal").exists()


def test_text_report_names_each_skipped_and_unchanged_course(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    _, plan = mixed
    result = run("--yes", "rollover", "apply", str(plan))
    lines = result.out.splitlines()
    assert lines[0] == (
        "9 course(s): 5 attach, 2 update, 6 disable, 0 detach, 2 keep; "
        "4 course(s) to change, 3 held, 1 problem(s)"
    )
    assert "skipped: MIXED-MISSING: cohort L2CHIM241 does not exist" in result.out
    assert "skipped: ANAT-PASS: cohort PASMED241 cannot be used from this course" in result.out
    assert "note: MIXED-NONE: no cohort sync yet" in result.out
    assert "note: MIXED-DONE" not in result.out
    assert f"problem: {plan}:16: course 'NO-SUCH-COURSE': no such course visible" in lines
    assert DONE_LINE in result.out


def test_every_change_refused_exits_5_names_each_and_journals_it(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """A teacher may not attach editing teachers: both new ones fail, what is there stays."""
    cohorts = [
        {"code": "L1CHIM231", "group": "Groupe Amiens"},
        {"code": "L1CHIM231", "role": "editingteacher"},
        {"code": "L1CHBV231"},
        {"code": "L1CHIM241", "role": "editingteacher"},
        {"code": "L1CHBV231", "role": "editingteacher"},
    ]
    plan = write_plan(
        tmp_path / "small.yml", {"courses": [{"course": "THERMO-L1", "cohorts": cohorts}]}
    )
    result = run("--yes", "rollover", "apply", str(plan), who="teacher")
    assert result.code == 5, result.err
    assert "failed: THERMO-L1: attach L1CHIM241: " in result.out
    assert "failed: THERMO-L1: attach L1CHBV231: " in result.out
    assert "not tried" not in result.out
    assert "0 course(s) changed (0 change(s))" in result.out
    assert "1 failed (2 change(s))" in result.out
    written = _journal(plan.with_name("small.yml.journal"))[1:]
    assert [(r["event"], r["course"], r["change"], r["status"]) for r in written] == [
        ("write", 2, f"attach:10:{EDITINGTEACHER}", "failed"),
        ("write", 2, f"attach:2:{EDITINGTEACHER}", "failed"),
    ]
    refusal = written[0]["detail"]
    assert refusal and refusal == written[1]["detail"]
    report = run("--json", "--yes", "rollover", "apply", str(plan), who="teacher").json()
    [failed] = report["courses"]
    assert failed["reason"] == f"L1CHIM241: {refusal}; L1CHBV231: {refusal}"


def test_without_the_plugin_apply_asks_for_a_csv_and_writes_nothing(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    result = run("--yes", "rollover", "apply", str(plan), who="coreonly")
    assert result.code == 5
    assert result.out == (
        "local_ws_enrolcohort is not in this token's service: nothing can be applied by web "
        "service. Pass --csv FILE to write the whole plan for tool_uploadenrolmentmethods.\n"
    )
    assert writes(sim.site) == 0


def test_the_csv_report_counts_its_rows_and_what_was_left_out(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    _, plan = mixed
    target = tmp_path / "upload.csv"
    text = run("rollover", "apply", str(plan), "--csv", str(target), who="coreonly")
    rows = len(target.read_text(encoding="utf-8").splitlines()) - 1
    assert text.out.splitlines()[-1] == (
        f"Wrote {rows} row(s) to {target}: upload it in Site administration › Plugins › "
        "Enrolments › Upload enrolment methods (tool_uploadenrolmentmethods)."
    )
    assert "left out: " in text.out
    data = run("--json", "rollover", "apply", str(plan), "--csv", str(target), who="coreonly")
    assert data.json()["csv_file"] == str(target) and data.json()["rows"] == rows
    assert data.json()["left_out"] and all(isinstance(w, str) for w in data.json()["left_out"])
    assert not target.with_name("upload.csv.part").exists()


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """A locale whose encoding is not UTF-8 (ASCII here, cp1252 on many office PCs)."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


@pytest.mark.usefixtures("ascii_locale")
def test_the_csv_is_utf_8_whatever_the_locale(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """The upload tool reads UTF-8: an accented cohort name (a new group's) stays readable."""
    sim, plan = mixed
    sim.site.cohorts[10].name = "Chimie 1re année"
    target = tmp_path / "upload.csv"
    result = run("rollover", "apply", str(plan), "--csv", str(target), who="coreonly")
    assert result.code == 0, result.err
    rows = target.read_bytes().decode("utf-8").splitlines()
    assert "add,cohort,MIXED-EXPLICIT,L1CHIM241,0,Chimie 1re année cohort,student" in rows


def test_an_unwritable_csv_is_a_plain_error_and_leaves_no_file(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "upload.csv"
    result = run("rollover", "apply", str(mixed[1]), "--csv", str(target), who="coreonly")
    assert result.code == 2
    assert f"{target}: cannot write (No such file or directory)" in result.err
    assert not target.parent.exists()


def _interrupt_after_first_write(sim: SimServer) -> threading.Thread:
    """Ctrl-C as a person gives it: once the first write reached Moodle."""

    def watch() -> None:
        deadline = time.monotonic() + 30
        while writes(sim.site) == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_ctrl_c_finishes_the_running_course_and_the_rerun_resumes(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    sim.knobs.latency = 0.05
    watcher = _interrupt_after_first_write(sim)
    stopped = run("--yes", "rollover", "apply", str(plan), "--workers", "1")
    watcher.join()
    assert stopped.code == 130, stopped.err
    assert (
        "Interrupted: run the same command again to resume where it stopped."
        in stopped.out.splitlines()
    )
    assert "Done: 1 course(s) changed (3 change(s));" in stopped.out
    assert writes(sim.site) == 3  # CIRC-L1, the first course, finished; no other started
    events = _journal(plan.with_name("rollover.yml.journal"))[1:]
    assert [r["course"] for r in events if r["event"] == "course-done"] == [3]
    sim.knobs.latency = 0
    again = run("--yes", "rollover", "apply", str(plan))
    assert again.code == 0, again.err
    assert "1 finished earlier" in again.out
    assert writes(sim.site) == 13  # nothing done twice


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_apply_asks_first_and_no_writes_nothing(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    empty = run("rollover", "apply", str(plan), stdin="\n")  # Enter: the default is no
    assert empty.code == 0 and empty.err.rstrip().endswith("Nothing changed.")
    refused = run("rollover", "apply", str(plan), stdin="n\n")
    assert refused.code == 0, refused.err
    assert "Apply 4 course(s) of changes? [y/N]" in refused.err
    assert refused.err.rstrip().endswith("Nothing changed.")
    assert "DELETED" not in refused.err
    assert writes(sim.site) == 0
    assert not plan.with_name("rollover.yml.journal").exists()
    accepted = run("rollover", "apply", str(plan), stdin="y\n")
    assert accepted.code == 0, accepted.err
    assert writes(sim.site) == 13


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_deleting_needs_delete_typed(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    warning = (
        "7 method(s) will be DELETED: their users are unenrolled and their grades and groups "
        "in those courses are detached."
    )
    empty = run("rollover", "apply", str(plan), "--delete-old", stdin="y\n\n")
    assert "Type DELETE to confirm: " in empty.err
    assert empty.code == 0 and empty.err.rstrip().endswith("Nothing changed.")
    refused = run("rollover", "apply", str(plan), "--delete-old", stdin="y\nyes\n")
    assert refused.code == 0, refused.err
    assert warning in refused.err and "Type DELETE to confirm" in refused.err
    assert refused.err.rstrip().endswith("Nothing changed.")
    assert writes(sim.site) == 0
    typed = run("rollover", "apply", str(plan), "--delete-old", stdin="y\n DELETE \n")
    assert typed.code == 0, typed.err
    assert [code for code, *_ in cohort_sync(sim.site, 3)] == ["L1INBV241", "L1INFO241"]


def test_json_report_lists_each_change_done_failed_or_not_tried(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    rules = {"codes": {"L1CHIM231": "L1CHIM241", "L1CHBV231": "L1CHIM241"}}
    plan = write_plan(tmp_path / "thermo.yml", {"rules": rules, "courses": ["THERMO-L1", "NOPE"]})
    result = run("--json", "--yes", "rollover", "apply", str(plan), who="teacher")
    assert result.code == 7
    report = result.json()
    assert (report["ok"], report["interrupted"]) == (False, False)
    assert report["problems"] == [f"{plan}:3: course 'NOPE': no such course visible"]
    [thermo] = report["courses"]
    refusal = thermo["failed"][0]["detail"]
    kept = "kept: L1CHIM241 could not be attached first"
    assert thermo == {
        "course": {"id": 2, "shortname": "THERMO-L1"},
        "status": "failed",
        "reason": f"L1CHIM241: {refusal}",
        "done": [{"action": "attach", "cohort": "L1CHIM241", "role": "student", "detail": "done"}],
        "failed": [
            {"action": "attach", "cohort": "L1CHIM241", "role": "editingteacher", "detail": refusal}
        ],
        "not_tried": [
            {"action": "disable", "cohort": "L1CHIM231", "role": "student", "detail": kept},
            {"action": "disable", "cohort": "L1CHIM231", "role": "editingteacher", "detail": kept},
            {"action": "disable", "cohort": "L1CHBV231", "role": "student", "detail": kept},
        ],
    }


def test_without_a_terminal_apply_says_how_to_confirm(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    first = run("rollover", "apply", str(plan))
    assert first.err.splitlines()[-1] == (
        "Error: no terminal to confirm on: review with 'rollover plan', then pass --yes"
    )
    second = run("--yes", "rollover", "apply", str(plan), "--delete-old")
    assert second.err.splitlines()[-1] == (
        "Error: deleting needs a second confirmation: add --confirm-delete (or drop "
        "--delete-old to disable them instead)"
    )
    assert writes(sim.site) == 0


def _frames(err: str) -> list[str]:
    """The progress display's successive frames, as a terminal redraws them in place."""
    frames = (frame.rstrip("\n") for frame in err.split("\r\x1b[2K")[1:])
    return [frame for frame in frames if frame.strip()]


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_progress_counts_courses_changed_and_failed_on_stderr(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    _, plan = mixed
    result = run("--yes", "rollover", "apply", str(plan))
    assert result.code == 0, result.err
    frames = _frames(result.err.removesuffix("\x1b[?25h"))
    assert re.fullmatch(r"Rollover +0/9 +-:--:--", frames[0])
    assert re.fullmatch(r"Rollover ━+ 9/9 4 changed, 0 failed 0:00:00", frames[-1])
    assert "Rollover" not in result.out


@pytest.mark.usefixtures("terminal")
def test_progress_counts_a_failed_course(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """A teacher may not attach editing teachers: the one course fails."""
    cohorts = [{"code": "L1CHIM241", "role": "editingteacher"}]
    plan = write_plan(
        tmp_path / "small.yml", {"courses": [{"course": "THERMO-L1", "cohorts": cohorts}]}
    )
    result = run("--yes", "rollover", "apply", str(plan), who="teacher")
    assert result.code == 5, result.err
    last = _frames(result.err.removesuffix("\x1b[?25h"))[-1]
    assert re.fullmatch(r"Rollover ━+ 1/1 0 changed, 1 failed 0:00:00", last)


def test_without_a_terminal_no_progress_is_drawn(mixed: tuple[SimServer, Path], run: Cli) -> None:
    """A script's log gets the report, not progress frames."""
    result = run("--yes", "rollover", "apply", str(mixed[1]))
    assert result.code == 0 and result.err == ""


@pytest.mark.usefixtures("terminal")
def test_with_json_no_progress_is_drawn_even_at_a_terminal(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    result = run("--yes", "--json", "rollover", "apply", str(mixed[1]))
    assert result.code == 0 and result.err == ""
    assert result.json()["counts"]["applied"] == 4
