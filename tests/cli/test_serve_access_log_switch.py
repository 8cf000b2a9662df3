"""The access log can be switched off, as a load test or a benchmark needs; start-up objects
are frozen out of garbage collection before serving."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from mock_realtime.web import server


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, True),
        (["--no-access-log"], {}, False),
        ([], {"MOCK_REALTIME_ACCESS_LOG": "false"}, False),
    ],
    ids=["default-on", "flag-off", "env-off"],
)
def test_serve_installs_the_access_log_only_when_on(monkeypatch, args, env, expected) -> None:
    seen: dict[str, Any] = {}

    class RecordingServer:
        def __init__(self, config: Any, **_: Any) -> None:
            middleware = [m.cls.__name__ for m in config.app.user_middleware]
            seen["access_log"] = "AccessLog" in middleware

        def run(self) -> None:
            seen["ran"] = True

    monkeypatch.setattr(server, "ObservedServer", RecordingServer)
    monkeypatch.setattr(server.gc, "freeze", lambda: seen.setdefault("frozen_before_run", "ran" not in seen))
    result = CliRunner().invoke(main, ["serve", *args], env=env)
    assert result.exit_code == 0, result.output
    assert seen == {"access_log": expected, "frozen_before_run": True, "ran": True}

