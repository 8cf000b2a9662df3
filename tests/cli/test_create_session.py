"""`mock-realtime create-session` against a real server: the raw answer as JSON, and
one exit status per outcome (2xx, other status, usage error, no answer)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from mock_realtime.cli.create_session import endpoint_url
from mock_realtime.cli.field_options import typed_value
from mock_realtime.contract.snapshot import available_snapshots, load_contract
from mock_realtime.settings import Settings
from tests.helpers import API_KEY

UNUSED_URL = "http://127.0.0.1:9/v1"  # never contacted: these commands fail before sending


@pytest.fixture(autouse=True)
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture
def base_url(live_server) -> str:
    return f"{live_server.base_url}/v1"


def create(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["create-session", *args], env=env, input=stdin)


def last_body(live_server) -> object:
    return live_server.app.state.mock.journal.entries()[-1]["body"]


def test_create_session_prints_status_and_body_and_exits_0(base_url) -> None:
    result = create("--base-url", base_url, "--api-key", API_KEY, "--model", "gpt-4o-realtime-preview")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["status"] == 200
    assert printed["body"]["object"] == "realtime.session"
    assert printed["body"]["client_secret"]["value"].startswith("ek_")


def test_create_session_rejected_body_prints_the_envelope_and_exits_1(base_url) -> None:
    result = create("--base-url", base_url, "--api-key", API_KEY, "--model", "gpt-4o-realtime-preview",
                    "--temperature", "2")
    assert result.exit_code == 1
    printed = json.loads(result.output)
    assert printed["status"] == 400
    assert printed["body"]["error"]["code"] == "decimal_above_max_value"


@pytest.mark.parametrize("mock_settings", [Settings(api_key=(API_KEY,))], ids=["one-key"])
def test_create_session_wrong_key_prints_401_and_exits_1(base_url) -> None:
    result = create("--base-url", base_url, "--api-key", "sk-wrong-0000000000",
                    "--model", "gpt-4o-realtime-preview")
    assert result.exit_code == 1
    printed = json.loads(result.output)
    assert printed["status"] == 401
    assert printed["body"]["error"]["code"] == "invalid_api_key"


def test_create_session_honours_openai_env_vars(base_url, live_server) -> None:
    result = create("--model", "gpt-4o-mini-realtime-preview",
                    env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": base_url})
    assert result.exit_code == 0, result.output
    assert last_body(live_server) == {"model": "gpt-4o-mini-realtime-preview"}


def test_create_session_without_api_key_is_a_usage_error(base_url) -> None:
    result = create("--base-url", base_url, "--model", "gpt-4o-realtime-preview")
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.output


def test_create_session_field_options_are_sent_typed(base_url, live_server) -> None:
    result = create(
        "--base-url", base_url, "--api-key", API_KEY, "--model", "gpt-4o-realtime-preview",
        "--temperature", "0.7", "--max-response-output-tokens", "inf", "--turn-detection", "null",
        "--modalities", '["text"]', "--instructions", "42",
    )
    assert result.exit_code == 0, result.output
    assert last_body(live_server) == {
        "model": "gpt-4o-realtime-preview", "temperature": 0.7, "max_response_output_tokens": "inf",
        "turn_detection": None, "modalities": ["text"], "instructions": "42",
    }


def test_create_session_options_override_the_config_file(base_url, live_server, tmp_path: Path) -> None:
    config = tmp_path / "session.json"
    config.write_text(json.dumps({"model": "gpt-4o-realtime-preview", "voice": "ash", "temperature": 0.9}))
    result = create("--base-url", base_url, "--api-key", API_KEY, "--config", str(config), "--voice", "verse")
    assert result.exit_code == 0, result.output
    expected = {"model": "gpt-4o-realtime-preview", "voice": "verse", "temperature": 0.9}
    assert last_body(live_server) == expected


def test_create_session_reads_config_from_stdin(base_url, live_server) -> None:
    result = create("--base-url", base_url, "--api-key", API_KEY, "--config", "-",
                    stdin=json.dumps({"model": "gpt-4o-realtime-preview"}))
    assert result.exit_code == 0, result.output
    assert last_body(live_server) == {"model": "gpt-4o-realtime-preview"}


@pytest.mark.parametrize(("content", "complaint"), [("{nope", "not JSON"), ("[1]", "JSON object")],
                         ids=["not-json", "not-object"])
def test_create_session_bad_config_is_a_usage_error(tmp_path: Path, content, complaint) -> None:
    config = tmp_path / "session.json"
    config.write_text(content)
    result = create("--base-url", UNUSED_URL, "--api-key", API_KEY, "--config", str(config))
    assert result.exit_code == 2
    assert complaint in result.output


def test_create_session_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = create("--base-url", UNUSED_URL, "--api-key", API_KEY, "--config", str(tmp_path / "none.json"))
    assert result.exit_code == 2


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A port that is bound but not listening: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_create_session_connection_refused_exits_3(refusing_port: int) -> None:
    result = create("--base-url", f"http://127.0.0.1:{refusing_port}/v1", "--api-key", API_KEY)
    assert result.exit_code == 3
    assert "no answer from" in result.output


def test_create_session_silent_server_times_out_with_exit_3() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never answers
        port = silent.getsockname()[1]
        result = create("--base-url", f"http://127.0.0.1:{port}/v1", "--api-key", API_KEY, "--timeout", "0.3")
    assert result.exit_code == 3
    assert "timed out" in result.output


def test_create_session_has_one_option_per_request_field_of_every_snapshot() -> None:
    command = main.commands["create-session"]
    with command.make_context("create-session", ["--help"], resilient_parsing=True) as ctx:
        flags = {opt for param in command.get_params(ctx) for opt in getattr(param, "opts", [])}
    fields = {name for snapshot in available_snapshots()
              for name in load_contract(snapshot).request_schema["properties"]}
    assert fields
    assert {"--" + name.replace("_", "-") for name in fields} <= flags


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/realtime/sessions"),
     ("http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1/realtime/sessions"),
     ("https://proxy.invalid/openai/v1", "https://proxy.invalid/openai/v1/realtime/sessions")],
    ids=["plain", "trailing-slash", "prefixed"],
)
def test_endpoint_url_appends_the_path_below_the_version(base_url: str, expected: str) -> None:
    assert endpoint_url(base_url, load_contract("2024-12-17").path) == expected


@pytest.mark.parametrize(
    ("text", "schema", "expected"),
    [("0.7", {"type": "number"}, 0.7), ("inf", {"oneOf": [{"type": "integer"}]}, "inf"),
     ("null", {"type": ["object", "null"]}, None), ("42", {"type": "string"}, "42"),
     ("[1", {"type": "array"}, "[1")],
    ids=["number", "not-json-stays-text", "null", "string-stays-text", "broken-json-stays-text"],
)
def test_field_option_values_are_typed_by_the_schema(text: str, schema: dict[str, object],
                                                   expected: object) -> None:
    assert typed_value(text, schema) == expected
