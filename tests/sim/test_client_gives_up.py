"""A client that gives up mid-request is normal for the simulator: no traceback."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from sync_helper.sim import SimServer


def abandon(url: str) -> None:
    """Send a request, then reset the connection before the answer comes."""
    host, port = url.removeprefix("http://").split(":")
    body = b"wsfunction=core_webservice_get_site_info&moodlewsrestformat=json"
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(
            b"POST /webservice/rest/server.php HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_abandoned_requests_print_no_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    with SimServer.start(scenario="transcripts", latency=0.2) as sim:
        for _ in range(3):
            abandon(sim.url)
        time.sleep(0.8)  # let the handlers wake up and write into the reset sockets
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
    assert "ConnectionResetError" not in err
