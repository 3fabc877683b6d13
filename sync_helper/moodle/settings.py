"""Client configuration gathered in one place, with safe defaults.

Timeouts are always set, retries apply only to reads, TLS is always verified, and plain HTTP
is refused unless the host is this machine or the caller explicitly allows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

from sync_helper.loopback import is_loopback_host
from sync_helper.moodle.errors import ConfigurationError
from sync_helper.moodle.secret import Secret

#: Role ids of a fresh Moodle install (manager 1, editingteacher 3, teacher 4, student 5).
DEFAULT_ROLES: Mapping[str, int] = MappingProxyType(
    {"manager": 1, "editingteacher": 3, "teacher": 4, "student": 5}
)


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection and for the answer; never unlimited."""

    connect: float = 5.0
    read: float = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    """How reads are retried; writes are not repeated blindly (see ``moodle.reconcile``).

    A read is retried after a dropped connection, a cut answer or one of ``statuses``
    (500 too: a PHP error page behind a proxy is as passing as a 503, and a read changes
    nothing), ``retries`` times at most, pausing ``backoff`` × 2ⁿ seconds.
    """

    retries: int = 3
    backoff: float = 0.25
    statuses: tuple[int, ...] = (500, 502, 503, 504)


@dataclass(frozen=True)
class ClientSettings:
    """Everything the client needs to talk to one Moodle site."""

    url: str
    token: Secret
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    roles: Mapping[str, int] = field(default_factory=lambda: DEFAULT_ROLES)
    allow_http: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", check_url(self.url, allow_http=self.allow_http))
        if not self.token:
            raise ConfigurationError(
                "no web-service token: set MOODLE_TOKEN, use --token-file, or put 'token' "
                "in the config file"
            )

    @property
    def endpoint(self) -> str:
        """The REST entry point every call is posted to."""
        return f"{self.url}/webservice/rest/server.php"


def check_url(url: str, *, allow_http: bool = False) -> str:
    """Return the site URL without trailing slash, or explain why it cannot be used.

    HTTPS is required because the token travels in the request body; plain HTTP is accepted
    for this machine (tests, the simulator) or when explicitly allowed.
    """
    url = url.strip().rstrip("/")
    if not url:
        raise ConfigurationError("no Moodle URL: set MOODLE_URL, use --url, or put 'url' in config")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(
            f"not a Moodle site URL: {url!r} (expected https://moodle.example.org)"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"the Moodle URL must not carry a query or fragment: {url!r}")
    if parts.username or parts.password:
        raise ConfigurationError("the Moodle URL must not contain a user name or password")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname) and not allow_http:
        raise ConfigurationError(
            f"refusing plain HTTP to {parts.hostname}: the token would travel unencrypted. "
            "Use https://, or pass --insecure-http if you really mean it"
        )
    return url
