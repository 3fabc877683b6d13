"""Benchmark of the Moodle client against the loopback simulator (not a test).

1. Calls per operation: how many web-service requests each CLI operation makes, counted at
   the client's transport seam (one ``post`` is one HTTP request; no faults are injected, so
   there are no retries).
2. Client overhead per call: wall time of ``MoodleClient.call`` minus the time the simulator's
   request handler spent on the same request (from the parsed request line to the last byte
   written), with zero added latency. A bare ``requests.Session.post`` is measured the same
   way, to show how much of the overhead is requests/urllib3 itself.

Run: ``.venv/bin/python bench/moodle_client.py [--calls 300]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import requests

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort, search_cohorts
from sync_helper.moodle.courses import parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import attached_cohorts, course_state, plan_unsync
from sync_helper.moodle.instances import plugin_available
from sync_helper.moodle.reconcile import apply_plan, sync_cohorts
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.moodle.site_check import check
from sync_helper.moodle.transport import RequestsTransport
from sync_helper.moodle.wire import RawAnswer
from sync_helper.sim import SimServer
from sync_helper.sim import server as sim_server


class CountingTransport(RequestsTransport):
    """The real transport, counting requests per function."""

    def __init__(self, settings: ClientSettings) -> None:
        super().__init__(settings.timeouts, settings.retry)
        self.functions: list[str] = []

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        self.functions.append(dict(form)["wsfunction"])
        return super().post(url, form, retry_safe=retry_safe)


def new_client(sim: SimServer) -> tuple[MoodleClient, CountingTransport]:
    settings = ClientSettings(url=sim.url, token=Secret(sim.tokens["admin"]))
    transport = CountingTransport(settings)
    return MoodleClient(settings, transport), transport


def count_calls(sim: SimServer, operation: Callable[[MoodleClient], object]) -> list[str]:
    """The functions one operation calls, as the CLI does, with a fresh client (no cache)."""
    client, transport = new_client(sim)
    operation(client)
    client.close()
    return transport.functions


def op_sync(client: MoodleClient, *, disabled: bool = False) -> None:
    course = resolve_course(client, parse_course_ref("THERMO-L1"))
    cohorts = [find_cohort(client, "L1CHIM231", course)]
    plugin_available(client)
    sync_cohorts(client, course, cohorts, disabled=disabled)


def op_unsync(client: MoodleClient, *, disable: bool) -> None:
    course = resolve_course(client, parse_course_ref("2"))
    plugin_available(client)
    instances, found = attached_cohorts(client, course, ["L1CHIM231"])
    cohorts = [cohort for _, cohort in found if isinstance(cohort, Cohort)]
    plan = plan_unsync(client, course, cohorts, disable=disable, instances=instances)
    apply_plan(client, course, plan)


OPERATIONS: list[tuple[str, Callable[[MoodleClient], object]]] = [
    ("check", check),
    ("cohorts search L1 (site-wide)", lambda c: search_cohorts(c, "L1")),
    (
        "cohorts search L1 --course THERMO-L1",
        lambda c: search_cohorts(c, "L1", resolve_course(c, parse_course_ref("THERMO-L1"))),
    ),
    ("status 2 (no instance)", lambda c: course_state(c, resolve_course(c, parse_course_ref("2")))),
    ("sync THERMO-L1 L1CHIM231", op_sync),
    ("sync again (no-op)", op_sync),
    (
        "status 2 (one instance)",
        lambda c: course_state(c, resolve_course(c, parse_course_ref("2"))),
    ),
    ("unsync 2 L1CHIM231 --disable", lambda c: op_unsync(c, disable=True)),
    ("unsync 2 L1CHIM231 (delete)", lambda c: op_unsync(c, disable=False)),
    ("unsync again (no-op)", lambda c: op_unsync(c, disable=False)),
]


@contextmanager
def handler_timer() -> Iterator[list[float]]:
    """Record, per request, the seconds the simulator's handler spent on it."""
    handler = sim_server._Handler
    parse, post = handler.parse_request, handler.do_POST
    spent: list[float] = []

    def timed_parse(self: sim_server._Handler) -> bool:
        self._bench_start = time.perf_counter()
        return parse(self)

    def timed_post(self: sim_server._Handler) -> None:
        post(self)
        spent.append(time.perf_counter() - self._bench_start)

    handler.parse_request, handler.do_POST = timed_parse, timed_post
    try:
        yield spent
    finally:
        handler.parse_request, handler.do_POST = parse, post


def overhead(sim: SimServer, calls: int, send: Callable[[], object]) -> tuple[float, float]:
    """Median client wall time and median server handler time, in milliseconds."""
    for _ in range(20):
        send()  # warm up connections and caches
    wall: list[float] = []
    with handler_timer() as spent:
        for _ in range(calls):
            start = time.perf_counter()
            send()
            wall.append(time.perf_counter() - start)
    return statistics.median(wall) * 1000, statistics.median(spent) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per overhead measurement")
    args = parser.parse_args()

    with SimServer.start(scenario="transcripts", port=0, latency=0.0) as sim:
        print("## Calls per operation (fresh client, transcripts scenario)\n")
        print("| operation | requests | functions |\n|---|---|---|")
        for name, operation in OPERATIONS:
            functions = count_calls(sim, operation)
            print(f"| {name} | {len(functions)} | {', '.join(functions)} |")

        client, _ = new_client(sim)
        session = requests.Session()
        endpoint = client.settings.endpoint
        form = {
            "wstoken": sim.tokens["admin"],
            "wsfunction": "core_cohort_search_cohorts",
            "moodlewsrestformat": "json",
            "query": "L1",
            "context[contextid]": "1",
        }
        cases = {
            "MoodleClient.call(core_cohort_search_cohorts)": lambda: client.call(
                "core_cohort_search_cohorts", query="L1", context={"contextid": 1}
            ),
            "MoodleClient.call(core_webservice_get_site_info)": lambda: client.call(
                "core_webservice_get_site_info"
            ),
            "bare requests.Session.post (same search)": lambda: session.post(
                endpoint, data=form, timeout=(5, 30)
            ).json(),
        }
        print(f"\n## Client overhead per call (median of {args.calls}, latency 0)\n")
        print("| call | wall ms | server handler ms | client-side ms |")
        print("|---|---|---|---|")
        for name, send in cases.items():
            wall, server = overhead(sim, args.calls, send)
            print(f"| {name} | {wall:.2f} | {server:.2f} | {wall - server:.2f} |")
        client.close()
        session.close()


if __name__ == "__main__":
    main()
