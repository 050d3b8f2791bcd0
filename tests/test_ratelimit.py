from __future__ import annotations

import pytest

from fakes import FakeClock
from talkbot.ratelimit import RateLimiter


def test_allows_count_then_refuses_with_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, 60, clock)
    assert [limiter.hit("ann") for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.advance(10)
    assert limiter.hit("ann") == pytest.approx(50)
    assert limiter.remaining("ann") == 0


def test_window_slides() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 60, clock)
    limiter.hit("ann")
    clock.advance(30)
    limiter.hit("ann")
    clock.advance(31)  # the first hit has left the window
    assert limiter.hit("ann") == 0.0
    assert limiter.hit("ann") == pytest.approx(29)


def test_users_are_independent_and_refusals_are_not_counted() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1, 60, clock)
    assert limiter.hit("ann") == 0.0
    assert limiter.hit("bob") == 0.0
    for _ in range(5):
        assert limiter.hit("ann") > 0
    clock.advance(60)
    assert limiter.hit("ann") == 0.0


def test_idle_users_are_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1, 1, clock)
    for user in range(2000):
        limiter.hit(user)
        clock.advance(0.01)
    assert len(limiter) < 2000


@pytest.mark.parametrize(("count", "seconds"), [(0, 60), (1, 0)])
def test_rejects_nonsense(count: int, seconds: int) -> None:
    with pytest.raises(ValueError):
        RateLimiter(count, seconds)
