"""Bounded concurrency for many courses: one Moodle client per worker thread.

A client holds a requests session, which is not meant to be shared between threads; each
worker gets its own, created on first use and closed with the pool. Reads are retried here on
top of the transport's own retries, because a truncated body is a transport failure the
transport cannot see: a read changes nothing, so repeating it is always safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.settings import ClientSettings

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_WORKERS = 4
MAX_WORKERS = 16
READ_ATTEMPTS = 5


def retry_read(read: Callable[[], T], attempts: int = READ_ATTEMPTS, pause: float = 0.2) -> T:
    """Run ``read`` again after a transport failure, with backoff.

    Never after a refusal, nor after ``invalidresponse``: Moodle's check of its own answer
    fails the same way every time (a name with markup), so asking again only waits longer.
    """
    for attempt in range(attempts - 1):
        try:
            return read()
        except errors.InvalidResponse:
            raise
        except errors.TransportError:
            time.sleep(pause * 2**attempt)
    return read()


class ClientPool:
    """Thread-local clients on one site's settings; ``close()`` releases them all."""

    def __init__(self, settings: ClientSettings, workers: int = DEFAULT_WORKERS) -> None:
        if not 1 <= workers <= MAX_WORKERS:
            raise errors.ConfigurationError(f"--workers must be between 1 and {MAX_WORKERS}")
        self.settings = settings
        self.workers = workers
        self._local = threading.local()
        self._clients: list[MoodleClient] = []
        self._lock = threading.Lock()

    def client(self) -> MoodleClient:
        """This thread's client."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = MoodleClient(self.settings)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def map(
        self, work: Callable[[T], R], items: Iterable[T], stop: threading.Event | None = None
    ) -> Iterator[tuple[T, R | BaseException]]:
        """``work(item)`` on the workers; yields each item with its result or exception.

        At most ``workers`` items are in flight, so a large plan never queues thousands of
        requests at once. Once ``stop`` is set no new item starts; running ones finish.
        """
        pending = iter(items)
        with ThreadPoolExecutor(self.workers, thread_name_prefix="rollover") as pool:
            running: dict[Future[R], T] = {}
            while True:
                while len(running) < self.workers and not (stop and stop.is_set()):
                    item = next(pending, _END)
                    if item is _END:
                        break
                    running[pool.submit(work, item)] = item
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = running.pop(future)
                    error = future.exception()
                    yield item, (error if error is not None else future.result())

    def close(self) -> None:
        """Release every worker's connections."""
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()


_END = object()
