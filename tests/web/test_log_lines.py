"""serve's cheap log lines: the same text as the standard library's, a clock rendered
once a second, and lines batched per event-loop iteration without losing their order."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time

import pytest

from mock_realtime.web.log_config import TEXT_FORMAT, JSONFormatter
from mock_realtime.web.log_lines import BatchedStreamHandler, SecondStamps, TextFormatter

CREATED = 1_764_583_200.125  # 2025-12-01 10:00:00.125 UTC (exact in binary)


def _record(message: str = "hello", created: float = CREATED) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "mock_realtime.access", "levelno": logging.INFO,
                                    "levelname": "INFO", "msg": message})
    record.created, record.msecs = created, (created - int(created)) * 1000
    return record


def test_second_stamps_render_once_per_second() -> None:
    rendered: list[int] = []
    stamps = SecondStamps(lambda s: rendered.append(s) or f"t{s}")
    assert [stamps(t) for t in (10.1, 10.9, 11.0, 11.5, 10.2)] == ["t10", "t10", "t11", "t11", "t10"]
    assert rendered == [10, 11, 10]


@pytest.mark.parametrize("created", [CREATED, CREATED + 0.5, CREATED + 1.999, CREATED + 86_400.001])
def test_text_formatter_writes_what_the_standard_formatter_writes(created: float) -> None:
    ours, standard = TextFormatter(TEXT_FORMAT), logging.Formatter(TEXT_FORMAT)
    ours.converter = standard.converter = time.gmtime  # type: ignore[assignment]
    ours.format(_record(created=created - 5))  # a stamp cached for another second first
    assert ours.format(_record(created=created)) == standard.format(_record(created=created))


def test_text_formatter_line_as_documented() -> None:
    formatter = TextFormatter(TEXT_FORMAT)
    formatter.converter = time.gmtime  # type: ignore[assignment]
    assert formatter.format(_record()) == "2025-12-01 10:00:00,125 INFO mock_realtime.access: hello"


def test_json_formatter_time_is_utc_with_milliseconds() -> None:
    formatter = JSONFormatter()
    assert json.loads(formatter.format(_record(created=CREATED - 3)))["time"] == "2025-12-01T09:59:57.125Z"
    assert json.loads(formatter.format(_record()))["time"] == "2025-12-01T10:00:00.125Z"


def test_outside_an_event_loop_each_line_is_written_at_once() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream)
    handler.handle(_record("one"))
    assert stream.getvalue() == "one\n"


def test_inside_an_event_loop_lines_wait_for_the_end_of_the_iteration_in_order() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream)
    seen: dict[str, str] = {}

    async def main() -> None:
        handler.handle(_record("one"))
        handler.handle(_record("two"))
        seen["during"] = stream.getvalue()
        await asyncio.sleep(0)
        seen["after"] = stream.getvalue()
        handler.handle(_record("three"))

    asyncio.run(main())
    handler.handle(_record("four"))  # outside the loop: what is pending goes out first
    assert seen == {"during": "", "after": "one\ntwo\n"}
    assert stream.getvalue() == "one\ntwo\nthree\nfour\n"


def test_pending_lines_are_written_when_logging_flushes_at_exit() -> None:
    stream = io.StringIO()
    handler = BatchedStreamHandler(stream)

    async def main() -> None:
        handler.handle(_record("last words"))
        handler.flush()  # what logging.shutdown does

    asyncio.run(main())
    assert stream.getvalue() == "last words\n"
