"""The seam between the client and the network.

``Transport`` is what the client needs: post a form, get a ``RawAnswer``. The real one
(``RequestsTransport``) keeps two sessions: reads retry connection failures and 502/503/504
with backoff (urllib3 ``Retry`` on a requests ``HTTPAdapter``); writes are never repeated
blindly here, because a write that reached Moodle before the connection dropped must not be
applied twice: :mod:`sync_helper.moodle.reconcile` reads the course back and sends only what
is missing.
Tests can swap in any object with the same ``post`` method.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from sync_helper.moodle import errors
from sync_helper.moodle.settings import RetryPolicy, Timeouts
from sync_helper.moodle.wire import RawAnswer

USER_AGENT = "sync-helper (Moodle cohort sync)"


class Transport(Protocol):
    """Posts a form-encoded body to a URL and returns what came back."""

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        """Send ``form``; ``retry_safe`` says whether repeating the request is harmless."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def _session(retry: Retry) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def read_retry(policy: RetryPolicy) -> Retry:
    """Retries for reads: connection failures, dropped answers and the listed 5xx statuses."""
    return Retry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        other=0,
        allowed_methods=frozenset({"POST"}),
        status_forcelist=policy.statuses,
        backoff_factor=policy.backoff,
        backoff_max=5.0,
        respect_retry_after_header=False,
        raise_on_status=False,
    )


class RequestsTransport:
    """HTTP(S) with verified TLS, timeouts on every call, and retries only where safe."""

    def __init__(self, timeouts: Timeouts, retry: RetryPolicy) -> None:
        self._timeout = (timeouts.connect, timeouts.read)
        self._reads = _session(read_retry(retry))
        self._writes = _session(Retry(total=0, raise_on_status=False, redirect=0))

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        session = self._reads if retry_safe else self._writes
        host = urlsplit(url).netloc
        try:
            response = session.post(
                url, data=form, timeout=self._timeout, verify=True, allow_redirects=False
            )
            body = response.content
        except requests.exceptions.SSLError:
            raise errors.ConnectFailed(
                f"TLS verification failed for {host}: the certificate is not trusted or does "
                "not match the host name"
            ) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ):
            raise errors.CutAnswer(
                f"the answer from {host} was cut off before its end; try again"
            ) from None
        except requests.exceptions.RequestException as error:
            phase = _timeout_phase(error)
            if phase:
                raise errors.RequestTimedOut(
                    f"{host} did not {phase} within the timeout; check the URL and the network, "
                    "or raise [timeouts] in the config file"
                ) from None
            raise errors.ConnectFailed(
                f"cannot reach {host} ({_reason(error)}); check the URL and the network"
            ) from None
        if response.is_redirect:
            raise errors.UnreadableAnswer(
                f"{host} redirected the web-service call (HTTP {response.status_code}): use the "
                "site's exact root URL, with https:// if the site uses it"
            )
        return RawAnswer(response.status_code, response.headers.get("Content-Type", ""), body)

    def close(self) -> None:
        self._reads.close()
        self._writes.close()


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and the errors it was raised from or while handling (requests wraps urllib3's)."""
    seen: BaseException | None = error
    for _ in range(12):  # exception chains are short; the bound guards against cycles
        if seen is None:
            return
        yield seen
        seen = seen.__cause__ or seen.__context__


def _timeout_phase(error: BaseException) -> str:
    """``connect`` or ``answer`` when ``error`` is a timeout, else "".

    requests says ``ReadTimeout`` only when no retry was allowed: a read that timed out on
    every retry arrives as a ``ConnectionError`` around urllib3's ``ReadTimeoutError``. A
    connection timeout always arrives as ``ConnectTimeout`` (urllib3's ``ConnectTimeoutError``
    cannot tell it, since a refused connection is one of its subclasses).
    """
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connect"
    if any(isinstance(cause, ReadTimeoutError) for cause in _causes(error)):
        return "answer"
    return ""


def _reason(error: BaseException) -> str:
    """A short cause ("connection refused") without URLs or request bodies.

    requests and urllib3 quote the cause's words in each wrapper's text ("[Errno 111]
    Connection refused"), so the first error of the chain whose text is known decides.
    """
    for cause in _causes(error):
        text = str(cause).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return "unknown host name"
        if "remotedisconnected" in text or "connection aborted" in text:
            return "the server closed the connection without answering"
        if "refused" in text:
            return "connection refused"
    return "connection failed"
