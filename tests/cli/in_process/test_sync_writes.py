"""``sync`` and ``unsync`` in-process: what a person and a script rely on before and after a write.

The reports (table lines, --json fields), the exit codes, the manual path's CSV, and no write
before confirmation or under --dry-run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync_helper.moodle.instances import ADD_INSTANCE as ADD
from sync_helper.moodle.transport import RequestsTransport
from sync_helper.moodle.wire import RawAnswer
from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.cli.test_moodle_commands import THERMO, cohort_instances

HEADER = ["code", "cohort", "action", "role", "instance", "result", "what"]
MANUAL = (
    "local_ws_enrolcohort is not in this token's service, and core Moodle has no web service "
    "for cohort-sync methods. Nothing was changed. Do it by hand:"
)
PARTIAL = (
    "Partial: 1 of 2 cohort(s) failed or were not tried; the others are as shown (exit code 7)."
)


def table_rows(text: str) -> list[list[str]]:
    """The header and body cells of the rich table in ``text``."""
    return [
        [cell.strip() for cell in re.split("[│┃]", row)[1:-1]]
        for row in text.splitlines()
        if row.startswith(("│", "┃"))
    ]


def test_json_report_of_a_sync_and_of_its_dry_run(cli: Cli, sim: SimServer) -> None:
    dry = cli("--json", "--dry-run", "sync", THERMO, "L1CHIM231")
    assert dry.code == 0, dry.err
    assert dry.json()["course"] == {"id": 2, "shortname": "THERMO-L1"}
    assert (dry.json()["outcome"], dry.json()["dry_run"], dry.json()["exit_code"]) == (
        "planned",
        True,
        0,
    )
    assert [a["outcome"] for a in dry.json()["actions"]] == ["planned"]
    assert cohort_instances(sim) == []
    done = cli("--json", "sync", THERMO, "L1CHIM231")
    assert (done.json()["outcome"], done.json()["dry_run"], done.json()["exit_code"]) == (
        "applied",
        False,
        0,
    )
    (action,) = done.json()["actions"]
    assert action["outcome"] == "done"
    assert action["instance_id"] == sim.site.course_instances(2, "cohort")[0].id


def test_text_report_says_what_was_done_and_what_a_dry_run_would_do(cli: Cli) -> None:
    dry = cli("--dry-run", "sync", THERMO, "L1CHIM231")
    assert "Course 2 THERMO-L1 — dry run" in dry.out
    assert "would do" in dry.out
    done = cli("sync", THERMO, "L1CHIM231")
    assert "Course 2 THERMO-L1" in done.out and "dry run" not in done.out
    assert "│ add " in done.out and "│ done " in done.out
    assert "Dry run" not in done.out and "Partial" not in done.out
    again = cli("sync", THERMO, "L1CHIM231")
    assert "already so" in again.out


def test_a_code_naming_no_cohort_is_reported_and_the_others_done_exit_7(
    cli: Cli, sim: SimServer
) -> None:
    run = cli("sync", THERMO, "L1CHIM231", "NOPE999")
    assert run.code == 7, run.err
    assert PARTIAL in run.out
    assert "NOPE999" in run.out and "FAILED" in run.out
    assert cohort_instances(sim) == [(1, 5, 0, 0)]
    data = cli("--json", "sync", THERMO, "L1CHIM231", "NOPE999", "--role", "teacher").json()
    assert (data["outcome"], data["exit_code"]) == ("partial", 7)
    failed = next(a for a in data["actions"] if a["outcome"] == "failed")
    assert failed["cohort"]["idnumber"] == "NOPE999"
    assert failed["role"] == "teacher"
    assert "NOPE999" in failed["error"]


def test_every_code_naming_no_cohort_ends_with_the_first_error(cli: Cli, sim: SimServer) -> None:
    run = cli("--json", "sync", THERMO, "NOPE999", "NOPE998")
    assert run.code == 4
    assert "NOPE999" in run.json()["error"]["message"]
    assert run.err.startswith("Error: ") and "NOPE999" in run.err
    assert cohort_instances(sim) == []


def test_a_cohort_named_twice_is_attached_once(cli: Cli, sim: SimServer) -> None:
    run = cli("--json", "sync", THERMO, "L1CHIM231", "L1CHIM231")
    assert run.code == 0, run.err
    assert len(run.json()["actions"]) == 1
    assert cohort_instances(sim) == [(1, 5, 0, 0)]


def test_manual_path_reports_codes_naming_no_cohort_and_the_csv_written(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "rentree.csv"
    args = ("sync", THERMO, "L1CHIM231", "NOPE999", "--csv", str(target))
    text = cli(*args, who="coreonly")
    assert text.code == 7, text.err
    assert text.out.startswith(MANUAL)
    assert "\n  1. " in text.out and "\n  2. " in text.out
    assert f"Or upload {target} in Site administration › Plugins › Enrolments" in text.out
    assert "Not found: NOPE999: " in text.out
    data = cli("--json", *args, who="coreonly").json()
    assert data["course"] == {"id": 2, "shortname": "THERMO-L1"}
    assert (data["outcome"], data["csv_file"]) == ("manual_steps", str(target))
    assert [f["cohort"]["idnumber"] for f in data["failed"]] == ["NOPE999"]


def test_manual_path_without_csv_prints_it_and_exits_5(cli: Cli) -> None:
    text = cli("sync", THERMO, "L1CHIM231", who="coreonly")
    assert text.code == 5
    assert "Or upload this CSV with tool_uploadenrolmentmethods (--csv FILE writes it):" in (
        text.out
    )
    assert text.out.endswith("add,cohort,THERMO-L1,L1CHIM231,0,,student\n")
    data = cli("--json", "sync", THERMO, "L1CHIM231", who="coreonly").json()
    assert (data["csv_file"], data["failed"]) == (None, [])


def test_an_unwritable_csv_is_a_plain_error_exit_2(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "rentree.csv"
    run = cli("sync", THERMO, "L1CHIM231", "--csv", str(target), who="coreonly")
    assert run.code == 2
    assert f"Error: {target}: cannot write (No such file or directory)" in run.err
    assert not target.parent.exists()


def test_unsync_names_what_a_delete_loses_and_a_dry_run_asks_nothing(
    cli: Cli, sim: SimServer
) -> None:
    cli("sync", THERMO, "L1CHIM231")
    cli("sync", THERMO, "L1CHIM231", "--role", "teacher")
    refused = cli("unsync", THERMO, "L1CHIM231")
    assert refused.code == 2
    assert "L1CHIM231" in refused.err and "unenrols 64 user(s)" in refused.err
    dry = cli("--dry-run", "unsync", THERMO, "L1CHIM231")
    assert dry.code == 0, dry.err
    assert "--yes" not in dry.err and "Dry run: nothing was changed." in dry.out.splitlines()
    assert len(cohort_instances(sim)) == 1
    done = cli("--yes", "--json", "unsync", THERMO, "L1CHIM231")
    assert [a["outcome"] for a in done.json()["actions"]] == ["done"]
    assert cohort_instances(sim) == []


def test_unsync_checks_the_role_before_reading_the_course(cli: Cli) -> None:
    run = cli("--yes", "unsync", THERMO, "L1CHIM231", "--role", "astronaut")
    assert run.code == 4
    assert "astronaut" in run.err


def test_unsync_without_the_plugin_lists_the_codes_naming_no_cohort(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "remove.csv"
    run = cli(
        "--json", "unsync", THERMO, "L1CHIM231", "NOPE999", "--csv", str(target), who="coreonly"
    )
    assert run.code == 7, run.err
    assert [f["cohort"]["idnumber"] for f in run.json()["failed"]] == ["NOPE999"]
    assert target.read_text(encoding="utf-8").splitlines()[1] == (
        "del,cohort,THERMO-L1,L1CHIM231,0,,student"
    )


def test_an_error_is_one_json_document_and_a_plain_line(cli: Cli) -> None:
    run = cli("--json", "sync", THERMO, "L1CHIM231", who=None)
    assert run.code == 2
    message = (
        "no web-service token: set MOODLE_TOKEN, use --token-file, or put 'token' in the "
        "config file"
    )
    assert run.json() == {
        "error": {
            "type": "ConfigurationError",
            "message": message,
            "errorcode": None,
            "exit_code": 2,
        }
    }
    assert run.err == f"Error: {message}\n"
    missing = cli("--json", "sync", THERMO, "NOPE999").json()["error"]
    assert (missing["type"], missing["exit_code"]) == ("CohortNotFound", 4)
    assert "candidates" not in missing


def test_the_table_has_one_row_per_cohort_under_named_columns(cli: Cli, sim: SimServer) -> None:
    run = cli("sync", THERMO, "L1CHIM231", "NOPE999")
    assert run.out.splitlines()[0].rstrip() == "Course 2 THERMO-L1"
    [instance] = sim.site.course_instances(2, "cohort")
    header, *rows = table_rows(run.out)
    assert header == HEADER
    assert rows[0][:6] == ["NOPE999", "", "refuse", "", "", "FAILED"]
    assert rows[0][6].startswith("no cohort matches 'NOPE999' from course THERMO-L1")
    assert rows[1] == [
        "L1CHIM231",
        "LICENCE 1 CHIMIE",
        "add",
        "student",
        str(instance.id),
        "done",
        "attach with role student, group: none, enabled",
    ]


def test_a_refused_write_shows_moodles_reason_not_the_plan(cli: Cli, sim: SimServer) -> None:
    run = cli("sync", THERMO, "L1CHIM231", "--role", "editingteacher", who="teacher")
    assert run.code == 5, run.err
    [[*_, result, what]] = table_rows(run.out)[1:]
    assert result == "FAILED"
    assert what and not what.startswith("attach with role")
    assert cohort_instances(sim) == []


def test_a_cohort_out_of_the_courses_reach_is_not_found_from_it(cli: Cli, sim: SimServer) -> None:
    """PASMED231 lives under Médecine: a site-wide search would find it, the course cannot."""
    run = cli("sync", THERMO, "PASMED231")
    assert run.code == 4
    assert "no cohort matches 'PASMED231' from course THERMO-L1" in run.err
    assert cohort_instances(sim) == []


def test_a_code_naming_no_cohort_is_reported_as_itself(cli: Cli) -> None:
    [failed, _] = cli("--json", "sync", THERMO, "NOPE999", "L1CHIM231").json()["actions"]
    assert failed["cohort"] == {"id": 0, "idnumber": "NOPE999", "name": "", "visible": True}
    assert (failed["role"], failed["instance_id"]) == ("", None)


@pytest.mark.parametrize("sim", ["quirks"], indirect=True)
def test_partial_counts_the_failures_and_a_total_failure_is_not_partial(cli: Cli) -> None:
    some = cli("sync", "CIRC-L1", "L2CHIM231", "RETHC01-A", "NOPE999")
    assert some.code == 7
    assert "Partial: 2 of 3 cohort(s) failed or were not tried;" in some.out
    every = cli("sync", THERMO, "L1CH", "RETHC01-A")
    assert every.code == 4
    assert "Partial" not in every.out


def test_manual_steps_are_numbered_from_one_and_name_the_upload_page(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "rentree.csv"
    dry = cli("--dry-run", "sync", THERMO, "L1CHIM231", "--csv", str(target), who="coreonly")
    lines = dry.out.splitlines()
    assert lines[0] == MANUAL
    assert [int(n) for n in re.findall(r"^  (\d+)\. ", dry.out, re.MULTILINE)] == [1, 2, 3]
    assert "Or upload this CSV with tool_uploadenrolmentmethods (--csv FILE writes it):" in lines
    assert str(target) not in dry.out and not target.exists()
    written = cli("sync", THERMO, "L1CHIM231", "--csv", str(target), who="coreonly")
    assert (
        f"Or upload {target} in Site administration › Plugins › Enrolments › "
        "Upload enrolment methods (tool_uploadenrolmentmethods)."
    ) in written.out.splitlines()


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_no_keeps_the_cohort_and_yes_deletes_it(cli: Cli, sim: SimServer) -> None:
    cli("sync", THERMO, "L1CHIM231")
    kept = cli("unsync", THERMO, "L1CHIM231", stdin="n\n")
    assert kept.code == 0, kept.err
    assert "Delete 1 cohort-sync method(s)? [y/N]" in kept.err
    assert kept.err.rstrip().endswith("Nothing changed.")
    assert kept.out == "" and len(cohort_instances(sim)) == 1
    deleted = cli("unsync", THERMO, "L1CHIM231", stdin="y\n")
    assert deleted.code == 0, deleted.err
    assert "Nothing changed." not in deleted.err
    assert cohort_instances(sim) == []


def test_a_write_moodle_made_whose_answer_was_lost_shows_the_plan_then_the_healing(
    cli: Cli, sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The « what » cell keeps both: what was planned, then how the lost answer was resolved."""
    post = RequestsTransport.post
    lost: list[str] = []

    def lose_the_first_add_answer(
        self: RequestsTransport, url: str, form: list[tuple[str, str]], *, retry_safe: bool
    ) -> RawAnswer:
        answer = post(self, url, form, retry_safe=retry_safe)
        if ("wsfunction", ADD) in form and not lost:
            lost.append(ADD)
            return RawAnswer(503, "text/html", b"<h1>503 Service Unavailable</h1>")
        return answer

    monkeypatch.setattr(RequestsTransport, "post", lose_the_first_add_answer)
    run = cli("sync", THERMO, "L1CHIM231")
    assert run.code == 0, run.err
    assert lost == [ADD]
    cells = [row[6] for row in table_rows(run.out)[1:]]
    assert " ".join(cells) == (
        "attach with role student, group: none, enabled — done by Moodle, answer lost or "
        "unreadable; verified by reading the course back"
    )
    assert cohort_instances(sim) == [(1, 5, 0, 0)]
