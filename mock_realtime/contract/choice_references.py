"""The contract's one custom keyword, `x-choice-references`, declared at the root of a
request schema. JSON Schema cannot say "tool_choice must be auto, none, required, or the
name of a tool declared in this same body", so the contract states it as data:

    "x-choice-references": [
        {"property": "tool_choice", "enum": ["auto", "none", "required"],
         "names_from": "/tools/*/name"}
    ]

The request checker evaluates it through this module, once per body, for its verdict and
its explanation alike (contract/checker.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is slow to import; only invalid requests need it
    from jsonschema.exceptions import ValidationError

CHOICE_KEYWORD = "x-choice-references"


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
    return [*rule["enum"], *names]


def _broken_rules(rules: list[dict[str, Any]], body: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    if not isinstance(body, dict):
        return
    for rule in rules:
        value = body.get(rule["property"])
        if isinstance(value, str) and value not in allowed_choices(rule, body):
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
            path=[rule["property"]],
        )
