"""A tiny real HTTP server on 127.0.0.1 that answers from a script, for client tests.

Each reply is a ``Reply`` (status, content type, body, extra headers, a pause before
answering) or one of two faults: ``DROP`` closes the connection without answering, ``CUT``
announces a longer body than it sends. ``serve(..., tls=context)`` answers over HTTPS.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b"null"
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    pause: float = 0.0


DROP = Reply(status=-1)
CUT = Reply(status=-2, body=b'{"cohorts":[{"id":1,"na')

Responder = Callable[[dict[str, str]], Reply]


class Loopback:
    """Records every request's form and answers with ``responder(form)``."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, str]] = []
        self.raw_bodies: list[bytes] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.url = ""


def replies_in_order(*replies: Reply) -> Responder:
    """Answer with ``replies`` one after the other, then repeat the last one."""
    queue = list(replies)

    def respond(form: dict[str, str]) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


def _handler(loopback: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            loopback.raw_bodies.append(raw)
            loopback.paths.append(self.path)
            loopback.headers.append(dict(self.headers.items()))
            form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
            loopback.requests.append(form)
            reply = loopback.responder(form)
            if reply is DROP:
                self.close_connection = True
                return
            time.sleep(reply.pause)
            status = 200 if reply is CUT else reply.status
            self.send_response(status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            announced = len(reply.body) + (100 if reply is CUT else 0)
            self.send_header("Content-Length", str(announced))
            if reply is CUT:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body)
            if reply is CUT:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that gave up (a timeout test) is expected, not a failure."""


@contextmanager
def serve(responder: Responder, tls: ssl.SSLContext | None = None) -> Iterator[Loopback]:
    """Run a ``Loopback`` on a free port for the duration of the block (HTTPS with ``tls``)."""
    loopback = Loopback(responder)
    server = _Server(("127.0.0.1", 0), _handler(loopback))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls else "http"
    loopback.url = f"{scheme}://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield loopback
    finally:
        server.shutdown()
        server.server_close()
