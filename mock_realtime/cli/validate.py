"""Offline checks of request bodies against a contract snapshot: the rules the server
applies, without a server. Used by `mock-realtime validate`.

A body the server would reject, unparseable JSON included, is *invalid*. Input that
cannot be read at all (a missing file, a directory, no permission) is *unreadable*:
nothing was checked, so it is reported apart. Nothing here imports a web framework,
so a pre-commit hook over hundreds of files starts quickly."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_realtime.contract.body import parse_body
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import Violation
from mock_realtime.errors import InvalidRequestError

STDIN = "-"
EXIT_CODES = {"valid": 0, "invalid": 1, "unreadable": 2}


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # "valid", "invalid" or "unreadable"
    violations: list[dict[str, str | None]] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "source": display_name(self.source), "status": self.status, "violations": self.violations
        }
        if self.error is not None:
            shown["error"] = self.error
        return shown


def _reported(violation: Violation) -> dict[str, str | None]:
    return {"param": violation["param"], "code": violation["code"], "message": violation["message"]}


def body_violations(checker: RequestChecker, raw: bytes) -> list[dict[str, str | None]]:
    """What the server would refuse in `raw`: a parse error, or every contract violation."""
    try:
        body = parse_body(raw, "application/json")
    except InvalidRequestError as error:
        return [{"param": error.param, "code": error.code, "message": error.message}]
    if checker.is_valid(body):
        return []
    return [_reported(v) for v in checker.violations(body)]


def read_source(source: str) -> bytes:
    if source == STDIN:
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def check_source(checker: RequestChecker, source: str) -> Outcome:
    try:
        raw = read_source(source)
    except OSError as error:
        return Outcome(source, "unreadable", error=error.strerror or str(error))
    violations = body_violations(checker, raw)
    return Outcome(source, "invalid" if violations else "valid", violations)


def check_sources(sources: Iterable[str], *, contract: str) -> list[Outcome]:
    checker = load_contract(contract).checker("request")
    return [check_source(checker, source) for source in sources]


def exit_code(outcomes: Iterable[Outcome]) -> int:
    """2 if anything was unreadable (the check is incomplete), else 1 if anything is invalid."""
    return max((EXIT_CODES[o.status] for o in outcomes), default=0)


def display_name(source: str) -> str:
    return "<stdin>" if source == STDIN else source


def _shown(value: str | None) -> str:
    return "null" if value is None else value


def text_report(outcomes: Iterable[Outcome]) -> str:
    lines: list[str] = []
    for outcome in outcomes:
        name = display_name(outcome.source)
        if outcome.status == "unreadable":
            lines.append(f"{name}: unreadable: {outcome.error}")
            continue
        lines.append(f"{name}: {outcome.status}")
        lines.extend(f"  param={_shown(v['param'])} code={_shown(v['code'])}: {v['message']}"
                     for v in outcome.violations)
    return "\n".join(lines)
