"""One checker per schema: "valid?" on the hot path, every violation otherwise.

The schema is compiled once (jsonschema_rs, the choice keyword `x-choice-references`
included), and that compiled check's verdict is final. A body it refuses is explained by
the Python validator (jsonschema), which words errors as OpenAI does, pointed only at the
top-level properties the compiled check found failing; when a problem sits at the root (a
missing or unknown parameter, a wrong type), the whole body is walked, since root rules
read the whole body. A choice rule the compiled check found broken is worded here, once,
and merged in where the schema declares it, so the order is the full walk's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from mock_realtime.contract.choice_references import (
    CHOICE_KEYWORD,
    ChoiceKeyword,
    choice_reference_errors,
)
from mock_realtime.contract.compiled_errors import LeafError, leaf_errors
from mock_realtime.contract.violations import (
    MAX_VIOLATIONS,
    SchemaError,
    Violation,
    collect_violations,
    first_error,
)

if TYPE_CHECKING:
    import jsonschema

__all__ = ["RequestChecker", "schema_validator"]

# Where choice rules sit: the body path to the object they constrain, and the rules.
ChoiceRules = tuple[tuple[str, ...], list[dict[str, Any]]]


def schema_validator(schema: dict[str, Any], resources: Iterable[dict[str, Any]] = ()) -> jsonschema.Validator:
    """The full Python validator, the choice keyword included: the walk whose errors every
    checker's violations match. `resources` are the schemas `$ref`s may point into."""
    import jsonschema  # slow to import; a server that sees only valid requests never needs it
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    def check_choices(validator: Any, rules: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "object"):
            yield from choice_reference_errors(rules, instance)

    extended = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {CHOICE_KEYWORD: check_choices}
    )
    # Registered without `$schema`: jsonschema switches to a plain validator class when a
    # `$ref` enters a resource that names its dialect, which would drop the choice keyword.
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], DRAFT202012.create_resource({k: v for k, v in s.items() if k != "$schema"}))
        for s in resources if "$id" in s
    )
    full: jsonschema.Validator = extended(schema, registry=registry)
    return full


