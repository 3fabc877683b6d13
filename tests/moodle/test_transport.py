"""The transport over real HTTP(S) on 127.0.0.1: verified TLS, no redirects, timeouts, waits.

What a user relies on when the network or the server misbehaves: a certificate that is not
trusted stops the call before the token is sent, a redirect is never followed (it would carry
the token elsewhere), a slow answer ends at the configured timeout with words saying which
setting to raise, and reads wait a bounded time between retries whatever the server asks.
"""

from __future__ import annotations

import socket
import ssl
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import urllib3.util.connection
import urllib3.util.retry

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy, Timeouts
from sync_helper.moodle.transport import USER_AGENT
from tests.moodle.loopback import DROP, Reply, replies_in_order, serve
from tests.transcripts import body_of

TOKEN = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e"  # noqa: S105 - a marker, not a secret
TLS = Path(__file__).parent / "tls"
SITE_INFO = Reply(body=body_of("site_info_coreonly").encode())
UNAVAILABLE = Reply(status=503, body=b"busy", content_type="text/plain")
READ = "core_cohort_search_cohorts"
WRITE = "local_ws_enrolcohort_add_instance"


def client_for(
    url: str, *, retries: int = 3, backoff: float = 0.0, read: float = 2
) -> MoodleClient:
    settings = ClientSettings(
        url=url,
        token=Secret(TOKEN),
        retry=RetryPolicy(retries=retries, backoff=backoff),
        timeouts=Timeouts(connect=2, read=read),
    )
    return MoodleClient(settings)


def server_tls() -> ssl.SSLContext:
    """A self-signed certificate for 127.0.0.1, valid until 2126 (tests/moodle/tls)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "loopback-cert.pem", TLS / "loopback-key.pem")
    return context


@pytest.fixture
def system_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the system's certificate authorities: the loopback certificate is not trusted."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


@pytest.mark.usefixtures("system_trust")
@pytest.mark.parametrize("function", [READ, WRITE])
def test_an_untrusted_certificate_stops_the_call_before_the_token_is_sent(function: str) -> None:
    with serve(replies_in_order(SITE_INFO), tls=server_tls()) as moodle:
        host = moodle.url.removeprefix("https://")
        with pytest.raises(errors.ConnectFailed) as caught:
            client_for(moodle.url).call(function, query="")
    assert caught.value.message.startswith(
        f"TLS verification failed for {host}: the certificate is not trusted or does not match "
        "the host name"
    )
    assert TOKEN not in caught.value.message
    assert moodle.requests == []


def test_a_trusted_certificate_carries_reads_and_their_retries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(TLS / "loopback-cert.pem"))
    with serve(replies_in_order(UNAVAILABLE, UNAVAILABLE, SITE_INFO), tls=server_tls()) as moodle:
        assert client_for(moodle.url).site_info.sitename == "UPJV Test"
    assert len(moodle.requests) == 3


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("function", [READ, WRITE])
def test_a_redirect_is_not_followed_and_the_fix_is_named(status: int, function: str) -> None:
    with serve(replies_in_order(SITE_INFO)) as elsewhere:
        moved = Reply(
            status=status,
            body=b"",
            content_type="text/html",
            headers=(("Location", f"{elsewhere.url}/webservice/rest/server.php"),),
        )
        with serve(replies_in_order(moved)) as moodle:
            host = moodle.url.removeprefix("http://")
            with pytest.raises(errors.UnreadableAnswer) as caught:
                client_for(moodle.url).call(function, query="")
    assert caught.value.message.startswith(
        f"{host} redirected the web-service call (HTTP {status}): use the site's exact root "
        "URL, with https:// if the site uses it"
    )
    assert len(moodle.requests) == 1
    assert elsewhere.requests == []


def test_a_read_slower_than_the_timeout_is_retried_then_names_the_setting() -> None:
    slow = Reply(body=b'{"cohorts":[]}', pause=1.0)
    with serve(replies_in_order(slow)) as moodle:
        host = moodle.url.removeprefix("http://")
        with pytest.raises(errors.RequestTimedOut) as caught:
            client_for(moodle.url, retries=1, read=0.2).call(READ, query="")
    assert caught.value.message == (
        f"{host} did not answer within the timeout; check the URL and the network, or raise "
        "[timeouts] in the config file"
    )
    assert len(moodle.requests) == 2


def test_a_write_slower_than_the_timeout_is_sent_once_and_said_uncertain() -> None:
    slow = Reply(body=b'{"id":1}', pause=1.0)
    with serve(replies_in_order(slow)) as moodle, pytest.raises(errors.RequestTimedOut) as caught:
        client_for(moodle.url, read=0.2).call(WRITE, instance={"courseid": 2})
    assert "did not answer within the timeout" in caught.value.message
    assert f"{WRITE} may or may not have been applied" in caught.value.message
    assert len(moodle.requests) == 1


def test_reads_wait_the_policy_s_backoff_capped_and_ignore_retry_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A proxy's ``Retry-After: 600`` must not hold a run for ten minutes per read."""
    waits: list[float] = []
    monkeypatch.setattr(
        urllib3.util.retry, "time", SimpleNamespace(sleep=waits.append, time=time.time)
    )
    busy = Reply(
        status=503, body=b"busy", content_type="text/plain", headers=(("Retry-After", "600"),)
    )
    with serve(replies_in_order(busy, busy, busy, SITE_INFO)) as moodle:
        assert client_for(moodle.url, backoff=1.5).site_info.sitename == "UPJV Test"
    assert len(moodle.requests) == 4
    assert waits == [3.0, 5.0]  # none before the first retry, then 1.5 × 2, then 1.5 × 4 cut to 5 s


