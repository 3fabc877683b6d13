"""Run ``sync-helper`` as a subprocess against the loopback Moodle simulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync_helper.sim import SimServer


@dataclass
class Run:
    """One finished CLI run."""

    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


class Cli:
    """Runs the CLI with a clean environment pointing at the simulator."""

    def __init__(self, sim: SimServer, home: Path) -> None:
        self.sim = sim
        self.home = home
        self.runs: list[Run] = []

    def env(self, token: str | None, url: str | None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MOODLE_", "SYNC_HELPER_"))
        }
        env.update({"XDG_CONFIG_HOME": str(self.home), "NO_COLOR": "1", "COLUMNS": "250"})
        if url is not None:
            env["MOODLE_URL"] = url
        if token is not None:
            env["MOODLE_TOKEN"] = token
        return env

    def __call__(
        self,
        *args: str,
        who: str | None = "admin",
        token: str | None = None,
        url: str | None = "",
        stdin: str = "",
    ) -> Run:
        """``who`` names a simulator token; ``token`` gives a literal one instead."""
        value = token if token is not None else (self.sim.tokens[who] if who else None)
        run = self.execute(args, self.env(value, self.sim.url if url == "" else url), stdin)
        self.runs.append(run)
        assert "Traceback" not in run.err, run.err
        return run

    def execute(self, args: tuple[str, ...], env: dict[str, str], stdin: str) -> Run:
        """Run ``sync-helper`` as a separate process, the way a person or a script does."""
        result = subprocess.run(
            [sys.executable, "-m", "sync_helper", *args],
            capture_output=True,
            text=True,
            input=stdin,
            env=env,
            timeout=60,
            check=False,
        )
        return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[SimServer]:
    """A fresh simulator per test: writes in one test never leak into another.

    The ``transcripts`` site, or another scenario with
    ``@pytest.mark.parametrize("sim", ["quirks"], indirect=True)``.
    """
    with SimServer.start(scenario=getattr(request, "param", "transcripts"), port=0) as server:
        yield server


@pytest.fixture
def cli(sim: SimServer, tmp_path: Path) -> Cli:
    return Cli(sim, tmp_path / "config-home")
