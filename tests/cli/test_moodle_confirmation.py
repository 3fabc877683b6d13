"""Deleting asks on a real terminal (a pseudo-terminal here) and does nothing on "no"."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli


def answer_prompt(cli: Cli, answer: str, *args: str) -> tuple[int, str]:
    """Run the CLI with a terminal on stdin and type ``answer``."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "sync_helper", *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli.env(cli.sim.tokens["admin"], cli.sim.url),
        )
        os.write(master, answer.encode() + b"\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    return process.returncode, out.decode() + err.decode()


def test_no_keeps_the_cohort_and_yes_deletes_it(cli: Cli, sim: SimServer) -> None:
    assert cli("sync", "2", "L1CHIM231").code == 0
    code, text = answer_prompt(cli, "n", "unsync", "2", "L1CHIM231")
    assert code == 0
    assert "Delete 1 cohort-sync method(s)?" in text
    assert "unenrols 64 user(s)" in text
    assert "Nothing changed." in text
    assert len(sim.site.course_instances(2, "cohort")) == 1
    code, text = answer_prompt(cli, "y", "unsync", "2", "L1CHIM231")
    assert code == 0, text
    assert sim.site.course_instances(2, "cohort") == []
