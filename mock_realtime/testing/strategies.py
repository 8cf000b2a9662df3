"""Hypothesis strategies drawn from a contract, to fuzz request builders with.

- `session_configs()` draws request bodies the contract accepts;
- `invalid_session_configs()` draws bodies that break exactly one of its rules (see
  mock_realtime.contract.rules), each with the `param` and `code` of the 400 that answers it.

Both read everything from contracts/: a rule added there is drawn without code changes.
What JSON Schema cannot say (tool_choice naming a declared tool) comes from the
contract's `x-choice-references`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from mock_realtime.contract.choice_references import CHOICE_KEYWORD, allowed_choices, choice_value, property_path
from mock_realtime.contract.rules import Rule, contract_rules
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.testing._breaks import Breaker, route
from mock_realtime.testing._schema_values import SchemaValues

__all__ = ["InvalidConfig", "invalid_session_configs", "session_configs"]


@dataclass(frozen=True)
class InvalidConfig:
    """A body that breaks one rule (named by a JSON pointer into the request schema), and
    the `param` and `code` its 400 answer carries; `param` is None only when the body is
    not an object at all."""

    body: Any
    rule: str
    param: str | None
    code: str


def session_configs(*, contract: str | Contract = "2024-12-17") -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies the snapshot's endpoint accepts: POST /v1/realtime/sessions for the beta
    snapshots, POST /v1/realtime/client_secrets for `contract="ga"`."""
    return _drafts(contract).valid


def invalid_session_configs(
    *, contract: str | Contract = "2024-12-17", rules: Iterable[str] | None = None
) -> st.SearchStrategy[InvalidConfig]:
    """Bodies that break exactly one rule: any rule, or only those named in `rules`."""
    drafts = _drafts(contract)
    known = {rule.name: rule for rule in drafts.rules}
    wanted = list(known) if rules is None else list(rules)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"no such rules {unknown}; the contract has {sorted(known)}")
    return st.one_of([drafts.breaking(known[name]) for name in wanted])


def json_param(place: Iterable[str | int]) -> str | None:
    """OpenAI's name for a place in a body: dots between keys, [i] for items."""
    name: str | None = None
    for part in place:
        name = f"{name or ''}[{part}]" if isinstance(part, int) else (f"{name}.{part}" if name else part)
    return name


def _drafts(contract: str | Contract) -> _Drafts:
    return _Drafts(contract) if isinstance(contract, Contract) else _named_drafts(contract)


@cache
def _named_drafts(name: str) -> _Drafts:
    return _Drafts(load_contract(name))


Choices = list[tuple[tuple[str, ...], dict[str, Any]]]


def _choice_rules(schema: dict[str, Any], path: tuple[str, ...] = ()) -> Choices:
    """Every choice rule in the tree, with the body path to the object it sits on (through
    properties and union branches: GA's sits in the realtime session's config)."""
    found: Choices = [(path, rule) for rule in schema.get(CHOICE_KEYWORD, [])]
    for key, sub in schema.get("properties", {}).items():
        found.extend(_choice_rules(sub, (*path, key)))
    for branch in [*schema.get("oneOf", []), *schema.get("anyOf", [])]:
        found.extend(_choice_rules(branch, path))
    return found


def _object_at(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


class _Drafts:
    """Valid and broken bodies for one snapshot's request schema, drawn from it as one tree
    (references inlined); strategies built once, reused. A draw the contract's own checker
    refuses (a rule across fields, such as GA's "not both text and audio") is drawn again."""

    def __init__(self, contract: Contract) -> None:
        self.schema = contract.inlined("request")
        self.checker = contract.checker("request")
        self.nodes = SchemaValues()
        self.breaker = Breaker(self.schema, self.nodes)
        self.choices = _choice_rules(self.schema)
        # Choice rules are broken where they sit on the body itself (a nested one is kept whole).
        self.rules = [r for r in contract_rules(self.schema) if r.keyword != CHOICE_KEYWORD or not self.choices[
            int(r.detail or 0)][0]]
        drawn = st.composite(lambda draw: self._choose(draw, draw(self.nodes.values(self.schema))))()
        self.valid = drawn.filter(self.checker.is_valid)

    def _choose(self, draw: Any, body: dict[str, Any]) -> dict[str, Any]:
        for path, choice in self.choices:
            holder = _object_at(body, path)
            if isinstance(holder, dict) and isinstance(choice_value(choice, holder), str):
                names: list[Any] = allowed_choices(choice, holder) or [None]
                _set_choice(holder, choice, draw(st.sampled_from(names)))
        return body

    def _repair(self, body: Any) -> Any:
        """Point a choice that a break left dangling back at a fixed value, so one rule stays broken."""
        for path, choice in self.choices:
            holder = _object_at(body, path)
            value = choice_value(choice, holder) if isinstance(holder, dict) else None
            if isinstance(value, str) and value not in allowed_choices(choice, holder) and choice.get("enum"):
                _set_choice(holder, choice, choice["enum"][0])
        return body

    def breaking(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        if rule.keyword == CHOICE_KEYWORD:
            return self._breaking_choice(rule)
        steps, edit = route(self.schema, rule), self.breaker.edit(rule)

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body, place = self.breaker.apply(draw, draw(self.valid), steps, edit)
            return InvalidConfig(self._repair(body), rule.name, json_param(place), rule.code)

        return broken().filter(self._answers_as_promised)

    def _answers_as_promised(self, case: InvalidConfig) -> bool:
        """The break is the body's first violation, so the 400 carries the promised param and
        code (in a union, a break can also leave the body in no branch at all: drawn again)."""
        if self.checker.is_valid(case.body):
            return False
        first = self.checker.violations(case.body)  # in reporting order, as the 400 takes its first
        # A body that is no object names no parameter ("" to the checker, null in the answer).
        return bool(first) and (first[0]["param"] or None, first[0]["code"]) == (case.param, case.code)

    def _breaking_choice(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        choice = self.choices[int(rule.detail or 0)][1]

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body = draw(self.valid)
            taken = allowed_choices(choice, body)
            body[choice["property"]] = draw(st.text().filter(lambda name: name not in taken))
            return InvalidConfig(body, rule.name, choice["property"], rule.code)

        return broken()


def _set_choice(holder: dict[str, Any], choice: dict[str, Any], value: Any) -> None:
    *parents, last = property_path(choice)
    node = holder
    for key in parents:
        node = node[key]
    if value is None:  # nothing may be named: drop the choice
        del node[last]
    else:
        node[last] = value
