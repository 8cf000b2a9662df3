"""Writing `serve`'s log lines cheaply, with the same text: under load the access log
writes a line per request, and the standard library spends more on each line's clock
and on its own write and flush than on the rest of the line.

- `SecondStamps`: a time stamp's text changes once a second; it is kept for that second.
- `BatchedStreamHandler`: inside a running event loop, the lines of one loop iteration
  go out in one write, at the end of that iteration; anywhere else, at once.
- `write_access_line`: an access-log line written straight to that handler, with the text
  its formatter would give the LogRecord, when the access logger is configured as `serve`
  configures it: building and dispatching the record cost more than the line."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SecondStamps:
    """`render(seconds)` for whole seconds, rendered once per second. Not shared between
    threads: a handler formats under its own lock."""

    def __init__(self, render: Callable[[int], str]) -> None:
        self._render = render
        self._second = -1
        self._text = ""

    def __call__(self, created: float) -> str:
        second = int(created)
        if second != self._second:
            self._second, self._text = second, self._render(second)
        return self._text


class TextFormatter(logging.Formatter):
    """logging.Formatter with its default time stamp (local time, `,mmm` milliseconds)."""

    def __init__(self, fmt: str | None = None) -> None:
        super().__init__(fmt)
        self._stamps = SecondStamps(lambda s: time.strftime(self.default_time_format, self.converter(s)))

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        return (self.default_msec_format or "%s,%03d") % (self._stamps(record.created), record.msecs)

    def access_line(self, name: str, created: float, message: str, access: dict[str, Any]) -> str | None:
        """What `format` gives an INFO record of `message` made at `created`; None for a
        format other than serve's."""
        if self._fmt != TEXT_FORMAT:
            return None
        msecs = int((created - int(created)) * 1000) + 0.0  # as LogRecord computes it
        stamp = (self.default_msec_format or "%s,%03d") % (self._stamps(created), msecs)
        return f"{stamp} INFO {name}: {message}"


class BatchedStreamHandler(logging.StreamHandler[TextIO]):
    """A StreamHandler whose lines, written from within a running event loop, are joined
    and written once that loop iteration ends. Lines keep their order: a line from outside
    the loop first writes out what is pending."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._pending: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        self.emit_line(line)

    def emit_line(self, line: str) -> None:
        """Write one formatted line (batched inside an event loop); the caller holds the lock."""
        line += self.terminator
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._pending.append(line)
            self.flush()
            return
        if not self._pending:
            loop.call_soon(self.flush)
        self._pending.append(line)

    def flush(self) -> None:
        with self.lock if self.lock else _NO_LOCK:
            if self._pending:
                text, self._pending = "".join(self._pending), []
                try:
                    self.stream.write(text)
                except Exception:
                    self.handleError(logging.makeLogRecord({"msg": "writing log lines failed"}))
            super().flush()


def write_access_line(logger: logging.Logger, created: float, message: str, access: dict[str, Any]) -> bool:
    """Write an INFO line to `logger`'s only handler, as the LogRecord would be written,
    if that is all `handle` would do: the logger does not propagate and has no filters of
    its own, its one handler is a BatchedStreamHandler taking INFO, whose filters let
    access lines through unchanged, and whose formatter can word the line. Else False,
    and the caller logs the record as usual."""
    handlers = logger.handlers
    if logger.propagate or logger.filters or logger.disabled or len(handlers) != 1:
        return False
    handler = handlers[0]
    if type(handler) is not BatchedStreamHandler or handler.level > logging.INFO:
        return False
    if not all(getattr(f, "passes_access_lines", False) for f in handler.filters):
        return False
    word = getattr(handler.formatter, "access_line", None)
    line = word(logger.name, created, message, access) if word is not None else None
    if line is None:
        return False
    with handler.lock if handler.lock else _NO_LOCK:
        handler.emit_line(line)
    return True


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK = _NoLock()
