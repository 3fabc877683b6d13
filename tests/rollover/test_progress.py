"""On a terminal, ``rollover apply`` shows a progress bar with counts; off one, it is quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli


def _run_on_terminal(cli: Cli, *args: str) -> tuple[int, str]:
    leader, follower = pty.openpty()
    env = {**cli.env(cli.sim.tokens["admin"], cli.sim.url), "TERM": "xterm", "COLUMNS": "160"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sync_helper", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(mixed: tuple[SimServer, Path], run: Cli) -> None:
    code, screen = _run_on_terminal(run, "--yes", "rollover", "apply", str(mixed[1]))
    assert code == 0, screen
    assert "Rollover" in screen
    assert "9/9" in screen
    assert "4 changed, 0 failed" in screen


def test_no_progress_bar_off_a_terminal(mixed: tuple[SimServer, Path], run: Cli) -> None:
    result = run("--yes", "rollover", "apply", str(mixed[1]))
    assert result.code == 0
    assert "9/9" not in result.out + result.err
    assert "\x1b[" not in result.out + result.err
