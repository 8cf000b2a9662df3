"""The compiled check's own errors, read as the Python validator's, where that is exact.

jsonschema_rs reports each failure with its schema path, instance path and instance. For
a failure of a leaf keyword (`type`, `enum`, `minimum`, `maximum`) reached only through
`properties` and `items`, of a `oneOf`/`anyOf` whose branches fail only in such leaves
(the compiled error carries each branch's errors), or of a `not` the schema words itself
(`x-error-message`), that is everything the wording in `violations` reads, so the Python
walk, which costs more than the rest of an invalid request, is not needed for that
property. Anything else (a `$ref`, an unworded `not`, another keyword) leaves the
property to the walk, which words it as before."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

SMALL = 1_000  # values with more nodes than this are left to the walk, which stops at the cap


def is_small(value: Any, budget: int = SMALL) -> bool:
    """Whether `value` has at most `budget` nodes: the compiled check lists all of a value's
    failures at once, and a 1 MiB array can fail in 80,000 places."""
    pending = [value]
    while pending:
        budget -= 1
        if budget < 0:
            return False
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


LEAF_KEYWORDS = frozenset({"type", "enum", "minimum", "maximum"})
UNIONS = {"oneOf": "OneOfNotValid", "anyOf": "AnyOf"}  # keyword: the compiled error's kind
# A rule across a value's parts that the schema words itself (`x-error-message`): its
# violation reads nothing but that message and where the value sits.
WORDED = frozenset({"not"})


class LeafError:
    """The attributes of a jsonschema ValidationError that `violations_of` reads."""

    __slots__ = ("absolute_path", "context", "instance", "relative_path", "relative_schema_path", "schema",
                 "validator", "validator_value")

    def __init__(self, schema: dict[str, Any], keyword: str, instance: Any, path: Iterable[Any],
                 schema_path: Iterable[Any]) -> None:
        self.schema = schema
        self.validator = keyword
        self.validator_value = schema[keyword]
        self.instance = instance
        self.absolute_path = deque(path)
        # As in jsonschema: from the parent error's instance; a branch error's is set by its union.
        self.relative_path = deque(self.absolute_path)
        self.relative_schema_path = deque(schema_path)
        self.context: list[LeafError] = []

    @property
    def schema_path(self) -> deque[Any]:
        return self.relative_schema_path


def _resolve(schema: Any, steps: list[Any]) -> dict[str, Any] | None:
    """The schema holding the keyword at the end of `steps`, through `properties` and `items` only."""
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
    if not isinstance(schema, dict) or not steps or steps[-1] not in schema or "$ref" in schema:
        return None
    return schema


def _mapped(schema: Any, steps: list[Any], error: Any, reported: list[Any], at: tuple[Any, ...]) -> LeafError | None:
    holder = _resolve(schema, steps)
    keyword = steps[-1] if steps else None
    worded = holder is not None and keyword in WORDED and "x-error-message" in holder
    if holder is None or keyword is None or not (keyword in LEAF_KEYWORDS or keyword in UNIONS or worded):
        return None
    leaf = LeafError(holder, keyword, error.instance, (*at, *error.instance_path), reported)
    if keyword in UNIONS and "x-error-message" not in holder:
        if type(error.kind).__name__ != UNIONS[keyword]:
            return None
        context = _branches(holder[keyword], len(list(error.schema_path)), error, at)
        if context is None:
            return None
        leaf.context = context
    return leaf


def _branches(branches: list[Any], depth: int, error: Any, at: tuple[Any, ...]) -> list[LeafError] | None:
    """Each branch's errors, as the Python walk puts them in a union's context: branch by
    branch, each with its schema path from the union (`[index, keyword]`). `depth` is the
    length of the union's own schema path, which its branches' errors extend."""
    context: list[LeafError] = []
    for index, branch_errors in enumerate(error.kind.context):
        for sub in branch_errors:
            rest = list(sub.schema_path)[depth + 1:]
            mapped = _mapped(branches[index], rest, sub, [index, *rest], at)
            if mapped is None:
                return None
            mapped.relative_path = deque(list(sub.instance_path)[len(list(error.instance_path)):])
            context.append(mapped)
    return context if _unambiguous(context) else None


def _unambiguous(leaves: list[LeafError]) -> bool:
    """Two failures at one place may come in either order; only a wrong type among them
    (whose wording then wins) makes the order not matter."""
    places: dict[tuple[Any, ...], list[str]] = {}
    for leaf in leaves:
        places.setdefault(tuple(leaf.absolute_path), []).append(leaf.validator)
    return not any(len(kinds) > 1 and "type" not in kinds for kinds in places.values())


def leaf_error(root: dict[str, Any], error: Any, at: tuple[Any, ...] = ()) -> LeafError | None:
    """`error` (a jsonschema_rs ValidationError, its schema path from `root`, its instance
    path from `at`) as the Python walk would report it, or None when it is neither a leaf
    nor a union of leaves reached through `properties` and `items`."""
    steps = list(error.schema_path)
    return _mapped(root, steps, error, steps, at)


def leaf_errors(root: dict[str, Any], errors: list[Any], at: tuple[Any, ...] = ()) -> list[LeafError] | None:
    """All of one property's errors as leaf errors, or None if any is not one, or if their
    order could matter."""
    mapped = [leaf_error(root, e, at) for e in errors]
    leaves = [m for m in mapped if m is not None]
    return leaves if len(leaves) == len(mapped) and _unambiguous(leaves) else None
