"""What counts as "this machine", for the rules that only loopback may break.

The client allows plain HTTP to such a host (nothing leaves the machine), and the simulator
listens only on one unless told otherwise.
"""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or any loopback address (127.0.0.0/8, ::1)."""
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
