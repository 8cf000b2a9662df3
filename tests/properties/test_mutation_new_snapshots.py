"""The suite bites for the final beta and GA snapshots too: for each rule of their request
schemas outside a union's branches (drawn as one tree, references inlined), a generated case
that the mock refuses with the promised param and code, and that the snapshot without that
one rule accepts or answers otherwise. The keywords the strategies cannot break yet are
listed, so a new one shows."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from starlette.testclient import TestClient

from mock_realtime.contract.rules import Rule, contract_rules, node_at, unknown_keywords
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.settings import Settings
from mock_realtime.testing.strategies import InvalidConfig, invalid_session_configs
from mock_realtime.web.app import create_app
from tests.properties.expectations import post_json, tally

SNAPSHOTS = {name: load_contract(name) for name in ("beta-final", "ga")}


def implied(schema: dict[str, Any], rule: Rule) -> bool:
    """A `type` beside a union whose every branch declares its own type within it: the union
    alone refuses every other type, in the same words, so removing it changes nothing."""
    node = node_at(schema, rule.schema_path)
    branches = node.get("oneOf") or node.get("anyOf") or []
    declared = {node["type"]} if isinstance(node.get("type"), str) else set(node.get("type", []))
    return rule.keyword == "type" and bool(branches) and all(
        "type" in b and ({b["type"]} if isinstance(b["type"], str) else set(b["type"])) <= declared
        for b in branches)


def in_a_union(rule: Rule) -> bool:
    """A rule inside a union's branch (GA's session types, turn detection, tool choices): not
    mutation-tested yet, as a break there can leave the body in no branch at all; the example
    tests (tests/contract, tests/web/test_client_secrets.py) and the GA oracle cover them."""
    return any(part in ("oneOf", "anyOf") for part in rule.schema_path)


CASES = [(name, rule) for name, contract in SNAPSHOTS.items()
         for rule in contract_rules(contract.inlined("request"))
         if not implied(contract.inlined("request"), rule) and not in_a_union(rule)]
COVERED = tally("mutation test, new snapshots")
SEARCH = settings(max_examples=300, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
GA_SESSION = "/properties/session/oneOf"
# Where GA says what no rule the strategies break can say: rules across fields (never text and
# audio together; the whisper transcription rules), array lengths, patterns, the values of an
# open map, and tool_choice naming a declared tool (checked in tests/web/test_client_secrets.py).
NOT_DRAWN = [
    f"{GA_SESSION}/0/properties/audio/properties/input/properties/transcription/allOf",
    f"{GA_SESSION}/0/properties/audio/properties/input/properties/transcription/properties/languages/minItems",
    f"{GA_SESSION}/0/properties/output_modalities/not",
    f"{GA_SESSION}/0/properties/output_modalities/x-error-message",
    f"{GA_SESSION}/0/properties/prompt/oneOf/0/properties/variables/additionalProperties",
    f"{GA_SESSION}/0/properties/tools/items/oneOf/1/properties/allowed_callers/oneOf/0/minItems",
    f"{GA_SESSION}/0/properties/tools/items/oneOf/1/properties/headers/additionalProperties",
    f"{GA_SESSION}/0/properties/tools/items/oneOf/1/properties/tunnel_id/pattern",
    f"{GA_SESSION}/0/x-choice-references",
    f"{GA_SESSION}/1/properties/audio/properties/input/not",
    f"{GA_SESSION}/1/properties/audio/properties/input/properties/transcription/allOf",
    f"{GA_SESSION}/1/properties/audio/properties/input/properties/transcription/properties/languages/minItems",
    f"{GA_SESSION}/1/properties/audio/properties/input/x-error-message",
]


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, Any]]:
    with TestClient(create_app(Settings(contract=("beta-final", "ga")))) as client:
        yield {name: (client, contract.path) for name, contract in SNAPSHOTS.items()}


def without(schema: dict[str, Any], rule: Rule) -> dict[str, Any]:
    weakened = copy.deepcopy(schema)
    node = node_at(weakened, rule.schema_path)
    if rule.keyword == "required":
        node["required"].remove(rule.detail)
    elif rule.keyword == "x-choice-references":
        del weakened["x-choice-references"][int(rule.detail or 0)]
    else:
        del node[rule.keyword]
    return weakened


def answer(contract: Contract, body: Any) -> Any:
    checker = contract.checker("request")
    if checker.is_valid(body):
        return "accepted"
    violations = checker.violations(body)
    return (violations[0]["param"], violations[0]["code"]) if violations else "rejected"


@pytest.mark.parametrize(("snapshot", "rule"), CASES, ids=[f"{name}:{rule.name}" for name, rule in CASES])
def test_generated_cases_catch_the_removal_of(clients: dict[str, Any], snapshot: str, rule: Rule) -> None:
    contract = SNAPSHOTS[snapshot]
    weakened = dataclasses.replace(contract, request_schema=without(contract.inlined("request"), rule))
    client, path = clients[snapshot]

    def caught(case: InvalidConfig) -> bool:
        status, reply = post_json(client, case.body, path=path)  # a null body is sent as null
        assert status == 400, case
        assert (reply["error"]["param"], reply["error"]["code"]) == (case.param, case.code)
        return bool(answer(weakened, case.body) != answer(contract, case.body))

    find(invalid_session_configs(contract=snapshot, rules=[rule.name]), caught, settings=SEARCH)
    COVERED[snapshot] += 1


@pytest.mark.parametrize(("snapshot", "unbroken"), [("beta-final", []), ("ga", NOT_DRAWN)])
def test_keywords_no_strategy_breaks_are_the_known_ones(snapshot: str, unbroken: list[str]) -> None:
    assert unknown_keywords(SNAPSHOTS[snapshot].inlined("request")) == unbroken
