"""Configuration files, token files and network faults, seen from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.moodle.loopback import Reply, replies_in_order, serve


def write(path: Path, text: str, mode: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_config_file_must_be_private(cli: Cli, sim: SimServer) -> None:
    config = cli.home / "sync-helper" / "config.toml"
    write(config, f'url = "{sim.url}"\ntoken = "{sim.tokens["admin"]}"\n', 0o644)
    refused = cli("check", who=None, url=None)
    assert refused.code == 2
    assert "chmod 600" in refused.err
    config.chmod(0o600)
    accepted = cli("check", who=None, url=None)
    assert accepted.code == 0, accepted.err
    assert sim.tokens["admin"] not in accepted.out + accepted.err + refused.err


def test_token_file_option_is_checked_too(cli: Cli, sim: SimServer, tmp_path: Path) -> None:
    token = write(tmp_path / "token", sim.tokens["teacher"] + "\n", 0o640)
    assert cli("--token-file", str(token), "check", who=None).code == 2
    token.chmod(0o600)
    run = cli("--json", "--token-file", str(token), "check", who=None)
    assert run.code == 0, run.err
    assert run.json()["user"] == "Prof Chimie (prof)"


def test_custom_role_table_from_the_config_file(cli: Cli, sim: SimServer) -> None:
    write(cli.home / "sync-helper" / "config.toml", "[roles]\nlearner = 5\n", 0o600)
    run = cli("--json", "sync", "2", "L1CHIM231", "--role", "learner")
    assert run.code == 0, run.err
    assert [i.roleid for i in sim.site.course_instances(2, "cohort")] == [5]


@pytest.mark.parametrize(
    ("reply", "code", "words"),
    [
        (Reply(status=403, body=b"", content_type="text/html"), 5, "web services or the REST"),
        (Reply(body=b"<html><form id='login'></form></html>", content_type="text/html"), 6, "HTML"),
        (Reply(body=b'<?xml version="1.0"?><RESPONSE/>', content_type="application/xml"), 6, "XML"),
        (Reply(body=b'{"sitename":"UPJV', content_type="application/json"), 6, "truncated"),
    ],
)
def test_unusable_answers_exit_with_a_clear_message(
    cli: Cli, reply: Reply, code: int, words: str
) -> None:
    with serve(replies_in_order(reply)) as moodle:
        run = cli("check", token="some-token", url=moodle.url)  # noqa: S106 - a marker
    assert run.code == code
    assert words in run.err


def test_a_server_that_keeps_failing_exits_6_after_retrying_reads() -> None:
    with SimServer.start(scenario="transcripts", error_rate=1.0, error_status=503) as sim:
        cli = Cli(sim, Path("/nonexistent-config-home"))
        run = cli("check")
    assert run.code == 6
    assert "server error" in run.err or "503" in run.err


@pytest.mark.parametrize("kind", ["fifo", "binary"])
def test_an_unusable_token_file_exits_2_at_once(cli: Cli, tmp_path: Path, kind: str) -> None:
    token = tmp_path / "token"
    if kind == "fifo":
        os.mkfifo(token, 0o600)
    else:
        token.write_bytes(b"\x00\xff\xfe" + cli.sim.tokens["admin"].encode())
        token.chmod(0o600)
    run = cli("--token-file", str(token), "check", who=None)
    assert run.code == 2
    assert str(token) in run.err
    assert cli.sim.tokens["admin"] not in run.out + run.err


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_timeout_that_never_ends_exits_2(cli: Cli, value: str) -> None:
    write(cli.home / "sync-helper" / "config.toml", f"[timeouts]\nread = {value}\n", 0o600)
    run = cli("check")
    assert run.code == 2
    assert "[timeouts]" in run.err
