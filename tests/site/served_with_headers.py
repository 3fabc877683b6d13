"""Serve a built site the way it is meant to be published: with the documented HTTP headers."""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import yaml

from sync_helper.website.security_headers import HEADERS
from tests.conftest import ROOT, _QuietHandler, build_site, serve_directory
from tests.index.site_copy import write_site_config


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


def serve_built_for_its_address(folder: Path, *, headers: bool) -> tuple[ThreadingHTTPServer, str]:
    """Build the real site for the address it is served at, so instant navigation really runs.

    Material only navigates instantly to pages its sitemap lists, and the sitemap holds
    ``site_url`` addresses: built for the public host, the test server's pages load in full.
    ``headers``: serve it with the site's HTTP headers (Content-Security-Policy included).
    """
    site = folder / "site"
    site.mkdir()
    server, url = (serve_with_headers if headers else serve_directory)(site)
    institution = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))
    config = write_site_config(folder, [ROOT / name for name in institution["catalog"]])
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}/", text), "utf-8")
    build_site(site, config=config)
    return server, url
