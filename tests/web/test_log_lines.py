"""serve's cheap log lines: the same text as the standard library's, a clock rendered
once a second, lines batched per event-loop iteration without losing their order, and
access lines written without a LogRecord only where logging is set up as serve sets it."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time

import pytest

from mock_realtime.web.log_config import TEXT_FORMAT, JSONFormatter, NoQueryString
from mock_realtime.web.log_lines import BatchedStreamHandler, SecondStamps, TextFormatter, write_access_line

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


ACCESS = {"request_id": "req_1", "method": "POST", "path": "/v1/realtime/sessions", "status": 200,
          "latency_ms": 1.25}
MESSAGE = "req_1 POST /v1/realtime/sessions 200 1.25ms"


def _access_record(created: float, name: str = "mock_realtime.access") -> logging.LogRecord:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, MESSAGE, None, None)
    record.created, record.msecs = created, int((created - int(created)) * 1000) + 0.0
    record.access = ACCESS
    return record


@pytest.mark.parametrize("created", [CREATED, CREATED + 0.5, CREATED + 1.999, CREATED + 0.0004, 1.0])
@pytest.mark.parametrize("formatter", [TextFormatter(TEXT_FORMAT), JSONFormatter()], ids=["text", "json"])
def test_an_access_line_is_what_the_formatter_gives_its_record(formatter: logging.Formatter, created: float) -> None:
    formatter.converter = time.gmtime  # type: ignore[assignment]
    direct = formatter.access_line("mock_realtime.access", created, MESSAGE, ACCESS)  # type: ignore[attr-defined]
    assert direct == formatter.format(_access_record(created))


def test_access_lines_as_documented() -> None:
    text, json_lines = TextFormatter(TEXT_FORMAT), JSONFormatter()
    text.converter = time.gmtime  # type: ignore[assignment]
    assert text.access_line("mock_realtime.access", CREATED, MESSAGE, ACCESS) == (
        "2025-12-01 10:00:00,125 INFO mock_realtime.access: req_1 POST /v1/realtime/sessions 200 1.25ms")
    assert json.loads(json_lines.access_line("mock_realtime.access", CREATED, MESSAGE, ACCESS)) == {
        "time": "2025-12-01T10:00:00.125Z", "level": "info", "logger": "mock_realtime.access",
        "request_id": "req_1", "method": "POST", "path": "/v1/realtime/sessions", "status": 200, "latency_ms": 1.25}


def test_a_text_formatter_of_another_format_words_no_access_line() -> None:
    assert TextFormatter("%(message)s").access_line("x", CREATED, MESSAGE, ACCESS) is None


def _served_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    """A logger set up as serve's log_config sets up the access logger."""
    stream, logger = io.StringIO(), logging.getLogger(name)
    handler = BatchedStreamHandler(stream)
    handler.setFormatter(TextFormatter(TEXT_FORMAT))
    handler.addFilter(NoQueryString())
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.INFO
    return logger, stream


def test_an_access_line_goes_straight_to_serves_handler_as_the_record_would() -> None:
    logger, stream = _served_logger("test.access.direct")
    assert write_access_line(logger, CREATED, MESSAGE, ACCESS)
    logger.handle(_access_record(CREATED, logger.name))
    direct, through_logging = stream.getvalue().splitlines()
    assert direct == through_logging


@pytest.mark.parametrize("change", ["propagates", "second handler", "filter of its own", "handler filter"])
def test_any_other_logging_set_up_gets_the_record_instead(change: str) -> None:
    logger, stream = _served_logger(f"test.access.{change.replace(' ', '_')}")
    if change == "propagates":
        logger.propagate = True
    elif change == "second handler":
        logger.addHandler(logging.NullHandler())
    elif change == "filter of its own":
        logger.addFilter(lambda record: True)
    else:
        logger.handlers[0].addFilter(lambda record: True)
    assert not write_access_line(logger, CREATED, MESSAGE, ACCESS)
    assert stream.getvalue() == ""
