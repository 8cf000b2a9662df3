"""Requests-per-minute limiting, answered as OpenAI answers it: a 429 whose body has type
`requests` and code `rate_limit_exceeded`, with `retry-after` and `x-ratelimit-*` headers.
The window is read from the mock clock, so advancing the clock frees the quota."""

from __future__ import annotations

import math
import re
from collections import deque

from mock_realtime.errors import APIError

WINDOW_SECONDS = 60.0
# A queued 429 fault has no real window behind it; it reports a one-minute quota of this
# size, used up, and asks for a retry after one second.
NOMINAL_LIMIT = 60
NOMINAL_RETRY_SECONDS = 1.0
ORGANIZATION = "org-mockrealtime"

_SPEC = re.compile(r"\s*(\d+)\s*/\s*min\s*")


class RateLimitError(APIError):
    status = 429
    type = "requests"


def parse_rate_limit(spec: str) -> int | None:
    """`"60/min"` -> 60; an empty spec means no limit."""
    if not spec.strip():
        return None
    match = _SPEC.fullmatch(spec)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"rate limit {spec!r} is not of the form N/min with N >= 1 (for example 60/min)")
    return int(match.group(1))


def duration(seconds: float) -> str:
    """OpenAI's way of writing a wait: 120ms, 1.5s, 20s, 1m0s."""
    if seconds < 1:
        return f"{max(1, math.ceil(seconds * 1000))}ms"
    if seconds < 60:
        return f"{round(seconds, 3):g}s"
    minutes, rest = divmod(math.ceil(seconds), 60)
    return f"{minutes}m{rest}s"


def rate_limit_error(
    *, model: str, limit: int, used: int, retry_after: float, reset: float
) -> RateLimitError:
    message = (
        f"Rate limit reached for {model} in organization {ORGANIZATION} on requests per min (RPM): "
        f"Limit {limit}, Used {used}, Requested 1. Please try again in {duration(retry_after)}. "
        "Visit https://platform.openai.com/account/rate-limits to learn more."
    )
    headers = {"retry-after": str(max(1, math.ceil(retry_after)))}
    headers.update(quota_headers(limit=limit, remaining=0, reset=reset))
    return RateLimitError(message, code="rate_limit_exceeded", headers=headers)


def quota_headers(*, limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "x-ratelimit-limit-requests": str(limit),
        "x-ratelimit-remaining-requests": str(remaining),
        "x-ratelimit-reset-requests": duration(reset),
    }


def nominal_rate_limit_error(model: str) -> RateLimitError:
    return rate_limit_error(
        model=model, limit=NOMINAL_LIMIT, used=NOMINAL_LIMIT,
        retry_after=NOMINAL_RETRY_SECONDS, reset=NOMINAL_RETRY_SECONDS,
    )


class RateLimiter:
    """A sliding one-minute window over the mock clock's timestamps of admitted requests."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._admitted: deque[float] = deque()

    def _forget(self, now: float) -> None:
        while self._admitted and self._admitted[-1] > now:  # the clock was set back
            self._admitted.pop()
        while self._admitted and self._admitted[0] <= now - WINDOW_SECONDS:
            self._admitted.popleft()

    def admit(self, now: float) -> dict[str, str] | None:
        """Count one request and return its quota headers, or None if the quota is used up."""
        self._forget(now)
        if len(self._admitted) >= self.limit:
            return None
        self._admitted.append(now)
        # The request just admitted is the newest, so the full quota returns one window from now.
        remaining = self.limit - len(self._admitted)
        return quota_headers(limit=self.limit, remaining=remaining, reset=WINDOW_SECONDS)

    def refusal(self, now: float, *, model: str) -> RateLimitError:
        """The 429 for a request that `admit` turned away at `now`."""
        self._forget(now)
        return rate_limit_error(
            model=model, limit=self.limit, used=len(self._admitted),
            retry_after=self._admitted[0] + WINDOW_SECONDS - now if self._admitted else NOMINAL_RETRY_SECONDS,
            reset=self._admitted[-1] + WINDOW_SECONDS - now if self._admitted else NOMINAL_RETRY_SECONDS,
        )

    def clear(self) -> None:
        self._admitted.clear()
