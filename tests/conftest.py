"""Fixtures shared by the whole suite: a built site, a loopback web server, a real browser."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build_site(dest: Path, *, tool: str = "mkdocs", config: Path | None = None) -> Path:
    """Build the site with MkDocs or ProperDocs, strict, into ``dest``; fail with its log."""
    command = [sys.executable, "-m", tool, "build", "--strict", "--site-dir", str(dest)]
    command += ["--config-file", str(config or ROOT / "mkdocs.yml")]
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"{tool} build failed:\n{result.stdout}\n{result.stderr}")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once with the repository's configuration and sample data."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output readable."""


def serve_directory(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 on a free port, in a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served over real HTTP on loopback."""
    server, url = serve_directory(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class PageWatch:
    """What a page did: console errors and every URL it requested."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.requests: list[str] = []

    def foreign_requests(self) -> list[str]:
        """Requests that left the loopback address (there must be none)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page with clipboard access; fails the test on any foreign request."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    watch = PageWatch()
    tab.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    tab.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    tab.on("request", lambda r: watch.requests.append(r.url))
    tab.watch = watch
    yield tab
    context.close()
    assert watch.foreign_requests() == [], "the page contacted a host other than 127.0.0.1"
