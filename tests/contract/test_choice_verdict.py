"""The hot path's verdict on the choice rules (ChoiceVerdict) is the explaining path's
(`choice_references_ok`), for every rule the contracts declare, on bodies drawn around them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.choice_references import CHOICE_KEYWORD, ChoiceVerdict, choice_references_ok

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


def declared_rules(node: Any) -> list[list[dict[str, Any]]]:
    if isinstance(node, dict):
        found = [node[CHOICE_KEYWORD]] if CHOICE_KEYWORD in node else []
        return found + [rules for value in node.values() for rules in declared_rules(value)]
    if isinstance(node, list):
        return [rules for value in node for rules in declared_rules(value)]
    return []


RULES = [rules for path in sorted(CONTRACTS.rglob("*.json")) for rules in declared_rules(json.loads(path.read_text()))]
names = st.sampled_from(["auto", "none", "required", "lookup", "book", "files", ""]) | st.integers(0, 2) | st.none()
tools = st.lists(st.fixed_dictionaries({}, optional={"name": names, "server_label": names, "type": names}), max_size=3)
choices = names | st.fixed_dictionaries(
    {}, optional={"type": st.sampled_from(["function", "mcp", "other"]) | names, "name": names, "server_label": names})
bodies = st.fixed_dictionaries({}, optional={"tool_choice": choices, "tools": tools | names})


def test_every_contract_declares_rules_to_check() -> None:
    assert len(RULES) >= 5  # the beta requests and session updates, and GA's session config
    assert BETA_RULES in RULES  # the cases below are written out for the rules declared


@given(st.sampled_from(RULES), bodies | names)
def test_the_hot_paths_verdict_is_the_explaining_paths(rules: list[dict[str, Any]], body: Any) -> None:
    assert ChoiceVerdict(rules).holds(body) == choice_references_ok(rules, body)


BETA_RULES = [{"property": "tool_choice", "enum": ["auto", "none", "required"], "names_from": "/tools/*/name"}]
GA_RULES = next(rules for rules in RULES if rules[0]["property"] == "/tool_choice/name")
LOOKUP = [{"type": "function", "name": "lookup"}]


@pytest.mark.parametrize(("rules", "body", "holds"), [
    (BETA_RULES, {"tool_choice": "auto"}, True),  # a fixed choice needs no tool
    (BETA_RULES, {"tool_choice": "lookup", "tools": LOOKUP}, True),
    (BETA_RULES, {"tool_choice": "lookup"}, False),  # names a function no tool declares
    (BETA_RULES, {"tool_choice": "book", "tools": LOOKUP}, False),
    (GA_RULES, {"tool_choice": {"type": "function", "name": "lookup"}, "tools": LOOKUP}, True),
    (GA_RULES, {"tool_choice": {"type": "function", "name": "book"}, "tools": LOOKUP}, False),
    (GA_RULES, {"tool_choice": {"type": "mcp", "server_label": "files"}, "tools": LOOKUP}, False),
    (GA_RULES, {"tool_choice": {"type": "mcp", "server_label": "files"},
                "tools": [{"type": "mcp", "server_label": "files"}]}, True),
    (GA_RULES, {"tool_choice": "auto"}, True),
], ids=["fixed", "declared", "undeclared", "other-name", "ga-declared", "ga-undeclared", "mcp-undeclared",
        "mcp-declared", "ga-fixed"])
def test_the_verdict_on_cases_written_out(rules: list[dict[str, Any]], body: dict[str, Any], holds: bool) -> None:
    assert ChoiceVerdict(rules).holds(body) is holds
    assert choice_references_ok(rules, body) is holds
