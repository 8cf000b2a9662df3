"""A property that is a tagged union of whole schemas, explained by the named schema's own
checker.

GA's `session` is a realtime or a transcription session, told apart by `type`: a `oneOf`
of two `$ref`s under a `discriminator`. The Python walk of such a property walks the
named branch whole (see unions), which for a session with tools costs a millisecond. The
branch schema has a checker of its own, which walks only the branch's properties its
compiled check refused. Its errors, placed under the property, are the walk's: the same
instances, parameters and order, and schema paths as the walk writes them
(`properties/session/oneOf/0/$ref/...`).

Only a union the tagged walk would settle is handed over: the property's other keywords
cannot fail on an object (`type: object`, annotations), every branch is a bare `$ref` to a
served schema fixing the tag, and the value's tag names exactly one branch. Anything else
stays with the walk."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from mock_realtime.contract.compiled_errors import LeafError
from mock_realtime.contract.unions import names_value, tag_values
from mock_realtime.contract.violations import SchemaError

__all__ = ["Branch", "TaggedProperty", "placed_under", "tagged_properties"]

# Keywords that cannot fail on an object, beside the union and its `discriminator`.
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "x-added", "discriminator", "type"})


@dataclass(frozen=True)
class Branch:
    schema: dict[str, Any]
    tags: list[Any]
    schema_path: tuple[Any, ...]  # from the root of the schema holding the property


@dataclass(frozen=True)
class TaggedProperty:
    tag: str
    branches: list[Branch]

    def branch_for(self, value: Any) -> Branch | None:
        """The one branch the value's tag names, if it names exactly one."""
        if not isinstance(value, dict) or self.tag not in value:
            return None
        named = [b for b in self.branches if names_value(b.tags, value[self.tag])]
        return named[0] if len(named) == 1 else None


def tagged_properties(schema: dict[str, Any], resources: Iterable[dict[str, Any]]) -> dict[str, TaggedProperty]:
    """The top-level properties of `schema` that are tagged unions of served schemas."""
    own = schema.get("$id")
    by_id = {s["$id"]: s for s in resources if "$id" in s}
    found: dict[str, TaggedProperty] = {}
    for key, rule in schema.get("properties", {}).items():
        tagged = _tagged(key, rule, own, by_id) if isinstance(own, str) and isinstance(rule, dict) else None
        if tagged is not None:
            found[key] = tagged
    return found


def _tagged(key: str, rule: dict[str, Any], own: str, by_id: dict[str, dict[str, Any]]) -> TaggedProperty | None:
    unions = [k for k in ("oneOf", "anyOf") if k in rule]
    tag = (rule.get("discriminator") or {}).get("propertyName")
    if len(unions) != 1 or set(rule) - _ANNOTATIONS - {unions[0]} or rule.get("type") != "object" \
            or not isinstance(tag, str) or not isinstance(rule[unions[0]], list):
        return None
    branches = []
    for index, branch in enumerate(rule[unions[0]]):
        ref = branch.get("$ref") if isinstance(branch, dict) and set(branch) <= {"$ref"} else None
        target = by_id.get(urljoin(own, ref)) if isinstance(ref, str) and "#" not in ref else None
        tags = tag_values(target, tag) if target is not None else None
        if target is None or tags is None:
            return None
        branches.append(Branch(target, tags, ("properties", key, unions[0], index, "$ref")))
    return TaggedProperty(tag, branches)


def placed_under(errors: Iterable[SchemaError], key: str, schema_path: tuple[Any, ...]) -> Iterator[SchemaError]:
    """A branch checker's errors as the walk of the whole body reports them."""
    for error in errors:
        if isinstance(error, LeafError):
            _shift_leaf(error, key)
            error.relative_path.appendleft(key)
        else:  # jsonschema's: the absolute path of its context follows from its own
            error.path.appendleft(key)
        error.relative_schema_path.extendleft(reversed(schema_path))
        yield error


def _shift_leaf(error: LeafError, key: str) -> None:
    """A leaf error's absolute paths are its own, and its context's: each moves under `key`."""
    error.absolute_path = deque([key, *error.absolute_path])
    for inner in error.context:
        _shift_leaf(inner, key)
