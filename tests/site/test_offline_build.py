"""The site builds with the network cut off: nothing is downloaded while it is built.

Material can fetch fonts and assets at build time (privacy and social plugins, remote
emoji); a university site under GDPR must not, and a build on an offline machine must work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import QUIET_ENV, ROOT

pytestmark = pytest.mark.build

WRAPPER = Path(__file__).with_name("no_network.py")


def run_guarded(record: Path, *command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(WRAPPER), str(record), *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
        check=False,
    )


def attempts(record: Path) -> list[dict[str, str]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def test_mkdocs_build_succeeds_without_any_network_attempt(tmp_path: Path) -> None:
    record = tmp_path / "attempts.jsonl"
    site = tmp_path / "site"
    result = run_guarded(
        record, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site),
        "--config-file", str(ROOT / "mkdocs.yml"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert attempts(record) == []
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()


def test_the_guard_refuses_and_records_remote_access(tmp_path: Path) -> None:
    """The wrapper must catch what it claims to: a lookup, a remote connect; loopback works."""
    script = tmp_path / "reach_out.py"
    script.write_text(
        "import socket\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "socket.create_connection(server.getsockname()).close()\n"
        "attempts = [\n"
        "    lambda: socket.create_connection(('example.org', 80), timeout=1),\n"
        "    lambda: socket.socket().connect(('192.0.2.1', 80)),\n"
        "]\n"
        "for attempt in attempts:\n"
        "    try:\n"
        "        attempt()\n"
        "    except OSError as error:\n"
        "        print('refused', type(error).__name__)\n",
        encoding="utf-8",
    )
    record = tmp_path / "attempts.jsonl"
    result = run_guarded(record, str(script), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("refused NetworkRefused") == 2
    assert [(a["kind"], a["target"]) for a in attempts(record)] == [
        ("getaddrinfo", "'example.org'"),
        ("connect", "('192.0.2.1', 80)"),
    ]
