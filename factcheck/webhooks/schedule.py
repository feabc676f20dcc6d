"""When webhook deliveries are retried: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h."""

from __future__ import annotations

import random

# Seconds after the first attempt's failure; nine retries spread over about 24 hours.
RETRY_SCHEDULE_SECONDS: tuple[float, ...] = (
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
)
JITTER = 0.1


def next_delay(attempt: int, *, rng: random.Random | None = None) -> float | None:
    """Delay before retry number ``attempt`` (1-based), with ±10% jitter; None when out of retries."""
    if attempt < 1 or attempt > len(RETRY_SCHEDULE_SECONDS):
        return None
    base = RETRY_SCHEDULE_SECONDS[attempt - 1]
    return base * (1 + (rng or random).uniform(-JITTER, JITTER))
