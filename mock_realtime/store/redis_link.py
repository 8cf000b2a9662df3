"""One replica's connection to Redis, and the only place Redis's errors are handled.

A synchronous client, deliberately. The routes call the store synchronously, as they
call the memory store; an asynchronous client would put an `await` (and a coroutine)
on every state call, the memory store's included, which is the hot path this mock
keeps cheap. Redis answers a loopback or LAN command in tens of microseconds, less
than the event loop spends switching tasks, and a sync client's pool can be used from
any thread (the test harness reaches the state from outside the server's loop), where
redis.asyncio's connections are tied to one loop. The cost, a worker that waits while
Redis does not answer, is bounded: every command has TIMEOUT_SECONDS to connect and to
answer, is never retried, and after a failure the breaker answers 503 at once until
the next retry (outage.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from mock_realtime.store.outage import Breaker
from mock_realtime.store.url import redacted

if TYPE_CHECKING:
    import redis

TIMEOUT_SECONDS = 0.5
# Every key sits in one hash slot (the braces), so the multi-key scripts also run on a
# Redis Cluster.
PREFIX = "{mock-realtime}:"
MISSING_CLIENT = (
    "--store {url} needs the Redis client library, which the base install leaves out: "
    "pip install 'mock-realtime[redis]'"
)
T = TypeVar("T")


def _client_module() -> Any:
    try:
        import redis
    except ImportError:
        return None
    return redis


def missing_client_message(url: str) -> str | None:
    """Why --store `url` cannot work in this install, or None if it can."""
    return MISSING_CLIENT.format(url=redacted(url)) if _client_module() is None else None


class RedisLink:
    def __init__(self, url: str) -> None:
        module = _client_module()
        if module is None:
            raise RuntimeError(MISSING_CLIENT.format(url=redacted(url)))
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.where = redacted(url)
        self.breaker = Breaker(self.where)
        self._errors: tuple[type[Exception], ...] = (module.RedisError,)
        self.client: redis.Redis = module.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0), decode_responses=True,
        )

    def key(self, name: str) -> str:
        return PREFIX + name

    def script(self, source: str) -> Callable[..., Any]:
        """A Lua script run atomically by Redis; redis-py loads it again after a restart."""
        return self.client.register_script(source)

    def run(self, command: Callable[[], T]) -> T:
        """`command`'s result, or StoreUnavailable (OpenAI's 503) if Redis does not answer."""
        self.breaker.check()
        try:
            result = command()
        except self._errors as error:
            raise self.breaker.failed(str(error) or type(error).__name__) from None
        self.breaker.succeeded()
        return result

    def health(self) -> dict[str, Any]:
        """A fresh PING, past the breaker: health is asked rarely and must tell the truth."""
        try:
            self.client.ping()
        except self._errors as error:
            self.breaker.failed(str(error) or type(error).__name__)
            return {"url": self.where, "reachable": False, "error": self.breaker.reason}
        self.breaker.succeeded()
        return {"url": self.where, "reachable": True}
