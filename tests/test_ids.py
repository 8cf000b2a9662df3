"""Unseeded ids come from CSPRNG bytes drawn in blocks: formats hold, bytes are never
handed out twice, and every alphanumeric character stays equally likely."""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest

from mock_realtime import ids
from mock_realtime.ids import IdSource


@pytest.mark.parametrize(
    ("mint", "pattern"),
    [
        (lambda s: s.session_id(), r"sess_[A-Za-z0-9]{21}"),
        (lambda s: s.event_id(), r"event_[A-Za-z0-9]{21}"),
        (lambda s: s.request_id(), r"req_[0-9a-f]{32}"),
        (lambda s: s.client_secret(0x684EE180), r"ek_684ee180[0-9a-f]{24}"),
    ],
    ids=["session", "event", "request", "client-secret"],
)
def test_unseeded_ids_keep_openai_formats_across_block_refills(mint, pattern) -> None:
    source = IdSource()
    minted = [mint(source) for _ in range(3 * ids.BLOCK_SIZE // 8)]  # several refills
    assert all(re.fullmatch(pattern, value) for value in minted)
    assert len(set(minted)) == len(minted)


def test_random_bytes_are_never_handed_out_twice(monkeypatch) -> None:
    counter = iter(range(1_000_000))
    monkeypatch.setattr(ids.secrets, "token_bytes", lambda n: bytes(next(counter) % 256 for _ in range(n)))
    source = IdSource()
    drawn = b"".join(source.random_bytes(7) for _ in range(2 * ids.BLOCK_SIZE // 7 + 3))
    expected = b"".join(bytes(i % 256 for i in range(k * ids.BLOCK_SIZE, (k + 1) * ids.BLOCK_SIZE)) for k in range(3))
    # Whole 7-byte draws are taken from consecutive blocks; a tail too short is skipped, never reused.
    assert drawn[: ids.BLOCK_SIZE - ids.BLOCK_SIZE % 7] == expected[: ids.BLOCK_SIZE - ids.BLOCK_SIZE % 7]
    assert drawn[ids.BLOCK_SIZE - ids.BLOCK_SIZE % 7 :][:7] == expected[ids.BLOCK_SIZE : ids.BLOCK_SIZE + 7]


def test_id_letters_are_the_drawn_bytes_in_order_each_used_once(monkeypatch) -> None:
    counter = iter(range(1_000_000))
    monkeypatch.setattr(ids.secrets, "token_bytes", lambda n: bytes(next(counter) % 256 for _ in range(n)))
    source = IdSource()
    letters = "".join(source.event_id().removeprefix("event_") for _ in range(3 * ids.BLOCK_SIZE // 21))
    drawn = bytes(i % 256 for i in range(4 * ids.BLOCK_SIZE))
    mapped = drawn.translate(ids._TO_ALPHANUMERIC, ids._UNEVEN).decode()
    # Across block refills: no letter skipped, none repeated, the uneven bytes left out.
    assert letters == mapped[: len(letters)]


def test_alphanumeric_characters_are_equally_likely() -> None:
    source = IdSource()
    counts = Counter("".join(source.session_id()[5:] for _ in range(20_000)))
    expected = 20_000 * 21 / 62
    assert len(counts) == 62
    # Six standard deviations: a biased mapping (e.g. plain modulo 62) would skew by ~25%.
    assert all(abs(n - expected) < 6 * expected**0.5 for n in counts.values())


def test_threads_sharing_a_source_never_mint_the_same_id() -> None:
    source = IdSource()
    minted: list[list[str]] = [[] for _ in range(4)]

    def mint(bucket: list[str]) -> None:
        bucket.extend(source.request_id() for _ in range(5000))

    threads = [threading.Thread(target=mint, args=(bucket,)) for bucket in minted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [value for bucket in minted for value in bucket]
    assert len(set(everything)) == len(everything) == 20_000