def test_a_read_gives_up_after_the_retries_whatever_the_mix_of_faults() -> None:
    mixed = replies_in_order(DROP, UNAVAILABLE, DROP, UNAVAILABLE, DROP, UNAVAILABLE, SITE_INFO)
    with serve(mixed) as moodle, pytest.raises(errors.TransportError):
        assert client_for(moodle.url).site_info
    assert len(moodle.requests) == 4


def test_a_read_that_stays_unavailable_reports_the_last_status() -> None:
    with (
        serve(replies_in_order(UNAVAILABLE)) as moodle,
        pytest.raises(errors.ServerUnavailable) as caught,
    ):
        client_for(moodle.url, retries=2).call(READ, query="")
    assert "HTTP 503" in caught.value.message
    assert len(moodle.requests) == 3


def test_requests_name_the_helper_for_the_site_s_logs() -> None:
    with serve(replies_in_order(SITE_INFO)) as moodle:
        assert client_for(moodle.url).site_info
    assert moodle.headers[0]["User-Agent"] == USER_AGENT


@pytest.mark.parametrize(
    "words", ["Name or service not known", "nodename nor servname provided, or not known"]
)
def test_an_unknown_host_name_is_said_plainly(words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver's words differ between Linux and macOS; both mean the name is unknown."""

    def unknown(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, words)

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    client = client_for("https://moodle.example.org", retries=0)
    with pytest.raises(errors.ConnectFailed) as caught:
        client.call(READ, query="")
    assert caught.value.message == (
        "cannot reach moodle.example.org (unknown host name); check the URL and the network"
    )


@pytest.mark.parametrize("function", [READ, WRITE])
def test_a_host_that_does_not_accept_in_time_names_the_connect_timeout(
    function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A firewall that drops packets: the connection never opens, whatever the retries."""
    attempts: list[object] = []

    def silent(address: object, *args: object, **kwargs: object) -> None:
        attempts.append(address)
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", silent)
    with pytest.raises(errors.RequestTimedOut) as caught:
        client_for("https://moodle.example.org", retries=1).call(function, query="")
    assert caught.value.message.startswith(
        "moodle.example.org did not connect within the timeout; check the URL and the network, "
        "or raise [timeouts] in the config file"
    )
    assert len(attempts) == (2 if function == READ else 1)


def test_a_refused_connection_and_a_dropped_write_are_said_in_plain_words() -> None:
    with serve(replies_in_order(DROP)) as moodle:
        host = moodle.url.removeprefix("http://")
        with pytest.raises(errors.ConnectFailed) as dropped:
            client_for(moodle.url).call(WRITE, instance={"courseid": 2})
    with pytest.raises(errors.ConnectFailed) as refused:
        client_for(moodle.url, retries=0).call(READ, query="")
    assert dropped.value.message == (
        f"cannot reach {host} (the server closed the connection without answering); check the "
        f"URL and the network. {WRITE} may or may not have been applied: check the course's "
        "state before trying again"
    )
    assert refused.value.message == (
        f"cannot reach {host} (connection refused); check the URL and the network"
    )


def test_a_network_that_cannot_be_reached_is_a_connection_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No cause the helper knows (here: no route, the computer offline): the generic words."""

    def offline(*args: object, **kwargs: object) -> None:
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", offline)
    with pytest.raises(errors.ConnectFailed) as caught:
        client_for("https://moodle.example.org", retries=0).call(READ, query="")
    assert caught.value.message == (
        "cannot reach moodle.example.org (connection failed); check the URL and the network"
    )
