"""JSON objects of every shape for the oracle and robustness properties: arbitrary ones,
ones built from the request's own field names, and valid configs with a few mutations.
The interesting values (every enum value, every bound and its neighbours) are read from
the oracle's schema, not the mock's contract."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from mock_realtime.testing.strategies import session_configs
from tests.properties.oracle import oracle_schema

# Any JSON value: integers within +-2**53 (what every JSON reader holds exactly, RFC 8259 §6),
# whole and fractional floats, text, and small arrays and objects of those.
EXACT = 2**53
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-EXACT, EXACT)
    | st.floats(-(2.0**52), 2.0**52).map(lambda x: x + 0.5 if x.is_integer() else x)
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _walk(node: Any) -> list[dict[str, Any]]:
    nodes = [node] if isinstance(node, dict) else []
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        nodes.extend(_walk(child))
    return nodes


def _near(bound: float) -> list[Any]:
    return [
        bound,
        math.nextafter(bound, -math.inf),
        math.nextafter(bound, math.inf),
        math.floor(bound) - 1,
        math.ceil(bound) + 1,
        float(bound),
    ]


_NODES = _walk(oracle_schema())
NAMES = sorted({key for node in _NODES for key in node.get("properties", {})})
_EDGES = sorted(
    {
        repr(v): v
        for node in _NODES
        for key in ("minimum", "maximum")
        if key in node
        for v in _near(node[key])
    }.values(),
    key=repr,
)
# Numbers at the ends of what JSON readers hold: huge, tiny, and past 64-bit integers.
_FAR = [1e300, -1e300, 5e-324, 2.0**53, 2**64, -(2**63) - 1]
_ENUMS = sorted({value for node in _NODES for value in node.get("enum", [])})
interesting = st.one_of(
    st.sampled_from([*_EDGES, *_ENUMS, True, False, None, -0.0, 0, {}, [], "", *_FAR]),
    st.lists(st.sampled_from(_ENUMS), max_size=3),
    json_values,
)
keys = st.sampled_from(NAMES) | st.text()

arbitrary_objects = st.dictionaries(keys, json_values)
shaped_objects = st.dictionaries(
    keys,
    interesting
    | st.dictionaries(keys, interesting, max_size=4)
    | st.lists(st.dictionaries(keys, interesting, max_size=4), max_size=2),
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in items:
        found.extend(_places(child, (*path, key)))
    return found


def _rebuilt(value: Any, path: tuple[Any, ...], change: Any) -> Any:
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _rebuilt(value[head], rest, change)}
    return [*value[:head], _rebuilt(value[head], rest, change), *value[head + 1 :]]


@st.composite
def _mutation(draw: Any, body: Any) -> Any:
    path = draw(st.sampled_from(_places(body)))
    kind = draw(st.sampled_from(["replace", "drop", "add"]))
    if kind == "replace" and path:
        new = draw(interesting)
        return _rebuilt(body, path, lambda _old: new)
    if kind == "drop" and path and isinstance(body, dict | list):
        return _rebuilt(body, path[:-1], lambda parent: _without(parent, path[-1]))
    key, new = draw(keys), draw(interesting)
    return _rebuilt(body, path, lambda old: {**old, key: new} if isinstance(old, dict) else old)


def _without(parent: Any, key: Any) -> Any:
    if isinstance(parent, dict):
        return {k: v for k, v in parent.items() if k != key}
    return [v for i, v in enumerate(parent) if i != key]


@st.composite
def mutated_configs(draw: Any) -> Any:
    body = draw(session_configs())
    for _ in range(draw(st.integers(1, 3))):
        body = draw(_mutation(body))
    return body


any_objects = st.one_of(arbitrary_objects, shaped_objects, mutated_configs())
