"""Logging for `serve`: the access log and uvicorn's own messages, as text or as JSON
lines on stderr. uvicorn's access log is switched off; ours replaces it."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from mock_realtime.web.access_log import ACCESS_LOGGER
from mock_realtime.web.banner import BANNER_LOGGER
from mock_realtime.web.log_lines import TEXT_FORMAT, SecondStamps

__all__ = ["TEXT_FORMAT", "JSONFormatter", "NoQueryString", "log_config"]


class NoQueryString(logging.Filter):
    """uvicorn logs each WebSocket handshake with its path and query string, and a query
    string may carry a key (`?api_key=`); the log gets the path alone, as the access log does."""

    passes_access_lines = True  # it changes only uvicorn's WebSocket lines

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and '"WebSocket %s"' in record.msg and isinstance(record.args, tuple):
            record.args = tuple(
                arg.split("?", 1)[0] if i == 1 and isinstance(arg, str) else arg
                for i, arg in enumerate(record.args)
            )
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line; access records carry their fields at the top level."""

    def __init__(self) -> None:
        super().__init__()
        self._stamps = SecondStamps(lambda s: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)))

    def access_line(self, name: str, created: float, message: str, access: dict[str, Any]) -> str:
        """What `format` gives an INFO access record made at `created`."""
        msecs = int((created - int(created)) * 1000)
        line = {"time": self._stamps(created) + f".{msecs:03d}Z", "level": "info", "logger": name, **access}
        return json.dumps(line)

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self._stamps(record.created) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        access = getattr(record, "access", None)
        fields = getattr(record, "fields", None)  # a record made for people and programs: the banner
        if access is not None:
            line.update(access)
        elif fields is not None:
            line["message"] = record.getMessage().split("\n", 1)[0]
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line)


def log_config(log_format: str) -> dict[str, Any]:
    """A logging.config.dictConfig for uvicorn.Config(log_config=...)."""
    if log_format not in ("text", "json"):
        raise ValueError(f"log format must be 'text' or 'json', not {log_format!r}")
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JSONFormatter"} if log_format == "json"
        else {"()": "mock_realtime.web.log_lines.TextFormatter", "fmt": TEXT_FORMAT}
    )
    handler = {"class": "mock_realtime.web.log_lines.BatchedStreamHandler", "formatter": "default",
               "stream": "ext://sys.stderr", "filters": ["no_query_string"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"no_query_string": {"()": f"{__name__}.NoQueryString"}},
        "formatters": {"default": formatter},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            ACCESS_LOGGER: {"handlers": ["default"], "level": "INFO", "propagate": False},
            BANNER_LOGGER: {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }
