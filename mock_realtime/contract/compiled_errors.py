"""The compiled check's own errors, read as the Python validator's, where that is exact.

jsonschema_rs reports each failure with its schema path, instance path and instance. For
a failure of a leaf keyword (`type`, `enum`, `minimum`, `maximum`) reached only through
`properties` and `items`, that is everything the wording in `violations` reads, so the
Python walk, which costs more than the rest of an invalid request, is not needed for that
property. Anything else (a union, a `$ref`, `not`, a rule across fields) leaves the
property to the walk, which words it as before."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

LEAF_KEYWORDS = frozenset({"type", "enum", "minimum", "maximum"})


class LeafError:
    """The attributes of a jsonschema ValidationError that `violations_of` reads."""

    __slots__ = ("absolute_path", "context", "instance", "relative_schema_path", "schema", "validator",
                 "validator_value")

    def __init__(self, schema: dict[str, Any], keyword: str, instance: Any, path: Iterable[Any],
                 schema_path: Iterable[Any]) -> None:
        self.schema = schema
        self.validator = keyword
        self.validator_value = schema[keyword]
        self.instance = instance
        self.absolute_path = deque(path)
        self.relative_schema_path = deque(schema_path)
        self.context: list[Any] = []


def leaf_error(root: dict[str, Any], error: Any) -> LeafError | None:
    """`error` (a jsonschema_rs ValidationError) as the Python walk would report it, or None
    when it is not a leaf keyword reached through `properties` and `items` alone."""
    steps = list(error.schema_path)
    if not steps or steps[-1] not in LEAF_KEYWORDS:
        return None
    schema: Any = root
    i = 0
    while i < len(steps) - 1:
        if steps[i] == "properties" and i + 2 < len(steps):
            schema = schema.get("properties", {}).get(steps[i + 1]) if isinstance(schema, dict) else None
            i += 2
        elif steps[i] == "items":
            schema = schema.get("items") if isinstance(schema, dict) else None
            i += 1
        else:
            return None
    if not isinstance(schema, dict) or steps[-1] not in schema or "$ref" in schema:
        return None
    return LeafError(schema, steps[-1], error.instance, error.instance_path, steps)


def leaf_errors(root: dict[str, Any], errors: list[Any]) -> list[LeafError] | None:
    """All of one property's errors as leaf errors, or None if any is not one, or if two
    name the same place without one of them being its type (whose wording then decides)."""
    mapped = [leaf_error(root, e) for e in errors]
    if any(m is None for m in mapped):
        return None
    leaves = [m for m in mapped if m is not None]
    places: dict[tuple[Any, ...], list[str]] = {}
    for leaf in leaves:
        places.setdefault(tuple(leaf.absolute_path), []).append(leaf.validator)
    if any(len(kinds) > 1 and "type" not in kinds for kinds in places.values()):
        return None
    return leaves
