"""The Python walk's oneOf/anyOf where a tag decides the branch: only that branch is walked.

jsonschema validates every branch of a union whole, and builds all their errors as the
union error's context before anyone reads one: a 1 MiB session holding 80,000 bad `tools`
items would take minutes to explain. A union declaring a `discriminator`, or whose object
branches each fix a required property to disjoint `const`/`enum` values, is told apart by
that property, so the value's own branch is walked, lazily, and the others never are.
When the value names no branch, the error is the tag's own, as OpenAI words it: missing
(`Missing required parameter: 'session.type'.`) or a value among the branches' tags.
Anything else (not an object, a branch without a tag) keeps jsonschema's union."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from mock_realtime.contract.violations import SchemaError, json_type

__all__ = ["names_value", "tag_values", "tagged_union"]

Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator[SchemaError]]
_REF_HOPS = 8  # a branch that is a `$ref` to a `$ref`...: followed this far, then left alone


def tagged_union(standard: Keyword) -> Keyword:
    """The union keyword: the branch the value's tag names, else `standard` (jsonschema's)."""

    def check(validator: Any, branches: Any, instance: Any, schema: dict[str, Any]) -> Iterator[SchemaError]:
        chosen = _tagged_errors(validator, branches, instance, schema)
        yield from (standard(validator, branches, instance, schema) if chosen is None else chosen)

    return check


def _tagged_errors(
    validator: Any, branches: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[SchemaError] | None:
    if not isinstance(instance, dict) or "x-error-message" in schema or not isinstance(branches, list):
        return None
    fitting = [(i, _resolved(validator, b)) for i, b in enumerate(branches) if _fits(b, instance)]
    declared = (schema.get("discriminator") or {}).get("propertyName")
    key = declared or _shared_tag([branch for _, branch in fitting])
    tags = [tag_values(branch, key) for _, branch in fitting]
    if not isinstance(key, str) or not fitting or any(values is None for values in tags):
        return None
    if key not in instance:
        return _missing(key, instance) if all(key in b.get("required", []) for _, b in fitting) else None
    named = [i for (i, _), values in zip(fitting, tags, strict=True) if names_value(values, instance[key])]
    if len(named) == 1:
        return validator.descend(instance, branches[named[0]], schema_path=named[0])  # type: ignore[no-any-return]
    if not named and declared:
        return _unknown(key, instance[key], [v for values in tags for v in values or []])
    return None


def _fits(branch: Any, instance: Any) -> bool:
    """A branch the value's type may satisfy (one without a `type`, a `$ref`, may fit any)."""
    if not isinstance(branch, dict):
        return False
    declared = branch.get("type")
    if declared is None:
        return True
    return json_type(instance) in ({declared} if isinstance(declared, str) else set(declared))


def _resolved(validator: Any, branch: dict[str, Any]) -> dict[str, Any]:
    """The schema a branch stands for, through its `$ref`s (resolved where the walk is)."""
    resolver = validator._resolver  # jsonschema's own: `$ref`s resolve against where the walk is
    for _ in range(_REF_HOPS):
        if not isinstance(branch.get("$ref"), str) or set(branch) - {"$ref", "description"}:
            break
        found = resolver.lookup(branch["$ref"])
        branch, resolver = found.contents, found.resolver
        if not isinstance(branch, dict):
            return {}
    return branch


def tag_values(branch: dict[str, Any], key: str | None) -> list[Any] | None:
    """The values of `key` the branch takes, when it fixes them (`const` or `enum`)."""
    rule = branch.get("properties", {}).get(key) if key is not None else None
    if not isinstance(rule, dict):
        return None
    if "const" in rule:
        return [rule["const"]]
    return list(rule["enum"]) if isinstance(rule.get("enum"), list) else None


def _shared_tag(branches: list[dict[str, Any]]) -> str | None:
    """The property every branch requires and fixes to values no other branch takes."""
    if not branches:
        return None
    for key in branches[0].get("properties", {}):
        tags = [tag_values(b, key) for b in branches]
        if all(v is not None and key in b.get("required", []) for b, v in zip(branches, tags, strict=True)):
            flat = [_marked(v) for values in tags for v in values or []]
            if len(flat) == len(set(flat)):
                return str(key)
    return None


def _marked(value: Any) -> tuple[str, str]:
    return json_type(value), repr(value)


def names_value(values: list[Any] | None, value: Any) -> bool:
    return any(json_type(v) == json_type(value) and v == value for v in values or [])


def _missing(key: str, instance: dict[str, Any]) -> Iterator[SchemaError]:
    from jsonschema.exceptions import ValidationError

    yield ValidationError(f"{key!r} is a required property", validator="required",
                          validator_value=[key], instance=instance)


def _unknown(key: str, value: Any, supported: list[Any]) -> Iterator[SchemaError]:
    from jsonschema.exceptions import ValidationError

    unique = [v for i, v in enumerate(supported) if v not in supported[:i]]
    yield ValidationError(f"{value!r} is not one of {unique!r}", validator="enum", path=[key],
                          validator_value=unique, instance=value)
