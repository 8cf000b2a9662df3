"""The full validator, pointed only where the compiled check found a problem.

Explaining an invalid body used to walk all of it with the Python validator, valid
parts included: nine-tenths of an invalid request's time. The compiled check (the
one whose verdict on a body is already final) lists the failing locations in a few
microseconds; the full validator then explains just the top-level properties that
failed, through the same `descend` its `properties` keyword uses. Whenever a problem
sits at the root (a missing or unknown parameter, a choice rule), it walks the whole
body as before, since root rules read the whole body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mock_realtime.contract.choice_references import choice_references_ok
from mock_realtime.contract.violations import MAX_VIOLATIONS


def _has_long_array(body: dict[str, Any]) -> bool:
    """The compiled check lists every failure at once, and a 1 MiB `tools` array can fail
    in 80,000 places; past the violation cap the full validator, which stops when asked,
    is the cheaper one."""
    return any(isinstance(value, list) and len(value) > MAX_VIOLATIONS for value in body.values())


class FocusedValidator:
    """Quacks like the full validator for `iter_errors`; anything else is the full validator's."""

    def __init__(self, full: Any, compiled: Any, schema: dict[str, Any], rules: list[dict[str, Any]]) -> None:
        self._full = full
        self._compiled = compiled
        self._properties: dict[str, Any] = schema.get("properties", {})
        self._rules = rules

    def __getattr__(self, name: str) -> Any:
        return getattr(self._full, name)

    def _failing_properties(self, body: Any) -> list[str] | None:
        """Top-level properties that failed, in body order; None when the root itself failed."""
        if not isinstance(body, dict) or not choice_references_ok(self._rules, body):
            return None
        if _has_long_array(body):
            return None
        failing = set()
        for error in self._compiled.iter_errors(body):
            if not error.instance_path or error.instance_path[0] not in self._properties:
                return None
            failing.add(error.instance_path[0])
        return [key for key in body if key in failing]

    def iter_errors(self, body: Any) -> Iterator[Any]:
        failing = self._failing_properties(body)
        if failing is None:
            yield from self._full.iter_errors(body)
            return
        for key in failing:
            for error in self._full.descend(body[key], self._properties[key], path=key, schema_path=key):
                error.relative_schema_path.appendleft("properties")  # as the properties keyword adds
                yield error
