"""`mock-realtime serve` refuses values that could only break the server, with a usage
error (exit 2) before it binds, never a traceback or a server that answers 500s."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from mock_realtime.settings import Settings
from tests.reliability.server_process import ROOT


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--max-secrets", "-1", "--max-secrets must be at least 1, not -1"),
    ("--max-secrets", "0", "--max-secrets must be at least 1, not 0"),
    ("--journal-size", "-1", "--journal-size must be at least 0, not -1"),
    ("--header-timeout", "-1", "--header-timeout must be more than 0, not -1"),
    ("--header-timeout", "0", "--header-timeout must be more than 0, not 0"),
    ("--body-timeout", "-0.5", "--body-timeout must be more than 0, not -0.5"),
    ("--secret-ttl", "-60", "--secret-ttl must be at least 0, not -60"),
    ("--secret-retention", "-1", "--secret-retention must be at least 0, not -1"),
    ("--max-body-bytes", "0", "--max-body-bytes must be at least 1, not 0"),
    ("--shutdown-timeout", "-1", "--shutdown-timeout must be at least 0, not -1"),
    ("--port", "70000", "--port must be at most 65535, not 70000"),
    ("--contract", "no-such-snapshot", "no contract snapshot 'no-such-snapshot'"),
], ids=lambda v: str(v))
def test_serve_refuses_nonsense_with_a_usage_error(option, value, message) -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "0", option, value])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_edges_themselves_are_accepted() -> None:
    settings = Settings(max_secrets=1, journal_size=0, header_timeout=0.001, secret_ttl=0, port=65535)
    assert (settings.max_secrets, settings.journal_size) == (1, 0)


def test_a_bad_value_from_the_environment_is_a_usage_error_in_a_real_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mock_realtime", "serve", "--port", "0"], cwd=ROOT, capture_output=True, text=True,
        env={"MOCK_REALTIME_JOURNAL_SIZE": "-5", "PATH": "/usr/bin:/bin"}, timeout=30, check=False,
    )
    assert completed.returncode == 2
    assert "--journal-size must be at least 0, not -5" in completed.stderr
    assert "Traceback" not in completed.stderr
