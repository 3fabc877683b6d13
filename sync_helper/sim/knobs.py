"""Fault injection for tests and benchmarks: latency, 5xx errors, dropped and cut answers.

One seeded draw per request decides its fate, so a sequential client sees the same faults on
every run with the same seed.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from enum import Enum


class Fault(Enum):
    """What happens to one request instead of (or on top of) a normal answer."""

    NONE = "none"
    DROP = "drop"
    ERROR = "error"
    TRUNCATE = "truncate"


@dataclass
class Knobs:
    """Rates are fractions of requests (0–1); latency is in seconds per request."""

    latency: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    drop_rate: float = 0.0
    truncate_rate: float = 0.0
    seed: int = 0
    draws: int = field(default=0, init=False)  # requests seen so far (each draws its fault)
    _random: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("error_rate", "drop_rate", "truncate_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.drop_rate + self.error_rate + self.truncate_rate > 1.0:
            raise ValueError("drop_rate + error_rate + truncate_rate must not exceed 1")
        if not 500 <= self.error_status <= 599:
            raise ValueError("error_status must be a 5xx HTTP status")
        if self.latency < 0:
            raise ValueError("latency must not be negative")
        self._random = random.Random(self.seed)  # noqa: S311 - reproducible faults, not security

    def reseed(self, seed: int) -> None:
        """Restart the fault sequence from ``seed`` (one server for many seeded runs)."""
        with self._lock:
            self.seed = seed
            self._random.seed(seed)

    def draw(self) -> Fault:
        """The fault for the next request, from the seeded sequence."""
        with self._lock:
            roll = self._random.random()
            self.draws += 1
        for fault, rate in (
            (Fault.DROP, self.drop_rate),
            (Fault.ERROR, self.error_rate),
            (Fault.TRUNCATE, self.truncate_rate),
        ):
            if roll < rate:
                return fault
            roll -= rate
        return Fault.NONE
