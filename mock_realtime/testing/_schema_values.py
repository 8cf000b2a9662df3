"""Hypothesis strategies for the values a JSON Schema accepts, for the schemas contracts use.

Scalars come from `hypothesis_jsonschema.from_schema`. Objects, arrays and unions are
composed here from the same schema: hypothesis-jsonschema 0.23's own object generation
relies on a Hypothesis internal that changed in Hypothesis 6.170.10, and composing keeps
draws quick and shrinking sharp. Integers stay within +-2**53, the range every JSON reader
holds exactly (RFC 8259, section 6)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

EXACT = 2**53
_SCALAR_KEYWORDS = ("type", "enum", "minimum", "maximum", "pattern")
# JSON Schema's types as sets of value kinds: 1.0 is an integer, 1.5 only a number.
_KINDS_OF_TYPE = {"number": {"integer", "fraction"}}
_finite = st.floats(allow_nan=False, allow_infinity=False)
_scalars: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(-EXACT, EXACT),
    # Every float past 2**52 is whole; below it, a whole one plus a half is not.
    "fraction": st.floats(-(2.0**52), 2.0**52).map(lambda x: x + 0.5 if x.is_integer() else x),
    "string": st.text(),
}
json_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(*_scalars.values(), _finite),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
KIND_VALUES: dict[str, st.SearchStrategy[Any]] = {
    **_scalars,
    "array": st.lists(json_values, max_size=3),
    "object": st.dictionaries(st.text(), json_values, max_size=3),
}


def kinds(types: Any) -> set[str]:
    """The value kinds (keys of KIND_VALUES) a `type` keyword admits."""
    names = [types] if isinstance(types, str) else list(types)
    return set().union(*(_KINDS_OF_TYPE.get(name, {name}) for name in names))


def _scalar(node: dict[str, Any]) -> dict[str, Any]:
    scalar = {key: node[key] for key in _SCALAR_KEYWORDS if key in node}
    if scalar.get("type") in ("integer", "number"):
        scalar["minimum"] = max(scalar.get("minimum", -EXACT), -EXACT)
        scalar["maximum"] = min(scalar.get("maximum", EXACT), EXACT)
    return scalar


class SchemaValues:
    """Strategies for the values each node of one schema accepts, built once per node."""

    def __init__(self) -> None:
        self._built: dict[int, st.SearchStrategy[Any]] = {}
        self._nodes: list[dict[str, Any]] = []  # keeps each id() above meaning one node

    def values(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if id(node) not in self._built:
            self._nodes.append(node)
            self._built[id(node)] = st.deferred(lambda: self._build(node))
        return self._built[id(node)]

    def _build(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        declared = node.get("type")
        union = node.get("oneOf") or node.get("anyOf")
        if union:
            return st.one_of([self.values(branch) for branch in union])
        if isinstance(declared, list):
            return st.one_of([self._build({**node, "type": name}) for name in declared])
        if declared == "object":
            return self.objects(node)
        if declared == "array":
            return st.lists(self.values(node.get("items", {})), min_size=node.get("minItems", 0),
                            max_size=max(3, node.get("minItems", 0)))
        if declared is None and "enum" not in node:
            return json_values
        return from_schema(_scalar(node))

    def objects(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        """Objects the node accepts, whatever else its `type` allows."""
        properties = node.get("properties", {})
        required = node.get("required", [])
        known = st.fixed_dictionaries(
            {key: self.values(properties.get(key, {})) for key in required},
            optional={key: self.values(sub) for key, sub in properties.items() if key not in required},
        )
        if node.get("additionalProperties", True) is False:
            return known
        extra = st.dictionaries(st.text().filter(lambda key: key not in properties), json_values, max_size=3)
        return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})

    def arrays(self, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        """Non-empty arrays the node accepts, so there is an item to break."""
        return st.lists(self.values(node.get("items", {})), min_size=1, max_size=3)
