"""The reference the fast checkers are held to: GA's request schema walked in full by the
Python validator, every violation found, in OpenAI's order."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import collect_violations

GA = load_contract("ga")
RESOURCES = list(GA.schemas.values())
FULL = schema_validator(GA.schemas["request"], RESOURCES)


def full_walk(body: Any) -> list[dict[str, str]]:
    return collect_violations(FULL.iter_errors(body), body, limit=None)
