"""A response streams in slices of the loop's time: it lets the loop run (to read the
client's next event, a response.cancel, and to serve other connections) once SLICE_S
has passed, not after every event. Measured on a loop whose clock moves only as events
are sent, so the slices are exact."""

from __future__ import annotations

import asyncio
from typing import Any

from mock_realtime.conversation import response
from mock_realtime.conversation.engine import Conversation
from mock_realtime.conversation.replies import ReplyQueue
from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.ids import IdSource
from tests.conversation.test_engine_properties import BETA_SESSION

STEP_S = 0.0004  # of loop time per event sent: a slice of 1 ms holds three
LONG_REPLY = "A reply long enough to stream for many slices, word after word after word. " * 3


class _SteppedLoop(asyncio.SelectorEventLoop):
    now = 0.0

    def time(self) -> float:
        return self.now


class _Recorded:
    """Each event sent takes STEP_S of the loop's clock; `log` holds their types, and
    'tick' wherever another task ran in between."""

    def __init__(self, loop: _SteppedLoop) -> None:
        self.loop, self.log = loop, []  # type: ignore[var-annotated]

    async def send(self, event: dict[str, Any]) -> None:
        self.loop.now += STEP_S
        self.log.append(event["type"])

    async def close(self, code: int, reason: str) -> None:
        raise AssertionError("nothing here closes the session")

    def stop_playback(self) -> None:
        """Nothing plays here."""


def _stream(cancel_after_first_audio: bool = False) -> list[str]:
    loop = _SteppedLoop()
    transport = _Recorded(loop)
    replies = ReplyQueue(capacity=1)
    replies.put([{"text": LONG_REPLY}])
    conversation = Conversation(words=load_vocabulary("beta"), ids=IdSource(seed=1), replies=replies,
                                session=lambda: BETA_SESSION, transport=transport)

    async def other_task() -> None:
        cancel = cancel_after_first_audio
        while True:
            if cancel and "response.audio.delta" in transport.log:
                cancel = False
                transport.log.append("cancel")
                await conversation.handle({"type": "response.cancel"})
            transport.log.append("tick")
            await asyncio.sleep(0)

    async def main() -> None:
        ticker = asyncio.create_task(other_task())
        await conversation.handle({"type": "response.create"})
        await conversation.idle()
        ticker.cancel()

    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    return transport.log


def _deltas_between_ticks(log: list[str]) -> list[int]:
    runs, count = [], 0
    for kind in log:
        if kind == "tick":
            runs.append(count)
            count = 0
        elif kind.endswith(".delta"):
            count += 1
    return [*runs, count]


def test_a_response_lets_the_loop_run_once_a_slice_is_used_up() -> None:
    runs = _deltas_between_ticks(_stream())
    assert sum(runs) > 30  # a long stream, so there are many slices
    assert max(runs) == round(response.SLICE_S / STEP_S) + 1  # 3 fit in the slice, the 4th ends it
    assert sum(1 for run in runs if run > 1) > 5  # not a yield per event


def test_a_cancel_is_seen_within_a_slice() -> None:
    log = _stream(cancel_after_first_audio=True)
    after = log[log.index("cancel"):]
    assert "response.done" in after
    assert sum(1 for kind in after if kind.endswith(".delta")) <= round(response.SLICE_S / STEP_S) + 1
