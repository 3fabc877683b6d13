"""The simulator's REST layer as an in-process transport, with scripted faults per function.

Faster than loopback HTTP (a mutation run judges each mutant in well under a second) and
exact about WHEN a fault strikes: before Moodle ran the call (the request was lost) or after
(the change is made, the answer lost, cut or unreadable). Every call is recorded, so a test
can say which writes were sent and how often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.moodle.wire import RawAnswer
from sync_helper.sim.params import parse_php_form
from sync_helper.sim.rest import rest_answer
from sync_helper.sim.scenario import load_scenario
from sync_helper.sim.state import Site

URL = "http://127.0.0.1:9"  # never contacted: the transport answers in-process

#: What happens to one call instead of a normal answer.
LOST_BEFORE = "lost-before"  # the request never reached Moodle: nothing done, 503 back
LOST_AFTER = "lost-after"  # Moodle did it, then the answer was lost: 503 back
CUT_AFTER = "cut-after"  # Moodle did it, the connection was cut mid-answer
DROPPED_AFTER = "dropped-after"  # Moodle did it, the connection closed without an answer
INVALID_AFTER = "invalid-after"  # Moodle did it, then sent ``invalidresponse``
ALREADY_SYNCED = "already-synced"  # not run: the plugin's duplicate error comes back
#: A fault may also be a function of the site: someone else's change made while this request
#: is lost before reaching Moodle (a teacher deleting the method by hand meanwhile).
Fault = str | Callable[[Site], object]

INVALID_RESPONSE = (
    b'{"exception":"invalid_response_exception","errorcode":"invalidresponse",'
    b'"message":"Invalid response value detected"}'
)
DUPLICATE = (
    b'{"exception":"moodle_exception","errorcode":"enrolcohortalreadysyncedwithrole",'
    b'"message":"A cohort enrol instance for this role already exists"}'
)
UNAVAILABLE = RawAnswer(503, "text/html", b"<h1>503 Service Unavailable</h1>")


@dataclass
class SimTransport:
    """Answers like the simulator; ``faults[function]`` lists the faults of its next calls."""

    site: Site
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    sent: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    retry_safe: list[bool] = field(default_factory=list)

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        fields = parse_php_form(form)
        function = str(fields.get("wsfunction"))
        self.sent.append((function, fields))
        self.retry_safe.append(retry_safe)
        queue = self.faults.get(function) or []
        fault = queue.pop(0) if queue else ""
        if callable(fault):
            fault(self.site)
            return UNAVAILABLE
        if fault == LOST_BEFORE:
            return UNAVAILABLE
        if fault == ALREADY_SYNCED:
            return RawAnswer(200, "application/json", DUPLICATE)
        answer = rest_answer(self.site, fields)
        if fault == LOST_AFTER:
            return UNAVAILABLE
        if fault == CUT_AFTER:
            return RawAnswer(200, answer.content_type, answer.body.encode()[:5])
        if fault == DROPPED_AFTER:
            raise errors.ConnectFailed(
                "cannot reach 127.0.0.1:9 (the server closed the connection without answering)"
            )
        if fault == INVALID_AFTER:
            return RawAnswer(200, "application/json", INVALID_RESPONSE)
        return RawAnswer(answer.status, answer.content_type, answer.body.encode())

    def close(self) -> None:
        """Nothing to release."""

    def calls(self, function: str) -> int:
        """How many requests named ``function``."""
        return Counter(name for name, _ in self.sent)[function]


@dataclass
class Pauses:
    """A ``sleep`` that records how long it was asked to wait instead of waiting."""

    seconds: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@contextmanager
def sim_client(
    scenario: str = "quirks", who: str = "admin", retry: RetryPolicy | None = None
) -> Iterator[tuple[MoodleClient, SimTransport]]:
    """A client whose every call runs in-process against a fresh simulated site."""
    site, tokens = load_scenario(scenario)
    transport = SimTransport(site)
    settings = ClientSettings(
        url=URL, token=Secret(tokens[who]), retry=retry or RetryPolicy(backoff=0.0)
    )
    with MoodleClient(settings, transport) as client:
        yield client, transport
