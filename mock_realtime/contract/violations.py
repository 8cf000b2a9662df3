"""Turn JSON Schema errors into OpenAI's violations: `{param, code, message}`.

Every violation in a body is listed (the journal and `validate` show them all); the
envelope reports the first. The order is deterministic and documented in the README:
missing parameters, then unknown parameters, then wrong types, then wrong values
(enums and ranges); within one class, parameters in the order they appear in the body
(a missing one where its parent does).

A body can hold far more violations than anyone reads (80,000 bad items in a 1 MiB
`tools` array take seconds to explain and tens of MB to keep), so collection stops at
MAX_VIOLATIONS: the first that many found, in validation order, then sorted as above."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from mock_realtime.errors import InvalidRequestError

Violation = dict[str, Any]  # param is None for a rule on the whole body
# A jsonschema ValidationError. Its stubs type every attribute as possibly unset, which
# never holds for errors from iter_errors, so it is handled as Any here.
SchemaError = Any
MAX_VIOLATIONS = 100

_RANK = {
    "missing_required_parameter": 0,
    "unknown_parameter": 1,
    "invalid_type": 2,
}
_EXPECTED = {
    "number": "a decimal",
    "integer": "an integer",
    "string": "a string",
    "boolean": "a boolean",
    "object": "an object",
    "array": "an array",
    "null": "null",
}


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    return {dict: "object", list: "array", str: "string", type(None): "null"}.get(type(value), "string")


def type_phrase(value: Any) -> str:
    """How OpenAI names a value's type in messages: 'a decimal', 'an array', 'null'."""
    return _EXPECTED[json_type(value)]


