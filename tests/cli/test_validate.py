"""`mock-realtime validate`: every violation in OpenAI's terms, and one exit status per outcome."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from mock_realtime.errors import PARSE_MESSAGE
from tests.helpers import AUTH, MINIMAL

NOT_AN_OBJECT = "Invalid type for request body: expected an object, but got"


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write_file(name: str, content: bytes | str) -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    return write_file


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["validate", *args], input=stdin)


def test_validate_valid_body_exits_0(write) -> None:
    result = run(write("ok.json", json.dumps(MINIMAL)))
    assert result.exit_code == 0
    assert result.output.strip().endswith("ok.json: valid")


def test_validate_lists_every_violation_in_openai_terms(write) -> None:
    path = write("bad.json", json.dumps({"temperature": 5, "voice": "nobody", "extra": 1}))
    result = run("--format", "json", path)
    assert result.exit_code == 1
    [outcome] = json.loads(result.output)
    assert outcome["status"] == "invalid"
    assert [(v["param"], v["code"]) for v in outcome["violations"]] == [
        ("model", "missing_required_parameter"),
        ("extra", "unknown_parameter"),
        ("temperature", "decimal_above_max_value"),
        ("voice", "invalid_value"),
    ]
    assert outcome["violations"][0]["message"] == "Missing required parameter: 'model'."


def test_validate_text_format_shows_param_code_and_message(write) -> None:
    result = run(write("bad.json", json.dumps({**MINIMAL, "temperature": 2})))
    assert result.exit_code == 1
    assert "bad.json: invalid" in result.output
    assert ("  param=temperature code=decimal_above_max_value: Invalid 'temperature': decimal above "
            "maximum value. Expected a value <= 1.2, but got 2 instead.") in result.output


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b'{"model": NaN}', None, PARSE_MESSAGE),
        (b'{"model": "gpt-4o-realtime-preview"', None, PARSE_MESSAGE),
        (b'{"model": "\xff"}', None, PARSE_MESSAGE),
        (b"", None, PARSE_MESSAGE),
        (b"[]", "invalid_type", f"{NOT_AN_OBJECT} an array instead."),
        (b"null", "invalid_type", f"{NOT_AN_OBJECT} null instead."),
    ],
    ids=["nan", "truncated", "not-utf8", "empty", "array", "null"],
)
def test_validate_unparseable_or_non_object_body_is_invalid(write, content, code, message) -> None:
    result = run("--format", "json", write("body.json", content))
    assert result.exit_code == 1
    [outcome] = json.loads(result.output)
    assert outcome["violations"] == [{"param": None, "code": code, "message": message}]


def test_validate_reads_stdin_for_dash() -> None:
    body = json.dumps({"model": "gpt-4o-realtime-preview", "tools": 1}).encode()
    result = run("--format", "json", "-", stdin=body)
    assert result.exit_code == 1
    [outcome] = json.loads(result.output)
    assert outcome["source"] == "<stdin>"
    assert outcome["violations"][0]["param"] == "tools"


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_validate_unreadable_input_exits_2_and_still_checks_the_rest(write, tmp_path, kind) -> None:
    unreadable = str(tmp_path / "nope.json") if kind == "missing" else str(tmp_path)
    bad = write("bad.json", "{}")
    result = run("--format", "json", unreadable, bad)
    assert result.exit_code == 2
    outcomes = json.loads(result.output)
    assert [o["status"] for o in outcomes] == ["unreadable", "invalid"]
    assert outcomes[0]["error"]


def test_validate_mixed_valid_and_invalid_exits_1(write) -> None:
    result = run(write("a.json", json.dumps(MINIMAL)), write("b.json", "{}"))
    assert result.exit_code == 1
    assert "a.json: valid" in result.output
    assert "b.json: invalid" in result.output


def test_validate_unknown_contract_is_a_usage_error(write) -> None:
    result = run("--contract", "1999-01-01", write("a.json", json.dumps(MINIMAL)))
    assert result.exit_code == 2
    assert "no contract snapshot '1999-01-01'" in result.output


def test_validate_without_files_is_a_usage_error() -> None:
    assert run().exit_code == 2


def test_validate_agrees_with_the_server(write, client) -> None:
    """The offline check and the endpoint report the same first violation."""
    body = {"model": "gpt-4o-realtime-preview", "tool_choice": "lookup", "turn_detection": {"threshold": 3}}
    result = run("--format", "json", write("body.json", json.dumps(body)))
    answer = client.post("/v1/realtime/sessions", json=body, headers=AUTH)
    first = json.loads(result.output)[0]["violations"][0]
    assert answer.status_code == 400
    assert {k: answer.json()["error"][k] for k in ("param", "code", "message")} == first


def test_validate_imports_no_web_framework(write) -> None:
    """Pre-commit speed: the validate path must not pay for starlette or uvicorn."""
    path = write("a.json", json.dumps(MINIMAL))
    probe = (
        "import sys\n"
        "from mock_realtime.cli.commands import main\n"
        f"try:\n    main(['validate', {path!r}])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'httpx'))\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
