"""Violations are reported in the order their parameters appear in the body. The walk that
places them goes down only the nodes that can lead to a wanted parameter; these tests hold
its order to a plain depth-first walk of every node."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import _document_order
from tests.contract.full_walk import full_walk

keys = st.sampled_from(["a", "b", "a.b", "a[0]", "tools", "type", ""]) | st.text(max_size=4)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


def every_name(value: Any, name: str) -> list[str]:
    """Every node's parameter name, depth first, as OpenAI writes them (`a.b[0]`)."""
    names = [name]
    if isinstance(value, dict):
        for key, child in value.items():
            names += every_name(child, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            names += every_name(child, f"{name}[{i}]")
    return names


def ranks(order: dict[str, int]) -> list[str]:
    return sorted(order, key=order.__getitem__)


@given(json_values, st.sampled_from(["", "session"]), st.data())
def test_wanted_parameters_are_ranked_as_a_full_walk_ranks_them(body: Any, prefix: str, data: st.DataObject) -> None:
    names = every_name(body, prefix)
    wanted = data.draw(st.sets(st.sampled_from(names) | st.just("never.there"), max_size=6))
    first_seen = {}
    for position, name in enumerate(names):
        first_seen.setdefault(name, position)
    expected = {name: first_seen[name] for name in wanted if name in first_seen}
    order = _document_order(body, prefix, set(wanted) | {None})  # type: ignore[arg-type]
    placed = {name: position for name, position in order.items() if name in wanted}
    assert set(placed) == set(expected)
    assert ranks(placed) == ranks(expected)


def test_only_the_way_to_a_wanted_parameter_is_walked() -> None:
    body = {"tools": [{"name": str(i), "parameters": {"deep": [[i]]}} for i in range(1_000)], "voice": "x"}
    order = _document_order(body, "", {"voice"})
    assert order == {"": 0, "voice": 1}  # the root, then voice: the tools array is not entered


@pytest.mark.parametrize("first", ["prompt", "truncation"])
def test_missing_parameters_are_ordered_as_their_parents_appear(first: str) -> None:
    second = "truncation" if first == "prompt" else "prompt"
    body = {"session": {"type": "realtime", first: {}, second: {}}}
    missing = {"prompt": "session.prompt.id", "truncation": "session.truncation.type"}
    checked = load_contract("ga").checker("request").violations(body)
    walked = full_walk(body)  # the full Python walk, which goes in the schema's order
    assert [v["param"] for v in checked] == [v["param"] for v in walked] == [missing[first], missing[second]]