def param_name(path: Iterable[Any], prefix: str = "") -> str:
    """OpenAI's notation: dots between keys, [i] for items (`tools[0].type`)."""
    name = prefix
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _quote(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def _number(value: Any) -> str:
    return json.dumps(value)


def supported_values(values: list[Any]) -> str:
    quoted = [_quote(v) for v in values]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _expected_types(schema_type: Any) -> str:
    types = [t for t in ([schema_type] if isinstance(schema_type, str) else schema_type) if t != "null"]
    return " or ".join(_EXPECTED[t] for t in types) or "null"


def _violation(param: str | None, code: str, message: str) -> Violation:
    return {"param": param, "code": code, "message": message}


def _invalid_value(value: Any, supported: list[Any]) -> str:
    if not supported:  # a choice among declared names when none is declared
        return f"Invalid value: {_quote(value)}. No such name is declared."
    return f"Invalid value: {_quote(value)}. Supported values are: {supported_values(supported)}."


def _length(error: SchemaError, param: str) -> Violation:
    """OpenAI's wording for an empty list where one item is needed; the same pattern otherwise."""
    count, bound = len(error.instance), error.validator_value
    if error.validator == "minItems" and count == 0:
        return _violation(param, "empty_array", f"Invalid '{param}': empty array. Expected an array with "
                                                f"minimum length {bound}, but got an empty array instead.")
    side, relation = ("below", "minimum") if error.validator == "minItems" else ("above", "maximum")
    return _violation(param, f"array_{side}_{relation[:3]}_length",
                      f"Invalid '{param}': array too {'short' if side == 'below' else 'long'}. Expected an "
                      f"array with {relation} length {bound}, but got an array with length {count} instead.")


def _range(error: SchemaError, param: str, bound: str) -> Violation:
    kind = "integer" if error.schema.get("type") == "integer" else "decimal"
    side, relation = ("below", ">=") if bound == "min" else ("above", "<=")
    message = (
        f"Invalid '{param}': {kind} {side} {'minimum' if bound == 'min' else 'maximum'} value. "
        f"Expected a value {relation} {_number(error.validator_value)}, "
        f"but got {_number(error.instance)} instead."
    )
    return _violation(param, f"{kind}_{side}_{bound}_value", message)


def _branch_errors(error: SchemaError) -> list[SchemaError]:
    """For a failed oneOf/anyOf, the errors of the branch whose type fits the value, if any
    (a branch that only refers elsewhere may fit anything)."""
    fitting = {
        i for i, branch in enumerate(error.validator_value)
        if json_type(error.instance) in _branch_types(branch) or "type" not in branch
    }
    return [e for e in error.context or [] if e.schema_path[0] in fitting]


def _branch_types(branch: dict[str, Any]) -> set[str]:
    declared = branch.get("type", [])
    types = {declared} if isinstance(declared, str) else set(declared)
    return types | ({"integer"} if "number" in types else set())


def _discriminated(error: SchemaError, inner: list[SchemaError], prefix: str) -> list[SchemaError] | Violation:
    """A union whose `discriminator` property names its branch: the named branch's errors,
    or the violation of the discriminator itself (missing, or naming no branch)."""
    key = error.schema["discriminator"]["propertyName"]
    own = {e.schema_path[0] for e in inner}
    name = param_name([*error.absolute_path, key], prefix)
    if key in error.instance:
        refused = [e for e in inner if list(e.relative_path) == [key] and e.validator in ("enum", "const")]
        named = own - {e.schema_path[0] for e in refused}
        if named:
            return [e for e in inner if e.schema_path[0] in named]
        values = list(dict.fromkeys(v for e in refused for v in (e.validator_value if e.validator == "enum"
                                                                   else [e.validator_value])))
        return _violation(name, "invalid_value", f"Invalid value: {_quote(error.instance[key])}. "
                                                 f"Supported values are: {supported_values(values)}.")
    needing = {e.schema_path[0] for e in inner if e.validator == "required" and not e.relative_path
               and key in e.validator_value}
    if own and own <= needing:
        return _violation(name, "missing_required_parameter", f"Missing required parameter: '{name}'.")
    return [e for e in inner if e.schema_path[0] not in needing]


def _union_violations(error: SchemaError, prefix: str) -> Iterator[Violation]:
    inner = _branch_errors(error)
    if inner and isinstance(error.instance, dict) and "discriminator" in error.schema:
        chosen = _discriminated(error, inner, prefix)
        if isinstance(chosen, dict):
            yield chosen
            return
        inner = chosen
    if inner:
        for e in inner:
            yield from violations_of(e, prefix)
        return
    expected = [b.get("type") for b in error.validator_value if "type" in b]
    yield _type_violation(param_name(error.absolute_path, prefix), expected, error.instance)


def _type_violation(param: str, expected: Any, instance: Any) -> Violation:
    flat: list[str] = []
    for t in expected if isinstance(expected, list) else [expected]:
        flat.extend([t] if isinstance(t, str) else t)
    message = (
        f"Invalid type for '{param}': expected {_expected_types(list(dict.fromkeys(flat)))}, "
        f"but got {type_phrase(instance)} instead."
    )
    return _violation(param, "invalid_type", message)


# keyword -> ("too long"/"too short", the bound's name, code), in the wording of the array
# lengths above: "Invalid 'text': string too long. Expected a string with maximum length 10,
# but got a string with length 12 instead."
_STRING_LENGTHS = {
    "maxLength": ("too long", "maximum", "string_above_max_length"),
    "minLength": ("too short", "minimum", "string_below_min_length"),
}


def _string_length(error: SchemaError, param: str, keyword: str) -> Violation:
    verdict, bound, code = _STRING_LENGTHS[keyword]
    message = (f"Invalid '{param}': string {verdict}. Expected a string with {bound} length "
               f"{error.validator_value}, but got a string with length {len(error.instance)} instead.")
    return _violation(param, code, message)


def violations_of(error: SchemaError, prefix: str = "") -> Iterator[Violation]:
    param = param_name(error.absolute_path, prefix)
    keyword = error.validator
    if keyword in ("anyOf", "oneOf", "not") and "x-error-message" in error.schema:
        # A rule across several fields, which names no single parameter: the schema words it.
        yield _violation(param or None, "invalid_value", error.schema["x-error-message"])
    elif keyword == "required":
        for missing in [key for key in error.validator_value if key not in error.instance]:
            name = param_name([*error.absolute_path, missing], prefix)
            yield _violation(name, "missing_required_parameter", f"Missing required parameter: '{name}'.")
    elif keyword == "additionalProperties":
        for key in sorted(set(error.instance) - set(error.schema.get("properties", {})),
                          key=list(error.instance).index):
            name = param_name([*error.absolute_path, key], prefix)
            yield _violation(name, "unknown_parameter", f"Unknown parameter: '{name}'.")
    elif keyword == "type":
        yield _type_violation(param, error.validator_value, error.instance)
    elif keyword == "enum":
        yield _violation(param, "invalid_value", _invalid_value(error.instance, error.validator_value))
    elif keyword in ("minItems", "maxItems"):
        yield _length(error, param)
    elif keyword == "pattern":
        message = (f"Invalid '{param}': string does not match pattern. Expected a string that matches "
                   f"the pattern '{error.validator_value}'.")
        yield _violation(param, "invalid_value", message)
    elif keyword in ("minimum", "maximum"):
        yield _range(error, param, keyword[:3])
    elif keyword in ("oneOf", "anyOf"):
        yield from _union_violations(error, prefix)
    elif keyword in _STRING_LENGTHS:
        yield _string_length(error, param, keyword)
    elif keyword in ("minProperties", "maxProperties"):
        bound = "at least" if keyword == "minProperties" else "at most"
        names = supported_values(list(error.schema.get("properties", {})))
        yield _violation(param or None, "invalid_value", f"Give {bound} {error.validator_value} of {names}.")
    else:
        raise ValueError(f"contract keyword {keyword!r} at {param!r} has no OpenAI error mapping")


_SEPARATOR = re.compile(r"[.\[]")


def _document_order(body: Any, prefix: str, wanted: set[str]) -> dict[str, int]:
    """The relative position, depth first, of each `wanted` parameter in the body and of
    each node on the way to one. Iterative, as bodies may nest deeply. A node's name is
    its parent's with `.key` or `[i]` added (or the bare key, under a parent named ""), so
    only a node named "" or like the start of a wanted parameter up to a `.` or `[` can
    lead to one: the walk goes down those alone, and stops once every wanted parameter is
    placed. The nodes it skips would only have widened the gaps between positions."""
    names = {name for name in wanted if isinstance(name, str)}
    on_the_way = {name[:at.start()] for name in names for at in _SEPARATOR.finditer(name)} | names | {""}
    order: dict[str, int] = {}
    pending: list[tuple[Any, str]] = [(body, prefix)]
    position = placed = 0
    while pending and placed < len(names):
        value, name = pending.pop()
        if name not in order:
            order[name] = position
            placed += name in names
        position += 1
        if isinstance(value, dict):
            children = ((child, f"{name}.{key}" if name else str(key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            children = ((value[i], f"{name}[{i}]") for i in range(len(value) - 1, -1, -1))
        else:
            continue
        pending.extend(child for child in children if child[1] in on_the_way)
    return order


def _place(param: str | None, order: dict[str, int]) -> float:
    """Where a parameter sits in the body; one that is not there (a missing parameter)
    sits where its nearest present parent does: parents in body order, as the rest."""
    if param is None:
        return float("inf")
    if param in order:
        return order[param]
    for at in reversed(list(_SEPARATOR.finditer(param))):
        if param[:at.start()] in order:
            return order[param[:at.start()]]
    return order.get("", float("inf"))


def _found(errors: Iterable[SchemaError], prefix: str) -> Iterator[Violation]:
    for error in errors:
        yield from violations_of(error, prefix)


def collect_violations(
    errors: Iterable[SchemaError], body: Any, *, prefix: str = "", limit: int | None = MAX_VIOLATIONS
) -> list[Violation]:
    """The violations the schema `errors` in `body` show (at most `limit` of them, taken
    lazily), deduplicated and in reporting order."""
    found = list(islice(_found(errors, prefix), limit))
    typed = {v["param"] for v in found if v["code"] == "invalid_type"}
    unique = {(v["param"], v["code"]): v for v in found
              if v["code"] == "invalid_type" or v["param"] not in typed}
    if len(unique) < 2:  # nothing to order; walking the body for positions would be wasted
        return list(unique.values())
    order = _document_order(body, prefix, {v["param"] for v in unique.values()})

    def key(v: Violation) -> tuple[int, float]:
        return _RANK.get(v["code"], 3), _place(v["param"], order)

    return sorted(unique.values(), key=key)


def first_error(violations: list[Violation]) -> InvalidRequestError:
    first = violations[0]
    return InvalidRequestError(first["message"], param=first["param"], code=first["code"])
