"""The rules of a contract's request schema, found by walking it: each enum, bound, type,
required property, closed object and choice reference, with the param and code that
OpenAI answers when a body breaks it. A rule added to the contract is found here without
code changes; a keyword this walk does not understand is reported by `unknown_keywords`,
so nothing in the contract goes unchecked by the strategies built on these rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mock_realtime.contract.choice_references import CHOICE_KEYWORD

Path = tuple[str | int, ...]

# Keywords that constrain a value, and the OpenAI code for breaking each.
_CODES = {
    "type": "invalid_type",
    "enum": "invalid_value",
    "required": "missing_required_parameter",
    "additionalProperties": "unknown_parameter",
    CHOICE_KEYWORD: "invalid_value",
}
_BOUNDS = {"minimum": "below_min_value", "maximum": "above_max_value"}
# Keywords that only lead to other schemas, or only describe.
_STRUCTURE = frozenset({"properties", "items", "oneOf", "anyOf"})
_ANNOTATIONS = frozenset({
    "$schema", "$id", "title", "description", "default", "examples",
    "discriminator", "x-added", "x-example-added", "x-socket-session-type", "$defs",
})


@dataclass(frozen=True)
class Rule:
    """One constraint: `keyword` at `schema_path`, applying to the values at `location`
    (object keys, with "*" for every item of an array). `detail` names the required
    property, or indexes the choice reference."""

    keyword: str
    schema_path: Path
    location: tuple[str, ...]
    code: str
    detail: str | int | None = None

    @property
    def name(self) -> str:
        """A JSON pointer to the keyword, e.g. `/properties/temperature/minimum`."""
        parts = [*self.schema_path, self.keyword] if self.keyword != CHOICE_KEYWORD else [*self.schema_path]
        if self.keyword == "required":
            parts.append(str(self.detail))
        return "/" + "/".join(str(p) for p in parts)


def node_at(schema: dict[str, Any], schema_path: Path) -> Any:
    node: Any = schema
    for part in schema_path:
        node = node[part]
    return node


def contract_rules(schema: dict[str, Any]) -> list[Rule]:
    choices = [
        Rule(CHOICE_KEYWORD, (CHOICE_KEYWORD, i), (choice["property"],), _CODES[CHOICE_KEYWORD], i)
        for i, choice in enumerate(schema.get(CHOICE_KEYWORD, []))
    ]
    return [*_walk(schema, (), ()), *choices]


def _bound_code(keyword: str, node: dict[str, Any]) -> str:
    kind = "integer" if node.get("type") == "integer" else "decimal"
    return f"{kind}_{_BOUNDS[keyword]}"


def _rules_of(node: dict[str, Any], path: Path, location: tuple[str, ...]) -> Iterator[Rule]:
    for keyword, value in node.items():
        if keyword == "required":
            yield from (Rule(keyword, path, location, _CODES[keyword], key) for key in value)
        elif (keyword == "additionalProperties" and value is False) or keyword in ("type", "enum"):
            yield Rule(keyword, path, location, _CODES[keyword])
        elif keyword in _BOUNDS:
            yield Rule(keyword, path, location, _bound_code(keyword, node))


def _children(
    node: dict[str, Any], path: Path, location: tuple[str, ...]
) -> Iterator[tuple[Any, Path, tuple[str, ...]]]:
    for key, child in node.get("properties", {}).items():
        yield child, (*path, "properties", key), (*location, key)
    if isinstance(node.get("items"), dict):
        yield node["items"], (*path, "items"), (*location, "*")
    for union in ("oneOf", "anyOf"):
        for i, branch in enumerate(node.get(union, [])):
            yield branch, (*path, union, i), location


def _walk(node: dict[str, Any], path: Path, location: tuple[str, ...]) -> Iterator[Rule]:
    yield from _rules_of(node, path, location)
    for child, child_path, child_location in _children(node, path, location):
        yield from _walk(child, child_path, child_location)


def _unknown_here(node: dict[str, Any], path: Path) -> Iterator[str]:
    known = {*_CODES, *_BOUNDS, *_STRUCTURE, *_ANNOTATIONS} - {CHOICE_KEYWORD if path else ""}
    for keyword, value in node.items():
        unwalked = (keyword == "additionalProperties" and not isinstance(value, bool)) or (
            keyword == "items" and not isinstance(value, dict)
        )
        if keyword not in known or unwalked:
            yield "/" + "/".join(str(p) for p in (*path, keyword))


def unknown_keywords(schema: dict[str, Any]) -> list[str]:
    """Pointers to keywords no rule covers: the contract says something the strategies cannot break."""
    found: list[str] = []
    pending: list[tuple[Any, Path]] = [(schema, ())]
    while pending:
        node, path = pending.pop()
        found.extend(_unknown_here(node, path))
        pending.extend((child, child_path) for child, child_path, _ in _children(node, path, ()))
    return sorted(found)
