"""Per-user rate limiting of questions, independent of Discord (the clock is injected)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable

# Forget idle users after this many checks so the table cannot grow without bound.
_SWEEP_EVERY = 1024


class RateLimiter:
    """A sliding window: at most ``count`` hits per ``per_seconds`` for each key.

    ``hit(key)`` records a hit and returns 0.0 when it is allowed; when it is not, nothing is
    recorded and the number of seconds until the next allowed hit is returned.
    """

    def __init__(self, count: int, per_seconds: float, clock: Callable[[], float] = time.monotonic):
        if count < 1 or per_seconds <= 0:
            raise ValueError("rate limit needs count >= 1 and per_seconds > 0")
        self.count = count
        self.per_seconds = float(per_seconds)
        self._clock = clock
        self._hits: dict[Hashable, deque[float]] = {}
        self._checks = 0

    def hit(self, key: Hashable) -> float:
        now = self._clock()
        self._checks += 1
        if self._checks % _SWEEP_EVERY == 0:
            self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        horizon = now - self.per_seconds
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.count:
            return max(hits[0] + self.per_seconds - now, 0.001)
        hits.append(now)
        return 0.0

    def remaining(self, key: Hashable) -> int:
        """How many hits ``key`` may still make now (does not record a hit)."""
        horizon = self._clock() - self.per_seconds
        hits = self._hits.get(key, ())
        return self.count - sum(1 for t in hits if t > horizon)

    def _sweep(self, now: float) -> None:
        horizon = now - self.per_seconds
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= horizon]:
            del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)