def choice_locations(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[ChoiceRules]:
    """Where the choice keyword is declared through nested `properties`: those rules the
    checker words itself. One reached only through a `$ref` or a union is still checked (the
    compiled check runs it wherever it sits) and is worded by the Python walk."""
    found: list[ChoiceRules] = [(path, schema[CHOICE_KEYWORD])] if CHOICE_KEYWORD in schema else []
    for key, subschema in schema.get("properties", {}).items():
        if isinstance(subschema, dict):
            found.extend(choice_locations(subschema, (*path, key)))
    return found


def _object_at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


class RequestChecker:
    """A body checked against one schema: `is_valid` for the hot path, `violations` to explain."""

    def __init__(self, schema: dict[str, Any], *, resources: Iterable[dict[str, Any]] = ()) -> None:
        self.schema = schema
        by_id = {s["$id"]: s for s in reversed(list(resources)) if "$id" in s}  # the first one wins
        self._resources = list(by_id.values())
        registry = jsonschema_rs.Registry([(s["$id"], s) for s in self._resources])
        self._compiled = jsonschema_rs.validator_for(
            schema, registry=registry, keywords={CHOICE_KEYWORD: ChoiceKeyword}
        )
        self._choices = dict(choice_locations(schema))
        self._properties: dict[str, Any] = schema.get("properties", {})
        keywords = list(schema)
        after = keywords[keywords.index(CHOICE_KEYWORD) + 1:] if CHOICE_KEYWORD in schema else []
        self._after_choices = set(after)

    def is_valid(self, body: Any) -> bool:
        return bool(self._compiled.is_valid(body))

    def violations(self, body: Any, *, prefix: str = "", limit: int | None = MAX_VIOLATIONS) -> list[Violation]:
        """The violations in `body` (the first `limit` found; None for all), in reporting
        order; `prefix` names where the body sits in a larger message (`session`)."""
        return collect_violations(self._errors(body), body, prefix=prefix, limit=limit)

    def check(self, body: Any) -> None:
        """Raise OpenAI's 400 for the first violation in `body`, if it has any."""
        if not self.is_valid(body):
            violations = self.violations(body)
            if violations:  # the Python validator has the last word
                raise first_error(violations)

    @cached_property
    def _plain(self) -> Any:
        """The Python walk without the declared choice keywords, which are worded apart.
        Built when the first body needs explaining: start-up should not wait for it."""
        return schema_validator(_strip_choices(self.schema), self._resources)

    def _errors(self, body: Any) -> Iterator[SchemaError]:
        """The full walk's errors, in its order, with each broken choice rule worded once."""
        failing, broken_at, leaves = self._compiled_failures(body)
        broken = self._broken_choices(body, broken_at)
        walked = self._walked(body, failing, leaves)
        if not broken:
            yield from walked
            return
        placed = False  # the walk goes keyword by keyword, in the schema's order
        for error in walked:
            if not placed and error.relative_schema_path and error.relative_schema_path[0] in self._after_choices:
                yield from broken
                placed = True
            yield error
        if not placed:
            yield from broken

    def _broken_choices(self, body: Any, paths: Iterable[tuple[Any, ...]]) -> list[SchemaError]:
        broken: list[SchemaError] = []
        for path in paths:
            for error in choice_reference_errors(self._choices[path], _object_at(body, path)):
                error.path.extendleft(reversed(path))
                broken.append(error)
        return broken

    def _walked(self, body: Any, failing: list[str] | None,
                leaves: dict[str, list[LeafError]]) -> Iterator[SchemaError]:
        """The Python walk over only what the compiled check refused (all of it for None),
        but for the properties whose compiled errors already say all it would."""
        if failing is None:
            yield from self._plain.iter_errors(body)
            return
        for key in failing:
            if key in leaves:
                yield from leaves[key]
                continue
            for error in self._plain.descend(body[key], self._properties[key], path=key, schema_path=key):
                error.relative_schema_path.appendleft("properties")  # as the properties keyword adds
                yield error

    def _compiled_failures(
        self, body: Any
    ) -> tuple[list[str] | None, list[tuple[Any, ...]], dict[str, list[LeafError]]]:
        """What the compiled check refused: the top-level properties, in body order (None when
        the root itself failed), the declared choice rules found broken, and the properties
        whose errors read as the Python walk's."""
        if not isinstance(body, dict) or _has_long_array(body):
            return None, list(self._choices), {}  # walked whole; each declared rule worded if broken
        failing: dict[str, list[Any]] = {}
        broken_at: list[tuple[Any, ...]] = []
        root_failed = False
        for error in self._compiled.iter_errors(body):
            path = tuple(error.instance_path)
            if error.schema_path and error.schema_path[-1] == CHOICE_KEYWORD and path in self._choices:
                broken_at.append(path)
            elif not path or path[0] not in self._properties:
                root_failed = True
            else:
                failing.setdefault(path[0], []).append(error)
        if root_failed:
            return None, broken_at, {}
        mapped = {key: leaf_errors(self.schema, errors) for key, errors in failing.items()}
        leaves = {key: found for key, found in mapped.items() if found is not None}
        return [key for key in body if key in failing], broken_at, leaves


def _has_long_array(body: dict[str, Any]) -> bool:
    """The compiled check lists every failure at once, and a 1 MiB `tools` array can fail
    in 80,000 places; past the violation cap the Python walk, which stops when asked, is
    the cheaper one."""
    return any(isinstance(value, list) and len(value) > MAX_VIOLATIONS for value in body.values())


def _strip_choices(schema: Any) -> Any:
    """The schema without the choice keyword, where `properties` nest: the walk then leaves
    the rule to the one evaluation above."""
    if not isinstance(schema, dict):
        return schema
    stripped = {k: v for k, v in schema.items() if k != CHOICE_KEYWORD}
    if isinstance(schema.get("properties"), dict):
        stripped["properties"] = {k: _strip_choices(v) for k, v in schema["properties"].items()}
    return stripped
