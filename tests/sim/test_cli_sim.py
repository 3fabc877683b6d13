"""``sync-helper sim`` as a user runs it: a subprocess serving until Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.sim.conftest import REST


def _start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sync_helper", "sim", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``sync-helper sim`` that is expected to stop by itself (refused options)."""
    return subprocess.run(
        [sys.executable, "-m", "sync_helper", "sim", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _runs_in_a_plain_shell(command: str, url: str) -> bool:
    """The printed hint works in a shell whose PATH lacks the virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLE_")}
    env.update(MOODLE_URL=url, PATH="/usr/bin:/bin")
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    return result.returncode == 0 and "4.2.3" in result.stdout


def _read_until_ready(process: subprocess.Popen[str]) -> list[str]:
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return lines
    raise AssertionError("sim stopped before serving: " + "".join(lines))


COURSE_LINES = {
    "transcripts": "  2  THERMO-L1  RETHC01  Introduction à la thermodynamique",
    "demo": "  5  ALGO-BUT1  -  Algorithmique",
    "quirks": "  5  THERMO L1 2024  RETHC01-2024  Thermodynamique L1 (2024)",
}


@pytest.mark.parametrize("scenario", ["transcripts", "demo", "quirks"])
def test_serves_until_sigint_without_printing_tokens(scenario: str) -> None:
    process = _start("--scenario", scenario)
    try:
        lines = _read_until_ready(process)
        output = "".join(lines)
        assert COURSE_LINES[scenario] + "\n" in lines
        hint = lines[lines.index("Use it from another terminal:\n") + 2].strip()
        assert _runs_in_a_plain_shell(hint, re.search(r"MOODLE_URL=(\S+)", output).group(1))
        url = re.search(r"serving at (http://127\.0\.0\.1:\d+)", output).group(1)
        token_file = Path(re.search(r"admin: (\S+)", output).group(1))
        assert f"export MOODLE_URL={url}" in output
        assert f"--token-file {token_file}" in output
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        token = token_file.read_text(encoding="utf-8").strip()
        assert re.fullmatch(r"[0-9a-f]{32}", token)
        answer = requests.post(
            url + REST,
            data={
                "wstoken": token,
                "wsfunction": "core_webservice_get_site_info",
                "moodlewsrestformat": "json",
            },
            timeout=10,
        ).json()
        assert answer["username"] == "admin"
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    assert token not in output + stdout + stderr
    assert "Traceback" not in stderr
    assert not token_file.exists()


def test_token_dir_is_the_chosen_private_directory_and_is_removed(tmp_path: Path) -> None:
    chosen = tmp_path / "tokens"
    process = _start("--scenario", "demo", "--token-dir", str(chosen))
    try:
        output = "".join(_read_until_ready(process))
        assert f"admin: {chosen / 'admin.token'}" in output
        assert stat.S_IMODE(chosen.stat().st_mode) == 0o700
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    assert not chosen.exists()


def test_a_token_dir_holding_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run("--token-dir", str(tmp_path))
    assert result.returncode == 2
    assert "new or empty directory" in result.stderr
    assert (tmp_path / "notes.txt").exists()


def test_sigterm_also_removes_the_token_files() -> None:
    process = _start("--scenario", "transcripts")
    try:
        output = "".join(_read_until_ready(process))
    finally:
        process.terminate()
        process.communicate(timeout=20)
    directory = Path(re.search(r"mode 0600\): (\S+)", output).group(1))
    assert process.returncode == 0
    assert not directory.exists()


def test_refuses_a_non_loopback_host() -> None:
    result = _run("--host", "192.0.2.1")
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr


def test_bad_scenario_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "site.json"
    broken.write_text('{"cohorts": [{"id": 1, "colour": "red"}]}', encoding="utf-8")
    result = _run("--scenario", str(broken))
    assert result.returncode == 2
    assert f"{broken}: cohorts[0]: unknown field(s): colour" in result.stderr
    assert "Traceback" not in result.stderr
