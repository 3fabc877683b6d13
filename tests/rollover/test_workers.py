"""The worker pool and the read retry: bounded, stoppable, and never repeating a refusal."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.rollover import workers
from sync_helper.rollover.workers import MAX_WORKERS, ClientPool, retry_read

SETTINGS = ClientSettings(url="http://127.0.0.1:9", token=Secret("0" * 32))


class Flaky:
    """A read that fails ``failures`` times with ``error`` before answering."""

    def __init__(self, failures: int, error: errors.MoodleError) -> None:
        self.failures, self.error, self.calls = failures, error, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "answer"


def test_a_read_is_retried_after_a_transport_failure_up_to_the_limit() -> None:
    flaky = Flaky(2, errors.TransportError("cut"))
    assert retry_read(flaky, attempts=3, pause=0) == "answer"
    assert flaky.calls == 3
    hopeless = Flaky(3, errors.TransportError("cut"))
    with pytest.raises(errors.TransportError):
        retry_read(hopeless, attempts=3, pause=0)
    assert hopeless.calls == 3


def test_a_refusal_is_never_retried() -> None:
    refused = Flaky(1, errors.MoodleRefused("no"))
    with pytest.raises(errors.MoodleRefused):
        retry_read(refused, attempts=3, pause=0)
    assert refused.calls == 1


@pytest.mark.parametrize("workers", [0, MAX_WORKERS + 1])
def test_the_number_of_workers_is_bounded(workers: int) -> None:
    with pytest.raises(errors.ConfigurationError, match=f"between 1 and {MAX_WORKERS}"):
        ClientPool(SETTINGS, workers)


def test_at_most_workers_items_run_at_once_and_each_result_is_paired() -> None:
    pool = ClientPool(SETTINGS, 2)
    running, peak, lock = [0], [0], threading.Lock()
    release = threading.Barrier(2)

    def work(item: int) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        if item < 2:
            release.wait(timeout=5)  # the first two run together
        with lock:
            running[0] -= 1
        if item == 3:
            raise ValueError("three")
        return item * 10

    results = dict(pool.map(work, range(5)))
    assert peak[0] == 2
    assert {k: v for k, v in results.items() if k != 3} == {0: 0, 1: 10, 2: 20, 4: 40}
    assert isinstance(results[3], ValueError)


def test_once_stopped_no_new_item_starts() -> None:
    pool = ClientPool(SETTINGS, 1)
    stop = threading.Event()
    started: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        stop.set()
        return item

    assert [item for item, _ in pool.map(work, range(5), stop)] == [0]
    assert started == [0]


def test_each_thread_has_its_own_client() -> None:
    pool = ClientPool(SETTINGS, 2)
    mine = pool.client()
    assert pool.client() is mine
    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(pool.client()))
    thread.start()
    thread.join()
    assert other[0] is not mine
    pool.close()


def test_the_pauses_between_read_attempts_double(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(workers, "time", SimpleNamespace(sleep=pauses.append))
    hopeless = Flaky(9, errors.CutAnswer("cut"))
    with pytest.raises(errors.CutAnswer):
        retry_read(hopeless)
    assert hopeless.calls == workers.READ_ATTEMPTS == 5
    assert pauses == [0.2, 0.4, 0.8, 1.6]
    pauses.clear()
    assert retry_read(Flaky(2, errors.ServerUnavailable("503")), pause=1.0) == "answer"
    assert pauses == [1.0, 2.0]


def test_invalidresponse_is_not_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Moodle's check of its own answer fails the same way every time (a name with markup)."""
    monkeypatch.setattr(workers, "time", SimpleNamespace(sleep=lambda _: None))
    broken = Flaky(1, errors.InvalidResponse("invalidresponse"))
    with pytest.raises(errors.InvalidResponse):
        retry_read(broken)
    assert broken.calls == 1


@pytest.mark.parametrize("count", [1, MAX_WORKERS])
def test_one_to_sixteen_workers_are_allowed(count: int) -> None:
    assert ClientPool(SETTINGS, count).workers == count


def test_closing_the_pool_releases_every_threads_client(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[object] = []
    monkeypatch.setattr(MoodleClient, "close", lambda client: closed.append(client))
    pool = ClientPool(SETTINGS, 2)
    clients = [pool.client()]
    thread = threading.Thread(target=lambda: clients.append(pool.client()))
    thread.start()
    thread.join()
    pool.close()
    assert closed == clients
    pool.close()
    assert closed == clients  # each once


def test_each_result_is_handed_over_as_soon_as_its_item_ends() -> None:
    """The progress bar and the journal follow each course as it ends, not by batches."""
    pool = ClientPool(SETTINGS, 2)
    second_seen = threading.Event()

    def work(item: int) -> str:
        if item == 0:
            return "on time" if second_seen.wait(timeout=5) else "late"
        return "quick"

    results = []
    for item, result in pool.map(work, [0, 1]):
        results.append((item, result))
        if item == 1:
            second_seen.set()
    assert results == [(1, "quick"), (0, "on time")]
