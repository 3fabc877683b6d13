"""Run the shell blocks a Markdown page marks as runnable, exactly as written, in page order.

Marking (HTML comments, invisible on the site and on GitHub), on the line just before a fence:

* ``<!-- runnable -->`` before a ```` ```bash ```` block: its lines run in ``bash -e``; shell
  state (``export``, ``cd``) carries over to the page's next runnable block;
* ``<!-- runnable: background -->``: the block is a server (the simulator); it is started, the
  harness waits for its « Press Ctrl-C » line, and stops it (SIGINT) after the page's last block;
* ``<!-- runnable: file NAME -->`` before any block (a YAML plan): its text is written to the
  file NAME in the current directory, for the next blocks to read;
* ``<!-- output -->`` before a ```` ```text ```` block right after a runnable one: what that
  block must print;
* ``<!-- not runnable: why -->``: a shell block that is not run (it installs, builds, or
  starts what the page already started); :func:`unmarked_command_blocks` accepts it, the reason
  stays in the page.

Where it runs: a fresh temporary directory holding links to the repository's ``.venv``,
``institution.yml`` and ``data/`` (the catalog the rollover reads, as at the repository's
root), with ``.venv/bin`` first on ``PATH`` (as after ``source .venv/bin/activate``) and no
``MOODLE_*`` variable from the caller; ``HOME`` is that directory too, so a page's
``~/.config/sync-helper/config.toml`` is written there and read by its next commands.
``{{ institution.moodle_url }}`` is replaced by ``$MOODLE_URL``.

The pages show the simulator on port 8765 (``--port 8765``, ``http://127.0.0.1:8765``), which
a reader can copy. Two test runs on one machine would fight over it, so each page run picks a
free port and rewrites exactly those two forms in the commands it runs, and writes 8765 back
into what they print before comparing: the commands run are the page's, on another port.

Normalisation of printed output before comparing: trailing spaces removed from every line,
leading and trailing blank lines dropped; a line ``…`` alone in the expected text stands for
any number of lines.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(
    r"^<!-- (runnable(?::\s*(?:background|file \S+))?|output) -->\n```(\w+)\n(.*?)^```$",
    re.M | re.S,
)
ANY_SHELL_BLOCK = re.compile(r"^(?:<!-- ([^\n]*?) -->\n)?```bash\n(.*?)^```$", re.M | re.S)
PLACEHOLDER = "{{ institution.moodle_url }}"
READY = "Press Ctrl-C"
DOC_PORT = 8765
PORT_FORMS = ("--port {}", "127.0.0.1:{}")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def with_port(text: str, old: int, new: int) -> str:
    """``text`` with the simulator's address forms moved from port ``old`` to ``new``."""
    for form in PORT_FORMS:
        text = text.replace(form.format(old), form.format(new))
    return text


@dataclass(frozen=True)
class Block:
    """One marked block of a page."""

    kind: str  # runnable, background, file or output
    text: str
    line: int
    name: str = ""  # the file a ``file`` block is written to

    def command(self, port: int = DOC_PORT) -> str:
        return with_port(self.text.replace(PLACEHOLDER, "$MOODLE_URL"), DOC_PORT, port)


def blocks(page: Path) -> list[Block]:
    """The page's marked blocks, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        kind, _, name = match.group(1).removeprefix("runnable: ").partition(" ")
        line = text.count("\n", 0, match.start()) + 2
        found.append(Block(kind, match.group(3), line, name))
    return found


def unmarked_command_blocks(page: Path, command: str) -> list[str]:
    """Shell blocks starting with ``command`` that carry no runnable/not-runnable marker."""
    text = page.read_text(encoding="utf-8")
    return [
        body
        for marker, body in ANY_SHELL_BLOCK.findall(text)
        if body.startswith(command)
        and not (marker and (marker.startswith("runnable") or marker.startswith("not runnable:")))
    ]


def normalise(text: str) -> list[str]:
    """Lines without trailing spaces, without leading or trailing blank lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, where an expected ``…`` line stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "…":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


class PageRun:
    """Runs one page's blocks in a private directory; ``close()`` stops background servers."""

    def __init__(self, page: Path, workdir: Path) -> None:
        self.page = page
        self.workdir = workdir
        for name in (".venv", "institution.yml", "data"):
            (workdir / name).symlink_to(ROOT / name)
        self.state = workdir / ".shell-state"
        self.state.write_text("", encoding="utf-8")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLE_")}
        self.env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{self.env.get('PATH', '')}"
        self.env.update(HOME=str(workdir), XDG_CONFIG_HOME=str(workdir / ".config"), NO_COLOR="1")
        self.servers: list[subprocess.Popen[str]] = []
        self.port = free_port()

    def _script(self, block: Block) -> str:
        state = shlex.quote(str(self.state))
        save = f"export -p > {state}\npwd -P >> {state}.cwd\n"
        return f"source {state}\nset -e\n{block.command(self.port)}\n{save}"

    def run(self, block: Block) -> str:
        """Run a runnable block; returns its standard output, fails with the page and line."""
        result = subprocess.run(
            ["bash", "-c", self._script(block)],
            cwd=self.cwd(),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"{self.page.name}:{block.line}: exit {result.returncode}\n"
                f"{block.text}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return with_port(result.stdout, self.port, DOC_PORT)

    def cwd(self) -> Path:
        cwd_file = Path(f"{self.state}.cwd")
        if cwd_file.exists():
            return Path(cwd_file.read_text(encoding="utf-8").splitlines()[-1])
        return self.workdir

    def start(self, block: Block) -> None:
        """Start a background block and wait until it says it is ready."""
        server = subprocess.Popen(
            ["bash", "-c", f"exec {block.command(self.port).strip()}"],
            cwd=self.cwd(),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.servers.append(server)
        assert server.stdout is not None
        seen = []
        deadline = time.monotonic() + 60
        for line in server.stdout:
            seen.append(line)
            if line.startswith(READY):
                return
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"{self.page.name}:{block.line}: not ready\n{''.join(seen)}")

    def close(self) -> None:
        for server in self.servers:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=20)


def run_page(page: Path, workdir: Path) -> int:
    """Run every marked block of ``page`` in order; returns how many blocks ran."""
    run = PageRun(page, workdir)
    printed: str | None = None
    count = 0
    try:
        for block in blocks(page):
            if block.kind == "background":
                run.start(block)
            elif block.kind == "file":
                (run.cwd() / block.name).write_text(block.text, encoding="utf-8")
            elif block.kind == "runnable":
                printed = run.run(block)
            elif printed is not None:
                expected, actual = normalise(block.text), normalise(printed)
                assert matches(expected, actual), (
                    f"{page.name}:{block.line}: output differs\n--- page\n{block.text}\n"
                    f"--- printed\n{printed}"
                )
                printed = None
            count += 1
    finally:
        run.close()
    return count
