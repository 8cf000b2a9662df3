"""Schema defaults, compiled once per schema into a filler function.

The filler is what `sessions.apply_defaults` always did, without walking the schema on
every request: an object under a schema with `properties` is rebuilt in the schema's
property order with omitted defaults filled in (unknown keys follow, in body order), and
array items are filled by their `items` schema. Parts of a body no default can reach are
passed through as they are, but for one thing: a whole number written as a decimal
(`1e3`) where the schema asks for an integer is echoed as the integer (`1000`), as
OpenAI's API echoes it; JSON Schema already counts it as an integer."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import orjson

from mock_realtime.contract.resolver import Resolver

Filler = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))
_compiled: dict[int, tuple[dict[str, Any], Filler]] = {}


def _identity(value: Any) -> Any:
    return value


_NO_DEFAULT, _SHARED, _COPIED = 0, 1, 2


def _default_step(subschema: dict[str, Any]) -> tuple[int, Any]:
    """How to fill an omitted property: not at all, with an immutable value, or with a
    maker of independent copies (sessions must never share a mutable default)."""
    if "default" not in subschema:
        return _NO_DEFAULT, None
    default = subschema["default"]
    if isinstance(default, _SCALARS):
        return _SHARED, default
    try:
        return _COPIED, partial(orjson.loads, orjson.dumps(default))
    except TypeError:
        return _COPIED, partial(copy.deepcopy, default)


def _object_filler(properties: dict[str, Any], resolver: Resolver | None, base: str) -> Filler:
    steps = []
    for key, sub in properties.items():
        child = compile_defaults(sub, resolver, base)
        steps.append((key, None if child is _identity else child, *_default_step(sub)))

    def fill(value: dict[str, Any]) -> dict[str, Any]:
        filled, matched = {}, 0
        for key, fill_child, how, default in steps:
            if key in value:
                filled[key] = value[key] if fill_child is None else fill_child(value[key])
                matched += 1
            elif how == _SHARED:
                filled[key] = default
            elif how == _COPIED:
                filled[key] = default()
        if len(value) > matched:  # keys the schema does not name keep their body order, last
            filled.update((k, v) for k, v in value.items() if k not in filled)
        return filled

    return fill


def _asks_for_integer(schema: dict[str, Any]) -> bool:
    """Whether a whole-number decimal here can only be meant as an integer."""
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    branches = [b for b in schema.get("oneOf", []) + schema.get("anyOf", []) if isinstance(b, dict)]
    if "number" in types or any(b.get("type") == "number" for b in branches):
        return False
    return "integer" in types or any(_asks_for_integer(b) for b in branches)


# The integers the JSON writer (orjson) can write. A body's number past them is read as a
# decimal already (18446744073709551616 as 1.8446744073709552e+19) and is echoed as one.
_WRITABLE_INTEGERS = (-(2**63), 2**64 - 1)


def _as_integer(value: Any) -> Any:
    low, high = _WRITABLE_INTEGERS
    return int(value) if isinstance(value, float) and value.is_integer() and low <= value <= high else value


def _branch_filler(branches: list[Any], discriminator: str, compile_one: Callable[[Any], Filler]) -> Filler:
    """For a union told apart by `discriminator`: fill with the branch the value names, or,
    when it names none, with the branch whose discriminator has a default."""
    by_value: dict[Any, Filler] = {}
    unnamed: Filler = _identity
    for branch in branches:
        if not isinstance(branch, dict):
            continue
        key = branch.get("properties", {}).get(discriminator, {})
        filler = compile_one(branch)
        for value in key.get("enum", []):
            by_value.setdefault(value, filler)
        if "default" in key:
            unnamed = filler

    def fill(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        named = value.get(discriminator)
        if discriminator in value:
            return by_value.get(named, _identity)(value) if isinstance(named, str | int | bool) else value
        return unnamed(value)

    return fill


def compile_defaults(schema: dict[str, Any], resolver: Resolver | None = None, base: str = "") -> Filler:
    """A filler for `schema`. With a resolver, `$ref`s and unions with a `discriminator`
    (the OpenAPI keyword: which property names the branch) are filled through too."""
    base = schema.get("$id", base)
    if resolver is not None and isinstance(schema.get("$ref"), str):
        target, target_base = resolver.resolve(schema["$ref"], base)
        return compile_defaults(target, resolver, target_base)
    if _asks_for_integer(schema):
        return _as_integer
    discriminator = schema.get("discriminator", {}).get("propertyName")
    union = schema.get("oneOf") or schema.get("anyOf")
    if resolver is not None and discriminator and isinstance(union, list):
        return _branch_filler(union, discriminator, lambda branch: compile_defaults(branch, resolver, base))
    fill_object = _object_filler(schema["properties"], resolver, base) if "properties" in schema else None
    items = schema.get("items")
    fill_item = compile_defaults(items, resolver, base) if isinstance(items, dict) else _identity
    if fill_object is None and fill_item is _identity:
        return _identity

    def fill(value: Any) -> Any:
        if fill_object is not None and isinstance(value, dict):
            return fill_object(value)
        if fill_item is not _identity and isinstance(value, list):
            return [fill_item(item) for item in value]
        return value

    return fill


def defaults_filler(schema: dict[str, Any]) -> Filler:
    """The compiled filler for `schema`, compiled on first use. Schemas are treated as
    immutable, as the contract's are; the cache holds the schema so its id stays its own."""
    cached = _compiled.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    if len(_compiled) >= 64:
        _compiled.clear()
    filler = compile_defaults(schema)
    _compiled[id(schema)] = (schema, filler)
    return filler
