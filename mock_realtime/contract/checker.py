"""One checker per schema: "valid?" on the hot path, every violation otherwise.

The schema is compiled once (jsonschema_rs, the choice keyword `x-choice-references`
included where a `$ref` or a union reaches it; where nested `properties` do, its rules
are evaluated beside it), and that verdict is final. A body it refuses is explained by
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

from mock_realtime.contract.branches import Branch, TaggedProperty, placed_under, tagged_properties
from mock_realtime.contract.choice_references import (
    CHOICE_KEYWORD,
    ChoiceKeyword,
    ChoiceVerdict,
    choice_reference_errors,
)
from mock_realtime.contract.compiled_errors import is_small, leaf_errors
from mock_realtime.contract.unions import tagged_union
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

    standard = jsonschema.Draft202012Validator.VALIDATORS
    extended = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator,
        {CHOICE_KEYWORD: check_choices, "oneOf": tagged_union(standard["oneOf"]),
         "anyOf": tagged_union(standard["anyOf"])},
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
        # The choice rules reached through `properties` are settled beside the compiled
        # check, by verdicts prepared once (as a keyword inside it they cost a third of the
        # check); those behind a `$ref` or a union stay compiled in, wherever they sit.
        self._compiled = jsonschema_rs.validator_for(
            _strip_choices(schema), registry=registry, keywords={CHOICE_KEYWORD: ChoiceKeyword}
        )
        self._choices = dict(choice_locations(schema))
        self._verdicts = [(path, ChoiceVerdict(rules)) for path, rules in self._choices.items()]
        self._properties: dict[str, Any] = schema.get("properties", {})
        keywords = list(schema)
        after = keywords[keywords.index(CHOICE_KEYWORD) + 1:] if CHOICE_KEYWORD in schema else []
        self._after_choices = set(after)
        self._branch_checkers: dict[str, RequestChecker] = {}

    def is_valid(self, body: Any) -> bool:
        return bool(self._compiled.is_valid(body)) and all(
            verdict.holds(_object_at(body, path)) for path, verdict in self._verdicts
        )

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
        failing, broken_at = self._compiled_failures(body)
        broken = self._broken_choices(body, broken_at)
        walked = self._walked(body, failing)
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

    def _walked(self, body: Any, failing: list[str] | None) -> Iterator[SchemaError]:
        """The Python walk over only what the compiled check refused (all of it for None)."""
        if failing is None:
            yield from self._plain.iter_errors(body)
            return
        for key in failing:
            tagged = self._tagged.get(key)
            branch = tagged.branch_for(body[key]) if tagged is not None else None
            if branch is not None:  # the named schema's own checker, which walks only what fails
                yield from placed_under(self._checker_of(branch)._errors(body[key]), key, branch.schema_path)
                continue
            leaves = self._leaves(key, body[key])
            if leaves is not None:  # the compiled errors say all the walk would
                yield from leaves
                continue
            for error in self._plain.descend(body[key], self._properties[key], path=key, schema_path=key):
                error.relative_schema_path.appendleft("properties")  # as the properties keyword adds
                yield error

    @cached_property
    def _tagged(self) -> dict[str, TaggedProperty]:
        return tagged_properties(self.schema, self._resources)

    def _checker_of(self, branch: Branch) -> RequestChecker:
        """The checker of a branch schema, built when a body first needs it explained."""
        key = branch.schema["$id"]
        if key not in self._branch_checkers:
            self._branch_checkers[key] = RequestChecker(branch.schema, resources=self._resources)
        return self._branch_checkers[key]

    def _leaves(self, key: str, value: Any) -> list[Any] | None:
        """The compiled errors of one failing property, read as the walk's, when they are
        leaves (see compiled_errors) and few; None leaves the property to the walk."""
        parts = self._parts
        if parts is None or not is_small(value):
            return None
        return leaf_errors(self.schema, list(parts[key].iter_errors(value)), (key,))

    def _compiled_failures(self, body: Any) -> tuple[list[str] | None, list[tuple[Any, ...]]]:
        """What the compiled check refused: the top-level properties, in body order (None when
        the root itself failed), and the declared choice rules to word if broken. Only
        verdicts are asked for: listing the compiled errors would build every one of them,
        80,000 for a 1 MiB `tools` array, before the first could be read."""
        parts = self._parts
        if not isinstance(body, dict) or parts is None or not parts[None].is_valid(body):
            return None, list(self._choices)
        return [key for key in body if key in parts and not parts[key].is_valid(body[key])], list(self._choices)

    @cached_property
    def _parts(self) -> dict[str | None, Any] | None:
        """A compiled check of each top-level property, and of the root's own rules (None),
        the properties' contents left out; built when the first body needs explaining.
        None for a schema without an `$id` to point into: then the whole body is walked."""
        root_id = self.schema.get("$id")
        if not isinstance(root_id, str):
            return None
        documents = {s["$id"]: s for s in self._resources} | {root_id: self.schema}
        registry = jsonschema_rs.Registry(list(documents.items()))
        keywords: dict[str, Any] = {CHOICE_KEYWORD: ChoiceKeyword}

        def compiled(schema: dict[str, Any]) -> Any:
            return jsonschema_rs.validator_for(schema, registry=registry, keywords=keywords)

        parts: dict[str | None, Any] = {None: compiled(_shallow(self.schema, root_id))}
        for key in self._properties:
            pointer = key.replace("~", "~0").replace("/", "~1")
            parts[key] = compiled({"$ref": f"{root_id}#/properties/{pointer}"})
        return parts


def _shallow(schema: dict[str, Any], root_id: str) -> dict[str, Any]:
    """The root's own rules (required, unknown parameters, its type), every property
    accepted as it is: the properties are checked one by one, the choice rules in Python.
    It gets an `$id` of its own beside the schema's, so relative `$ref`s in the root's own
    rules (a union of events pointing into request.schema.json) still resolve."""
    shallow = {k: v for k, v in schema.items() if k != CHOICE_KEYWORD}
    folder, _, name = root_id.rpartition("/")
    shallow["$id"] = f"{folder}/root-rules-of-{name}"
    if isinstance(schema.get("properties"), dict):
        shallow["properties"] = dict.fromkeys(schema["properties"], True)
    return shallow


def _strip_choices(schema: Any) -> Any:
    """The schema without the choice keyword, where `properties` nest: the walk then leaves
    the rule to the one evaluation above."""
    if not isinstance(schema, dict):
        return schema
    stripped = {k: v for k, v in schema.items() if k != CHOICE_KEYWORD}
    if isinstance(schema.get("properties"), dict):
        stripped["properties"] = {k: _strip_choices(v) for k, v in schema["properties"].items()}
    return stripped
