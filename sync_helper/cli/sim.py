"""``sync-helper sim``: serve the Moodle web-service simulator until Ctrl-C.

Tokens are never printed: each is written alone to a file readable only by its owner, in a
private temporary directory removed when the simulator stops.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

import click

from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.render import line, warn
from sync_helper.loopback import is_loopback_host
from sync_helper.sim.knobs import Knobs
from sync_helper.sim.scenario import NAMES, ScenarioError
from sync_helper.sim.server import SimServer


def write_token_files(tokens: dict[str, str], directory: Path | None = None) -> Path:
    """A private directory (mode 0700) holding ``<name>.token`` files (mode 0600).

    ``directory`` (``--token-dir``) must not exist yet or be empty: a fixed place lets a guide
    name the token file before the simulator runs.
    """
    if directory is None:
        directory = Path(tempfile.mkdtemp(prefix="sync-helper-sim-"))
    else:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if any(directory.iterdir()):
            raise OSError(f"{directory}: --token-dir must be a new or empty directory")
        directory.chmod(0o700)
    for name, token in tokens.items():
        path = directory / f"{name}.token"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(token + "\n")
    return directory


@click.command("sim")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option(
    "--scenario",
    default="demo",
    show_default=True,
    help=f"Bundled scenario ({', '.join(NAMES)}) or the path of a scenario JSON file.",
)
@click.option(
    "--latency", default=0.0, type=click.FloatRange(0), help="Added delay per request, ms."
)
@click.option(
    "--error-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of 5xx answers."
)
@click.option(
    "--error-status",
    default=503,
    type=click.IntRange(500, 599),
    show_default=True,
    help="HTTP status of injected errors.",
)
@click.option(
    "--drop-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of dropped connections."
)
@click.option(
    "--truncate-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of cut bodies."
)
@click.option("--seed", default=0, type=int, help="Seed of the fault sequence.")
@click.option("--allow-remote", is_flag=True, help="Allow listening on a non-loopback address.")
@click.option(
    "--token-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the token files here (new or empty directory; removed on exit) instead of a "
    "fresh temporary directory.",
)
def sim(
    host: str,
    port: int,
    scenario: str,
    latency: float,
    error_rate: float,
    error_status: int,
    drop_rate: float,
    truncate_rate: float,
    seed: int,
    allow_remote: bool,
    token_dir: Path | None,
) -> None:
    """Serve a simulated Moodle (web services) until Ctrl-C, for demos and tests."""
    if not is_loopback_host(host) and not allow_remote:
        raise click.UsageError(
            f"refusing to listen on {host}: not a loopback address "
            "(pass --allow-remote if you really mean it)"
        )
    source: str | Path = scenario if scenario in NAMES else Path(scenario)
    try:
        knobs = Knobs(latency / 1000, error_rate, error_status, drop_rate, truncate_rate, seed)
        server = SimServer.open(source, host, port, knobs)
    except (ScenarioError, ValueError, OSError) as error:
        warn(f"sync-helper sim: {error}")
        raise SystemExit(ExitCode.USAGE) from None
    try:
        directory = write_token_files(server.tokens, token_dir)
    except OSError as error:
        server.close()
        warn(f"sync-helper sim: {error}")
        raise SystemExit(ExitCode.USAGE) from None
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # even when started in the background (SIGINT ignored)
    try:
        _announce(server, directory)
        threading.Event().wait()
    except KeyboardInterrupt:
        warn("Stopped.")
    finally:
        server.close()
        shutil.rmtree(directory, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops like Ctrl-C, so the token files are removed either way."""
    raise KeyboardInterrupt


def _announce(server: SimServer, directory: Path) -> None:
    first = "admin" if "admin" in server.tokens else next(iter(server.tokens))
    line(f"Moodle simulator serving at {server.url}")
    line("Courses (id, short name, idnumber, full name):")
    for course in sorted(server.site.courses.values(), key=lambda c: c.id):
        if course.id != server.site.site_course_id:
            idnumber = course.idnumber or "-"
            line(f"  {course.id}  {course.shortname}  {idnumber}  {course.fullname}")
    line(f"Token files (one per user, mode 0600): {directory}")
    for name in server.tokens:
        line(f"  {name}: {directory / (name + '.token')}")
    line("Use it from another terminal:")
    line(f"  export MOODLE_URL={server.url}")
    line(f"  {helper_command()} --token-file {directory / (first + '.token')} check")
    line("Press Ctrl-C to stop.")


def helper_command() -> str:
    """How to run this very helper from another shell: on PATH, beside Python, or ``-m``."""
    beside = Path(sys.executable).parent / "sync-helper"
    on_path = shutil.which("sync-helper")
    if on_path and Path(on_path).resolve() == beside.resolve():
        return "sync-helper"
    if beside.exists():
        return str(beside)
    return f"{sys.executable} -m sync_helper"
