"""Every row of the hostile-input catalogue, over a real socket: a 4xx in OpenAI's
envelope (or the 200 a valid body deserves), a close where HTTP calls for one, and a
server that still answers a valid request with 200 afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from tests.reliability.catalogue import CASES, JSON_AUTH, VALID, Case, render_table, tool_with_parameters
from tests.reliability.rawhttp import request_bytes, send

CONTRACT = load_contract("2024-12-17")
README = Path(__file__).resolve().parents[2] / "README.md"


def assert_healthy(port: int) -> None:
    response = send(port, request_bytes(VALID, headers=JSON_AUTH))
    assert response.status == 200, response.body[:300]
    assert response.json()["object"] == "realtime.session"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_answered_and_server_stays_healthy(serve, case: Case) -> None:
    server = serve(**case.settings)
    response = send(server.port, case.request())
    assert response.status == case.status, response.body[:300]
    assert response.headers["content-type"] == "application/json"
    if case.status == 200:
        session = response.json()
        assert schema_validator(CONTRACT.response_schema, CONTRACT.schemas.values()).is_valid(session)
        assert case.check is None or case.check(session)
    else:
        envelope = response.json()
        schema_validator(CONTRACT.error_schema).validate(envelope)
        assert envelope["error"]["code"] == case.code
    assert response.closed == case.closes
    assert_healthy(server.port)


def test_catalogue_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


def test_readme_hostile_input_table_matches_catalogue() -> None:
    section = README.read_text(encoding="utf-8").split("## Hostile input", 1)
    assert len(section) == 2, "README.md has no '## Hostile input' section"
    table = "\n".join(re.findall(r"^\|.*\|$", section[1].split("\n## ", 1)[0], flags=re.MULTILINE))
    assert table == render_table(), "regenerate with: python -m tests.reliability.catalogue"


def test_deeply_nested_echo_survives_serialising_the_journal(serve) -> None:
    """The deepest accepted body is echoed and journaled; the journal, wrapped twice more
    (as a listing of entries would be), still serialises."""
    server = serve()
    response = send(server.port, request_bytes(tool_with_parameters(128), headers=JSON_AUTH))
    assert response.status == 200
    entry = next(e for e in server.app.state.mock.journal.entries()
                 if e["request_id"] == response.headers["x-request-id"])
    assert orjson.loads(orjson.dumps({"data": [entry]}))["data"][0]["status"] == 200
