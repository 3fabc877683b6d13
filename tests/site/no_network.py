"""Run a Python module or script with every non-loopback connection and DNS lookup refused.

Each refused attempt is appended, one JSON line each, to the file named by the first argument,
so a test can prove that a build needed no network at all (a privacy-respecting build must not
download fonts, icons or anything else while it runs).

Usage: python no_network.py RECORD_FILE -m MODULE [ARGS...]
       python no_network.py RECORD_FILE SCRIPT.py [ARGS...]

Only this Python process is guarded: subprocesses it starts are not.
"""

from __future__ import annotations

import ipaddress
import json
import runpy
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
INTERNET_FAMILIES = {socket.AF_INET, socket.AF_INET6}


class NetworkRefused(OSError):
    """Raised in place of a connection or lookup that would leave the machine."""


def is_loopback(host: object) -> bool:
    """True for names and addresses that stay on this machine (None means 'local')."""
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


def install(record_path: str) -> None:
    """Replace the socket module's lookups and connects with guarded versions."""

    def refuse(kind: str, target: object) -> NetworkRefused:
        with Path(record_path).open("a", encoding="utf-8") as record:
            record.write(json.dumps({"kind": kind, "target": repr(target)}) + "\n")
        return NetworkRefused(f"network access refused during this run: {kind} {target!r}")

    def guard_lookup(name: str) -> None:
        real: Callable[..., Any] = getattr(socket, name)

        def guarded(host: object, *args: Any, **kwargs: Any) -> Any:
            if not is_loopback(host):
                raise refuse(name, host)
            return real(host, *args, **kwargs)

        setattr(socket, name, guarded)

    def guard_method(name: str, address_index: int) -> None:
        real: Callable[..., Any] = getattr(socket.socket, name)

        def guarded(self: socket.socket, *args: Any) -> Any:
            address = args[address_index]
            if self.family in INTERNET_FAMILIES and not is_loopback(address[0]):
                raise refuse(name, address)
            return real(self, *args)

        setattr(socket.socket, name, guarded)

    for lookup in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        guard_lookup(lookup)
    guard_method("connect", 0)
    guard_method("connect_ex", 0)
    guard_method("sendto", -1)


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    install(argv[1])
    if argv[2] == "-m":
        sys.argv = [argv[3], *argv[4:]]
        runpy.run_module(argv[3], run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv[2:]
        runpy.run_path(argv[2], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv)
