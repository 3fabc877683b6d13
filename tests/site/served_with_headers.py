"""Serve a built site the way it is meant to be published: with the documented HTTP headers."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from sync_helper.website.security_headers import HEADERS
from tests.conftest import _QuietHandler


class _HeadersHandler(_QuietHandler):
    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()


def serve_with_headers(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 (free port, daemon thread) with the site's headers."""
    handler = functools.partial(_HeadersHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"
