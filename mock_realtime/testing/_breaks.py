"""How to break one rule of a request schema in an otherwise valid body: where the rule
applies (creating the containers on the way), and what to put there: a value of a type
the rule refuses, one outside its enum or past its bound, a required key removed, or a
key a closed object does not know."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from mock_realtime.contract.rules import Rule, node_at
from mock_realtime.testing._schema_values import EXACT, KIND_VALUES, SchemaValues, json_values, kinds

Place = tuple[str | int, ...]
Steps = list[tuple[str, dict[str, Any]]]
# Turns the value found at a rule's location into a broken one, and says which key broke.
Edit = Callable[[Any, Any], tuple[Any, Place]]
_MISSING: Any = None


def route(schema: dict[str, Any], rule: Rule) -> Steps:
    """The keys (or "*" for an item) from the body to the rule's location, each with the
    schema of the container it is looked up in."""
    steps: Steps = []
    node: Any = schema
    path = list(rule.schema_path)
    while path:
        part = path.pop(0)
        if part == "items":
            steps.append(("*", node))
            node = node["items"]
        else:
            key = path.pop(0)
            if part == "properties":
                steps.append((str(key), node))
            node = node[part][key]
    return steps


def holder(schema: dict[str, Any], rule: Rule) -> dict[str, Any]:
    """The schema of the rule's location: inside a union, the union, whose branches all count."""
    path = list(rule.schema_path)
    if len(path) >= 2 and path[-2] in ("oneOf", "anyOf"):
        path = path[:-2]
    return node_at(schema, tuple(path))  # type: ignore[no-any-return]


def _branches(union: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    return union.get("oneOf") or union.get("anyOf") or [node]


def json_equal(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def beyond(node: dict[str, Any], keyword: str) -> st.SearchStrategy[Any]:
    """Numbers of the node's type just past its bound, and far past it."""
    bound, below = node[keyword], keyword == "minimum"
    edge = math.ceil(bound) - 1 if below else math.floor(bound) + 1
    integers = st.integers(-EXACT, edge) if below else st.integers(edge, EXACT)
    if node.get("type") == "integer":
        return integers
    floats = st.floats(
        **{("max_value" if below else "min_value"): bound}, allow_nan=False, allow_infinity=False
    )
    return integers | floats.filter(lambda x: x < bound if below else x > bound)


def _fits(value: Any, container: dict[str, Any]) -> bool:
    """An object of this branch of a union told apart by `type` (another branch's object does not)."""
    named = container.get("properties", {}).get("type", {}).get("enum")
    return isinstance(value, dict) and (named is None or value.get("type", named[0]) in named)


class Breaker:
    """Edits that break the rules of one schema, drawing containers from its values."""

    def __init__(self, schema: dict[str, Any], nodes: SchemaValues) -> None:
        self.schema = schema
        self.nodes = nodes

    def apply(self, draw: Any, value: Any, steps: Steps, edit: Edit) -> tuple[Any, Place]:
        """`value` with the edit made at the end of `steps`, creating containers on the way."""
        if not steps:
            return edit(draw, value)
        (key, container), rest = steps[0], steps[1:]
        if key == "*":
            items = value if isinstance(value, list) and value else draw(self.nodes.arrays(container))
            index = draw(st.integers(0, len(items) - 1))
            item, place = self.apply(draw, items[index], rest, edit)
            return [*items[:index], item, *items[index + 1 :]], (index, *place)
        obj = value if _fits(value, container) else draw(self.nodes.objects(container))
        child, place = self.apply(draw, obj.get(key, _MISSING), rest, edit)
        return {**obj, key: child}, (key, *place)

    def edit(self, rule: Rule) -> Edit:
        node = node_at(self.schema, rule.schema_path)
        if rule.keyword in ("required", "additionalProperties"):
            return self._object_edit(rule, node)
        bad = self._bad_values(rule, node)
        return lambda draw, _current: (draw(bad), ())

    def _bad_values(self, rule: Rule, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if rule.keyword == "type":
            allowed = set().union(
                *(kinds(b.get("type", [])) for b in _branches(holder(self.schema, rule), node))
            )
            return st.one_of([KIND_VALUES[kind] for kind in sorted(set(KIND_VALUES) - allowed)])
        if rule.keyword == "enum":
            others = self.nodes.values({key: value for key, value in node.items() if key != "enum"})
            return others.filter(lambda v: not any(json_equal(v, e) for e in node["enum"]))
        return beyond(node, rule.keyword)

    def _object_edit(self, rule: Rule, node: dict[str, Any]) -> Edit:
        objects, properties = self.nodes.objects(node), node.get("properties", {})
        strangers = st.text().filter(lambda key: key not in properties)

        def edit(draw: Any, current: Any) -> tuple[Any, Place]:
            obj = current if isinstance(current, dict) else draw(objects)
            if rule.keyword == "required":
                return {k: v for k, v in obj.items() if k != rule.detail}, (str(rule.detail),)
            key = draw(strangers)
            return {**obj, key: draw(json_values)}, (key,)

        return edit
