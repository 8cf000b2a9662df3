"""Scripted replies kept in Redis: first in, first out, bounded, each taken exactly once
however many replicas take at the same time, and cleared by a reset."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from mock_realtime.settings import Settings
from mock_realtime.store.redis_link import RedisLink
from mock_realtime.store.redis_replies import RedisReplies
from mock_realtime.store.redis_store import RedisStore
from tests.redis_server import RedisServer


@pytest.fixture
def url(redis_server: RedisServer) -> str:
    import redis

    with redis.Redis.from_url(redis_server.url) as client:
        client.flushdb()
    return redis_server.url


@pytest.fixture
def replies(url: str) -> Iterator[RedisReplies]:
    link = RedisLink(url)
    yield RedisReplies(link, capacity=3)
    link.client.close()


def test_replies_come_out_in_the_order_they_went_in(replies: RedisReplies) -> None:
    assert replies.put([{"text": "one"}, {"function_call": {"name": "f", "arguments": "{}"}}])
    assert replies.peek() == {"text": "one"}
    assert replies.list() == [{"text": "one"}, {"function_call": {"name": "f", "arguments": "{}"}}]
    assert [replies.take(), replies.take(), replies.take()] == [
        {"text": "one"}, {"function_call": {"name": "f", "arguments": "{}"}}, None]


def test_a_batch_that_does_not_fit_is_refused_whole(replies: RedisReplies) -> None:
    assert replies.put([{"text": "a"}, {"text": "b"}])
    assert not replies.put([{"text": "c"}, {"text": "d"}])  # 4 > capacity 3
    assert replies.list() == [{"text": "a"}, {"text": "b"}]
    replies.clear()
    assert replies.list() == []


def test_each_reply_is_taken_once_by_replicas_taking_at_once(url: str) -> None:
    links = [RedisLink(url) for _ in range(4)]  # four replicas, each with its own connections
    queues = [RedisReplies(link, capacity=500) for link in links]
    assert queues[0].put([{"text": str(n)} for n in range(200)])

    def drain(queue: RedisReplies) -> list[str]:
        taken = []
        while (reply := queue.take()) is not None:
            taken.append(reply["text"])
        return taken

    with ThreadPoolExecutor(max_workers=4) as pool:
        taken = [text for batch in pool.map(drain, queues) for text in batch]
    assert sorted(taken, key=int) == [str(n) for n in range(200)]
    for link in links:
        link.client.close()


def test_a_reset_clears_the_scripted_replies(url: str) -> None:
    store = RedisStore(Settings(store=url), limit=None)
    queue = RedisReplies(store.link, capacity=3)
    queue.put([{"text": "left over"}])
    store.reset()
    assert queue.list() == []
    store.close()
