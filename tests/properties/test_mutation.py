"""The suite bites: for each rule of the contract, a copy of the contract without that one
rule, and a generated invalid case that the mock rejects (with the promised param and
code) while the weakened contract lets it through.

A `type` beside an `enum` whose values all have that type cannot change what is accepted:
the enum alone already refuses every other type. Removing it changes only the answer
(invalid_value for invalid_type, or the list of expected types), so for those rules the
case must get a different answer from the weakened contract instead."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings

from mock_realtime.contract.checker import RequestChecker, schema_validator
from mock_realtime.contract.choice_references import CHOICE_KEYWORD
from mock_realtime.contract.rules import Rule, contract_rules, node_at, unknown_keywords
from mock_realtime.testing.strategies import InvalidConfig, invalid_session_configs
from tests.properties.expectations import CONTRACT, post_json, tally

RULES = contract_rules(CONTRACT.request_schema)
COVERED = tally("mutation test")
# Any case that shows the difference will do: search, but do not shrink what is found.
SEARCH = settings(
    max_examples=300, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)


def without(schema: dict[str, Any], rule: Rule) -> dict[str, Any]:
    weakened = copy.deepcopy(schema)
    if rule.keyword == CHOICE_KEYWORD:
        del weakened[CHOICE_KEYWORD][int(rule.detail or 0)]
        return weakened
    node = node_at(weakened, rule.schema_path)
    if rule.keyword == "required":
        node["required"].remove(rule.detail)
    else:
        del node[rule.keyword]
    return weakened


def only_shapes_the_answer(rule: Rule) -> bool:
    """A type the node's enum already implies."""
    node = node_at(CONTRACT.request_schema, rule.schema_path) if rule.keyword == "type" else {}
    full = schema_validator(CONTRACT.request_schema)
    return "enum" in node and all(full.is_type(value, node["type"]) for value in node["enum"])


def answer(checker: RequestChecker, body: Any) -> Any:
    """What a contract answers: acceptance, or its first violation."""
    if checker.is_valid(body):
        return "accepted"
    violations = checker.violations(body)
    return violations[0] if violations else "rejected"


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_generated_cases_catch_the_removal_of(client: Any, rule: Rule) -> None:
    weakened = dataclasses.replace(CONTRACT, request_schema=without(CONTRACT.request_schema, rule))
    weak = weakened.checker("request")
    strict = not only_shapes_the_answer(rule)
    full = CONTRACT.checker("request")

    def caught(case: InvalidConfig) -> bool:
        status, reply = post_json(client, case.body)
        assert status == 400
        assert (reply["error"]["param"], reply["error"]["code"]) == (case.param, case.code)
        if strict:
            return bool(weak.is_valid(case.body))
        return answer(weak, case.body) != answer(full, case.body)

    find(invalid_session_configs(rules=[rule.name]), caught, settings=SEARCH)
    COVERED["rules"] += 1
    COVERED["weakened contract accepts" if strict else "weakened contract answers otherwise"] += 1


def test_every_keyword_of_the_contract_is_a_rule_the_strategies_break() -> None:
    assert unknown_keywords(CONTRACT.request_schema) == []


def test_a_keyword_no_strategy_breaks_is_reported() -> None:
    schema = copy.deepcopy(CONTRACT.request_schema)
    schema["properties"]["instructions"]["maxLength"] = 100
    assert unknown_keywords(schema) == ["/properties/instructions/maxLength"]


def test_a_rule_added_to_the_contract_is_drawn_without_code_changes() -> None:
    schema = copy.deepcopy(CONTRACT.request_schema)
    schema["properties"]["turn_detection"]["properties"]["silence_duration_ms"]["maximum"] = 10_000
    grown = dataclasses.replace(CONTRACT, request_schema=schema)
    name = "/properties/turn_detection/properties/silence_duration_ms/maximum"
    assert name in [rule.name for rule in contract_rules(schema)]
    case = find(invalid_session_configs(contract=grown, rules=[name]), lambda case: True, settings=SEARCH)
    violations = grown.checker("request").violations(case.body)
    assert [(v["param"], v["code"]) for v in violations] == [
        ("turn_detection.silence_duration_ms", "integer_above_max_value")
    ]
    assert CONTRACT.checker("request").is_valid(case.body)
