"""Hypothesis strategies drawn from a contract, to fuzz request builders with.

- `session_configs()` draws request bodies the contract accepts;
- `invalid_session_configs()` draws bodies that break exactly one of its rules (see
  mock_realtime.rules), each with the `param` and `code` of the 400 that answers it.

Both read everything from contracts/: a rule added there is drawn without code changes.
What JSON Schema cannot say (tool_choice naming a declared tool) comes from the
contract's `x-choice-references`."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from mock_realtime.contract import Contract, load_contract
from mock_realtime.references import CHOICE_KEYWORD, allowed_choices
from mock_realtime.rules import Rule, contract_rules, node_at
from mock_realtime.schema_values import EXACT, KIND_VALUES, SchemaValues, json_values, kinds

__all__ = ["InvalidConfig", "invalid_session_configs", "session_configs"]

Place = tuple[str | int, ...]
# Turns the value found at a rule's location into a broken one, and says which key broke.
Edit = Callable[[Any, Any], tuple[Any, Place]]
_MISSING: Any = None


@dataclass(frozen=True)
class InvalidConfig:
    """A body that breaks one rule (named by a JSON pointer into the request schema), and
    the `param` and `code` its 400 answer carries; `param` is None only when the body is
    not an object at all."""

    body: Any
    rule: str
    param: str | None
    code: str


def session_configs(*, contract: str | Contract = "2024-12-17") -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies for POST /v1/realtime/sessions that the contract accepts."""
    return _drafts(contract).valid


def invalid_session_configs(
    *, contract: str | Contract = "2024-12-17", rules: Iterable[str] | None = None
) -> st.SearchStrategy[InvalidConfig]:
    """Bodies that break exactly one rule: any rule, or only those named in `rules`."""
    drafts = _drafts(contract)
    known = {rule.name: rule for rule in contract_rules(drafts.schema)}
    wanted = list(known) if rules is None else list(rules)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"no such rules {unknown}; the contract has {sorted(known)}")
    return st.one_of([drafts.breaking(known[name]) for name in wanted])


def json_param(place: Iterable[str | int]) -> str | None:
    """OpenAI's name for a place in a body: dots between keys, [i] for items."""
    name: str | None = None
    for part in place:
        name = f"{name or ''}[{part}]" if isinstance(part, int) else (f"{name}.{part}" if name else part)
    return name


def _drafts(contract: str | Contract) -> _Drafts:
    return _Drafts(contract.request_schema) if isinstance(contract, Contract) else _named_drafts(contract)


@cache
def _named_drafts(name: str) -> _Drafts:
    return _Drafts(load_contract(name).request_schema)


def _route(schema: dict[str, Any], rule: Rule) -> list[tuple[str, dict[str, Any]]]:
    """The keys (or "*" for an item) from the body to the rule's location, each with the
    schema of the container it is looked up in."""
    steps: list[tuple[str, dict[str, Any]]] = []
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


def _holder(schema: dict[str, Any], rule: Rule) -> dict[str, Any]:
    """The schema of the rule's location: inside a oneOf, the oneOf, whose branches all count."""
    path = list(rule.schema_path)
    if len(path) >= 2 and path[-2] == "oneOf":
        path = path[:-2]
    return node_at(schema, tuple(path))  # type: ignore[no-any-return]


def _json_equal(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _beyond(node: dict[str, Any], keyword: str) -> st.SearchStrategy[Any]:
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


class _Drafts:
    """Valid and broken bodies for one request schema; strategies built once, reused."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.nodes = SchemaValues()
        self.choices: list[dict[str, Any]] = schema.get(CHOICE_KEYWORD, [])
        self.valid = st.composite(lambda draw: self._choose(draw, draw(self.nodes.values(schema))))()

    def _choose(self, draw: Any, body: dict[str, Any]) -> dict[str, Any]:
        for choice in self.choices:
            if choice["property"] in body:
                body[choice["property"]] = draw(st.sampled_from(allowed_choices(choice, body)))
        return body

    def _repair(self, body: Any) -> Any:
        """Point a choice that a break left dangling back at a fixed value, so one rule stays broken."""
        for choice in self.choices:
            value = body.get(choice["property"]) if isinstance(body, dict) else None
            if isinstance(value, str) and value not in allowed_choices(choice, body):
                body = {**body, choice["property"]: choice["enum"][0]}
        return body

    def breaking(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        if rule.keyword == CHOICE_KEYWORD:
            return self._breaking_choice(rule)
        steps, edit = _route(self.schema, rule), self._edit(rule)

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body, place = self._apply(draw, draw(self.valid), steps, edit)
            return InvalidConfig(self._repair(body), rule.name, json_param(place), rule.code)

        return broken()

    def _breaking_choice(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        choice = self.choices[int(rule.detail or 0)]

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body = draw(self.valid)
            taken = allowed_choices(choice, body)
            body[choice["property"]] = draw(st.text().filter(lambda name: name not in taken))
            return InvalidConfig(body, rule.name, choice["property"], rule.code)

        return broken()

    def _apply(
        self, draw: Any, value: Any, steps: list[tuple[str, dict[str, Any]]], edit: Edit
    ) -> tuple[Any, Place]:
        """`value` with the edit made at the end of `steps`, creating containers on the way."""
        if not steps:
            return edit(draw, value)
        (key, container), rest = steps[0], steps[1:]
        if key == "*":
            items = value if isinstance(value, list) and value else draw(self.nodes.arrays(container))
            index = draw(st.integers(0, len(items) - 1))
            item, place = self._apply(draw, items[index], rest, edit)
            return [*items[:index], item, *items[index + 1 :]], (index, *place)
        obj = value if isinstance(value, dict) else draw(self.nodes.objects(container))
        child, place = self._apply(draw, obj.get(key, _MISSING), rest, edit)
        return {**obj, key: child}, (key, *place)

    def _edit(self, rule: Rule) -> Edit:
        node = node_at(self.schema, rule.schema_path)
        if rule.keyword in ("required", "additionalProperties"):
            return self._object_edit(rule, node)
        bad = self._bad_values(rule, node)
        return lambda draw, _current: (draw(bad), ())

    def _bad_values(self, rule: Rule, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if rule.keyword == "type":
            allowed = set().union(
                *(kinds(b.get("type", [])) for b in _holder(self.schema, rule).get("oneOf", [node]))
            )
            return st.one_of([KIND_VALUES[kind] for kind in sorted(set(KIND_VALUES) - allowed)])
        if rule.keyword == "enum":
            others = self.nodes.values({key: value for key, value in node.items() if key != "enum"})
            return others.filter(lambda v: not any(_json_equal(v, e) for e in node["enum"]))
        return _beyond(node, rule.keyword)

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
