"""Every documented exit code of the Moodle commands, and the token never printed."""

from __future__ import annotations

import socket

import pytest

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli

MARKER = "c0ffee00c0ffee00c0ffee00c0ffee00"  # a token the simulator does not know


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("check", who=None).code == 2
    remote = cli("check", url="http://moodle.example.org")
    assert remote.code == 2
    assert "--insecure-http" in remote.err
    assert cli("status", "https://elsewhere.example.org/course/view.php?id=2").code == 2


def test_unknown_token_exits_3_with_a_plain_message(cli: Cli) -> None:
    run = cli("--json", "check", token=MARKER)
    assert run.code == 3
    assert "does not know this token" in run.err
    assert run.json()["error"]["errorcode"] == "invalidtoken"


@pytest.mark.parametrize(
    "args",
    [
        ("status", "99999"),
        ("status", "NO-SUCH-COURSE"),
        ("sync", "2", "NOPE999"),
        ("sync", "2", "L1CHIM231", "--role", "astronaut"),
    ],
)
def test_not_found_exits_4(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli(*args)
    assert run.code == 4, run.err
    assert run.err.startswith("Error: ")


def test_ambiguous_cohort_lists_candidates_and_exits_4(cli: Cli, sim: SimServer) -> None:
    run = cli("--json", "sync", "2", "L1CH")
    assert run.code == 4
    codes = {c["idnumber"] for c in run.json()["error"]["candidates"]}
    assert codes == {"L1CHIM231", "L1CHBV231"}
    assert list(sim.site.course_instances(2, "cohort")) == []


def test_network_error_exits_6(cli: Cli) -> None:
    run = cli("check", url=closed_port_url())
    assert run.code == 6
    assert "connection refused" in run.err


def test_the_token_never_appears_in_any_output(cli: Cli, sim: SimServer, tmp_path) -> None:
    commands = [
        ("check",),
        ("--json", "check"),
        ("cohorts", "search", "L1"),
        ("status", "2"),
        ("--json", "sync", "2", "L1CHIM231", "--group", "new"),
        ("sync", "2", "L1CH"),
        ("unsync", "2", "L1CHIM231"),
        ("--yes", "unsync", "2", "L1CHIM231"),
        ("--json", "status", "99999"),
    ]
    admin = sim.tokens["admin"]
    for args in commands:
        cli(*args)
        cli(*args, token=MARKER)
    cli("sync", "2", "L1CHIM231", who="coreonly")
    cli("check", token=MARKER, url=closed_port_url())
    assert len(cli.runs) == 2 * len(commands) + 2
    for run in cli.runs:
        for secret in (admin, MARKER, sim.tokens["coreonly"]):
            assert secret not in run.out
            assert secret not in run.err


def test_moodle_refusal_exits_5_with_moodle_s_reason(cli: Cli) -> None:
    run = cli("--json", "cohorts", "search", "L1", who="teacher")  # site-wide needs system rights
    assert run.code == 5
    assert "permission" in run.err
    assert run.json()["error"]["errorcode"] == "nopermissions"
