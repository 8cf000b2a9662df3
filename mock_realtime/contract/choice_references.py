"""The contract's one custom keyword, `x-choice-references`. JSON Schema cannot say
"tool_choice must be auto, none, required, or the name of a tool declared in this same
body", so the contract states it as data, on the object that holds both:

    "x-choice-references": [
        {"property": "tool_choice", "enum": ["auto", "none", "required"],
         "names_from": "/tools/*/name"}
    ]

`property` is a key of that object, or a JSON pointer into it; `names_from` a pointer in
which `*` stands for every item of an array; `enum` (optional) the fixed choices. A rule
with `when` ({pointer: value}) applies only where each pointer holds its value, which is
how GA says "a function tool_choice names a declared function":

    {"property": "/tool_choice/name", "when": {"/tool_choice/type": "function"},
     "names_from": "/tools/*/name"}

The request checker (contract/checker.py) evaluates it through this module, for its verdict
(compiled in, wherever the keyword sits) and its explanation alike; the rule walk reads it too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mock_realtime.contract.pointers import get, tokens

if TYPE_CHECKING:  # jsonschema is slow to import; only invalid requests need it
    from jsonschema.exceptions import ValidationError

CHOICE_KEYWORD = "x-choice-references"


def property_path(rule: dict[str, Any]) -> list[str]:
    """The keys from the object holding the rule to the value it constrains."""
    prop: str = rule["property"]
    return list(tokens(prop)) if prop.startswith("/") else [prop]


def _select(document: Any, pointer: str) -> list[Any]:
    """Values at a JSON pointer in which `*` stands for every item of an array."""
    found = [document]
    for token in pointer.strip("/").split("/"):
        step: list[Any] = []
        for value in found:
            if token == "*" and isinstance(value, list):
                step.extend(value)
            elif isinstance(value, dict) and token in value:
                step.append(value[token])
        found = step
    return found


def allowed_choices(rule: dict[str, Any], body: dict[str, Any]) -> list[str]:
    names = [n for n in _select(body, rule["names_from"]) if isinstance(n, str)]
    return [*rule.get("enum", []), *names]


_ABSENT = object()


def _applies(rule: dict[str, Any], body: dict[str, Any]) -> bool:
    return all(get(body, pointer, _ABSENT) == value for pointer, value in rule.get("when", {}).items())


def choice_value(rule: dict[str, Any], body: dict[str, Any]) -> Any:
    """The value the rule constrains in `body`, or None when there is none."""
    node: Any = body
    for key in property_path(rule):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _broken_rules(rules: list[dict[str, Any]], body: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    if not isinstance(body, dict):
        return
    for rule in rules:
        value = choice_value(rule, body)
        if isinstance(value, str) and _applies(rule, body) and value not in allowed_choices(rule, body):
            yield rule, value


def choice_references_ok(rules: list[dict[str, Any]], body: Any) -> bool:
    return next(_broken_rules(rules, body), None) is None


def choice_reference_errors(rules: list[dict[str, Any]], body: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    for rule, value in _broken_rules(rules, body):
        allowed = allowed_choices(rule, body)
        yield ValidationError(
            f"{value!r} is not one of {allowed!r}",
            validator="enum",
            validator_value=allowed,
            instance=value,
            path=property_path(rule),
        )


class ChoiceVerdict:
    """Whether a body keeps its rules, as `choice_references_ok` says, asked on every
    request: each rule's path is split once and its fixed choices are a set, so a fixed
    choice ("auto") is settled without listing the names declared in the body."""

    __slots__ = ("_rules",)

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        self._rules = [(tuple(property_path(rule)), frozenset(rule.get("enum", [])),
                        tuple(rule.get("when", {}).items()), rule["names_from"]) for rule in rules]

    def holds(self, body: Any) -> bool:
        if not isinstance(body, dict):
            return True
        for path, fixed, when, names_from in self._rules:
            value: Any = body
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if not isinstance(value, str) or value in fixed:
                continue
            if all(get(body, pointer, _ABSENT) == expected for pointer, expected in when) and \
                    value not in _select(body, names_from):
                return False
        return True


class ChoiceKeyword:
    """The keyword for jsonschema_rs, so the compiled check evaluates it wherever it sits."""

    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self._rules: list[dict[str, Any]] = value
        self._verdict = ChoiceVerdict(value)

    def validate(self, instance: Any) -> None:
        if self._verdict.holds(instance):
            return
        for rule, value in _broken_rules(self._rules, instance):
            raise ValueError(f"{value!r} is not one of {allowed_choices(rule, instance)!r}")
