"""One checker per schema: "valid?" on the hot path, every violation otherwise.

The schema is compiled once (jsonschema_rs), and that compiled check's verdict is final:
a body it accepts, and whose choice rules hold, is valid. A body it refuses is explained
by the Python validator (jsonschema), which words errors as OpenAI does, pointed only at
the top-level properties the compiled check found failing; when a problem sits at the root
(a missing or unknown parameter, a wrong type), the whole body is walked, since root rules
read the whole body. The choice rule (`x-choice-references`) is evaluated once per body and
its errors merged in where the schema declares it, so the order is the full walk's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from mock_realtime.contract.choice_references import CHOICE_KEYWORD, choice_reference_errors, choice_references_ok
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
    from referencing import Registry, Resource

    def check_choices(validator: Any, rules: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "object"):
            yield from choice_reference_errors(rules, instance)

    extended = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {CHOICE_KEYWORD: check_choices}
    )
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in resources if "$id" in s
    )
    full: jsonschema.Validator = extended(schema, registry=registry)
    return full


def choice_locations(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[ChoiceRules]:
    """Every place the choice keyword is declared, found through nested `properties` (the one
    place a contract may declare it: a rule behind a `$ref` would escape the hot check)."""
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
        self._compiled = jsonschema_rs.validator_for(schema, registry=registry)
        self._choices = choice_locations(schema)
        self._properties: dict[str, Any] = schema.get("properties", {})
        keywords = list(schema)
        after = keywords[keywords.index(CHOICE_KEYWORD) + 1:] if CHOICE_KEYWORD in schema else []
        self._after_choices = set(after)

    def is_valid(self, body: Any) -> bool:
        if not self._compiled.is_valid(body):
            return False
        for path, rules in self._choices:  # a loop, not all(...): this runs for every request
            if not choice_references_ok(rules, _object_at(body, path) if path else body):
                return False
        return True

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
        """The Python walk without the choice keyword, which is evaluated apart, once. Built
        when the first body needs explaining: start-up should not wait for it."""
        return schema_validator(_strip_choices(self.schema), self._resources)

    def _errors(self, body: Any) -> Iterator[SchemaError]:
        """The full walk's errors, in its order, with the choice rule evaluated once."""
        broken = self._broken_choices(body)
        if not broken:
            yield from self._walked(body)
            return
        placed = False  # the walk goes keyword by keyword, in the schema's order
        for error in self._walked(body):
            if not placed and error.relative_schema_path and error.relative_schema_path[0] in self._after_choices:
                yield from broken
                placed = True
            yield error
        if not placed:
            yield from broken

    def _broken_choices(self, body: Any) -> list[SchemaError]:
        broken: list[SchemaError] = []
        for path, rules in self._choices:
            target = _object_at(body, path)
            if isinstance(target, dict) and not choice_references_ok(rules, target):
                for error in choice_reference_errors(rules, target):
                    error.path.extendleft(reversed(path))
                    broken.append(error)
        return broken

    def _walked(self, body: Any) -> Iterator[SchemaError]:
        """The Python walk, without the choice keyword, over only what the compiled check refused."""
        failing = self._failing_properties(body)
        plain = self._plain
        if failing is None:
            yield from plain.iter_errors(body)
            return
        for key in failing:
            for error in plain.descend(body[key], self._properties[key], path=key, schema_path=key):
                error.relative_schema_path.appendleft("properties")  # as the properties keyword adds
                yield error

    def _failing_properties(self, body: Any) -> list[str] | None:
        """Top-level properties the compiled check refused, in body order; None at the root."""
        if not isinstance(body, dict) or _has_long_array(body):
            return None
        failing = set()
        for error in self._compiled.iter_errors(body):
            if not error.instance_path or error.instance_path[0] not in self._properties:
                return None
            failing.add(error.instance_path[0])
        return [key for key in body if key in failing]


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
