"""A worker pool whose clients answer in-process from a simulated site (no HTTP).

The plan and its bulk lookups run exactly as ``rollover plan`` runs them, on real worker
threads, but each call is recorded (which function, with which arguments) and may be given a
scripted fault, so a test can say how many reads a plan made and what one failed read does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.rollover import workers
from sync_helper.rollover.plan import RolloverPlan, build_plan
from sync_helper.rollover.planfile import load_plan_file
from sync_helper.rollover.workers import ClientPool
from sync_helper.sim.scenario import load_scenario
from tests.moodle.inprocess import URL, Pauses, SimTransport


@contextmanager
def sim_pool(
    monkeypatch: pytest.MonkeyPatch, build: object = None, who: str = "admin", workers_: int = 2
) -> Iterator[tuple[ClientPool, SimTransport]]:
    """A pool on the ``transcripts`` site (after ``build(site)``), its transport recording
    every call; the read retries' pauses are recorded in ``transport.pauses``, not slept."""
    site, tokens = load_scenario("transcripts")
    if callable(build):
        build(site)
    transport = SimTransport(site)
    transport.pauses = Pauses()  # type: ignore[attr-defined]
    monkeypatch.setattr(workers, "time", SimpleNamespace(sleep=transport.pauses))
    monkeypatch.setattr(workers, "MoodleClient", lambda settings: MoodleClient(settings, transport))
    settings = ClientSettings(url=URL, token=Secret(tokens[who]), retry=RetryPolicy(backoff=0.0))
    pool = ClientPool(settings, workers_)
    try:
        yield pool, transport
    finally:
        pool.close()


def plan_of(pool: ClientPool, path: Path, *, delete_old: bool = False) -> RolloverPlan:
    """``rollover plan`` as the CLI runs it: the file checked, then the site read."""
    planfile = load_plan_file(path, pool.settings.roles, pool.settings.url)
    return build_plan(pool, planfile, planfile.rules, delete_old=delete_old)
