"""Reports the numbers the property tests counted (schemathesis cases, rules covered)."""

from __future__ import annotations

from typing import Any

from tests.properties.expectations import TALLIES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for title, counts in TALLIES.items():
        if counts:
            terminalreporter.write_line(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
