"""The loopback HTTP server: routes Moodle's two endpoints, applies the knobs.

``SimServer.start(...)`` serves a scenario on 127.0.0.1 (port 0 picks a free port) in a daemon
thread; use it as a context manager so it stops by itself::

    with SimServer.start(scenario="transcripts") as sim:
        requests.post(sim.url + "/webservice/rest/server.php", data={...})
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from sync_helper.sim.forms import request_fields
from sync_helper.sim.knobs import Fault, Knobs
from sync_helper.sim.login import token_answer
from sync_helper.sim.rest import Answer, rest_answer
from sync_helper.sim.scenario import load_scenario
from sync_helper.sim.state import Site

REST_PATH = "/webservice/rest/server.php"
TOKEN_PATH = "/login/token.php"  # noqa: S105 - a URL path, not a secret
NO_CACHE = {
    "Cache-Control": "private, must-revalidate, pre-check=0, post-check=0, max-age=0",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
    "Pragma": "no-cache",
    "Accept-Ranges": "none",
    "Access-Control-Allow-Origin": "*",
}
MAX_BODY = 8 * 1024 * 1024
#: Seconds between the serving loop's checks for a stop request: how long ``close()`` waits.
SHUTDOWN_POLL = 0.05


class _Handler(BaseHTTPRequestHandler):
    """One request: knobs first, then the endpoint."""

    server: _HttpServer
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes on kept-alive sockets: without TCP_NODELAY
    # the body waits for the client's delayed ACK (~40 ms a request on Linux).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Silent: request lines would carry tokens in GET query strings."""

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        text = self.headers.get("Content-Length") or "0"
        if not text.isdigit() or int(text) > MAX_BODY:
            self.close_connection = True
            self._send(Answer(413, "text/plain; charset=utf-8", "Bad or too large request body"))
            return
        self._serve(self.rfile.read(int(text)))

    def _serve(self, body: bytes) -> None:
        knobs = self.server.knobs
        if knobs.latency:
            time.sleep(knobs.latency)
        fault = knobs.draw()
        if fault is Fault.DROP:
            self.close_connection = True
            return
        if fault is Fault.ERROR:
            status = knobs.error_status
            self._send(Answer(status, "text/html; charset=utf-8", f"<h1>{status}</h1>\n"))
            return
        try:
            answer = self._answer(body)
        except Exception as error:  # a simulator bug: say so to the client, keep serving
            message = f"simulator error: {type(error).__name__}: {error}"
            sys.stderr.write(message + "\n")
            answer = Answer(500, "text/plain; charset=utf-8", message)
        if fault is Fault.TRUNCATE and len(answer.body) > 1:
            answer = Answer(
                answer.status, answer.content_type, answer.body[: len(answer.body) // 2]
            )
        self._send(answer)

    def _answer(self, body: bytes) -> Answer:
        url = urlsplit(self.path)
        fields = request_fields(url.query, self.headers.get("Content-Type", ""), body)
        site = self.server.site
        if url.path == REST_PATH:
            return rest_answer(site, fields)
        if url.path == TOKEN_PATH:
            return token_answer(site, fields)
        return Answer(404, "text/plain; charset=utf-8", "Not found")

    def _send(self, answer: Answer) -> None:
        payload = answer.body.encode("utf-8")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in NO_CACHE.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site, knobs: Knobs) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.knobs = knobs

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that gave up (closed, reset, timed out) is normal: no traceback for it."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        sys.stderr.write(f"simulator: request from {client_address[0]} failed: {error!r}\n")


class SimServer:
    """A running simulator: ``url``, ``tokens`` by name and the live ``site`` state."""

    def __init__(self, http: _HttpServer, site: Site, tokens: dict[str, str]) -> None:
        self._http = http
        self.site = site
        self.tokens = tokens
        host, port = http.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.knobs = http.knobs
        self._thread = threading.Thread(
            target=http.serve_forever, args=(SHUTDOWN_POLL,), name="moodle-sim", daemon=True
        )

    @classmethod
    @contextmanager
    def start(
        cls,
        scenario: str | Path = "transcripts",
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        error_rate: float = 0.0,
        error_status: int = 503,
        drop_rate: float = 0.0,
        seed: int = 0,
        truncate_rate: float = 0.0,
    ) -> Iterator[SimServer]:
        """Serve ``scenario`` until the ``with`` block ends."""
        sim = cls.open(
            scenario,
            host,
            port,
            Knobs(latency, error_rate, error_status, drop_rate, truncate_rate, seed),
        )
        try:
            yield sim
        finally:
            sim.close()

    @classmethod
    def open(cls, scenario: str | Path, host: str, port: int, knobs: Knobs) -> SimServer:
        """Start serving now; the caller must ``close()`` (the CLI's long-running form)."""
        site, tokens = load_scenario(scenario)
        http = _HttpServer((host, port), site, knobs)
        sim = cls(http, site, tokens)
        site.settings.setdefault("wwwroot", sim.url)
        sim._thread.start()
        return sim

    def close(self) -> None:
        """Stop serving and release the port."""
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def __repr__(self) -> str:
        return f"SimServer(url={self.url!r})"
