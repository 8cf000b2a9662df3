"""`mock-realtime create-client-secret`, the GA twin of create-session: field options from the
GA snapshot, session fields placed inside `session`, and the same raw {status, body} output
and exit statuses; and `validate --contract ga` checking GA bodies offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from tests.helpers import API_KEY, NOW


@pytest.fixture(autouse=True)
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def create(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["create-client-secret", *args], input=stdin)


def test_create_client_secret_places_session_fields_in_the_session(live_server) -> None:
    result = create("--base-url", f"{live_server.base_url}/v1", "--api-key", API_KEY, "--type", "realtime",
                    "--model", "gpt-realtime", "--audio", '{"output": {"voice": "marin"}}',
                    "--expires-after", '{"anchor": "created_at", "seconds": 120}')
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["status"] == 200
    assert list(printed["body"]) == ["value", "expires_at", "session"]
    assert printed["body"]["expires_at"] == int(NOW) + 120
    assert printed["body"]["session"]["audio"]["output"]["voice"] == "marin"
    sent = live_server.app.state.mock.journal.entries()[-1]["body"]
    assert sent == {"expires_after": {"anchor": "created_at", "seconds": 120},
                    "session": {"type": "realtime", "model": "gpt-realtime", "audio": {"output": {"voice": "marin"}}}}


def test_create_client_secret_options_override_the_config_file(live_server, tmp_path: Path) -> None:
    config = tmp_path / "secret.json"
    config.write_text(json.dumps({"session": {"type": "realtime", "instructions": "Be brief."}}))
    result = create("--base-url", f"{live_server.base_url}/v1", "--api-key", API_KEY, "--config", str(config),
                    "--model", "gpt-realtime-2.1")
    assert result.exit_code == 0, result.output
    session = json.loads(result.output)["body"]["session"]
    assert (session["instructions"], session["model"]) == ("Be brief.", "gpt-realtime-2.1")


def test_create_client_secret_refusal_prints_the_envelope_and_exits_1(live_server) -> None:
    result = create("--base-url", f"{live_server.base_url}/v1", "--api-key", API_KEY, "--model", "gpt-realtime")
    assert result.exit_code == 1
    printed = json.loads(result.output)
    assert printed["status"] == 400
    assert printed["body"]["error"]["message"] == "Missing required parameter: 'session.type'."


def test_validate_checks_ga_bodies_offline(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"session": {"type": "transcription"}}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"session": {"type": "realtime", "modalities": ["text"]}}))
    result = CliRunner().invoke(main, ["validate", "--contract", "ga", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 1
    outcomes = json.loads(result.output)
    assert [o["status"] for o in outcomes] == ["valid", "invalid"]
    assert outcomes[1]["violations"] == [{"param": "session.modalities", "code": "unknown_parameter",
                                          "message": "Unknown parameter: 'session.modalities'."}]


def test_serve_refuses_two_snapshots_claiming_one_path_as_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["serve", "--contract", "2024-12-17", "--contract", "beta-final"])
    assert result.exit_code == 2
    assert "both serve POST /v1/realtime/sessions" in result.output


def test_serve_refuses_an_unknown_snapshot_among_several_as_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["serve", "--contract", "ga", "--contract", "no-such-snapshot"])
    assert result.exit_code == 2
    assert "no contract snapshot 'no-such-snapshot'" in result.output
