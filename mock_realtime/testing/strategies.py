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

from mock_realtime.contract.choice_references import CHOICE_KEYWORD, allowed_choices
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
    """Request bodies for POST /v1/realtime/sessions that the contract accepts."""
    return _drafts(contract).valid


def invalid_session_configs(
    *, contract: str | Contract = "2024-12-17", rules: Iterable[str] | None = None
) -> st.SearchStrategy[InvalidConfig]:
    """Bodies that break exactly one rule: any rule, or only those named in `rules`."""
    drafts = _drafts(contract)
    known = {rule.name: rule for rule in contract_rules(drafts.schema)}
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
    return _Drafts(contract.request_schema) if isinstance(contract, Contract) else _named_drafts(contract)


@cache
def _named_drafts(name: str) -> _Drafts:
    return _Drafts(load_contract(name).request_schema)


class _Drafts:
    """Valid and broken bodies for one request schema; strategies built once, reused."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.nodes = SchemaValues()
        self.breaker = Breaker(schema, self.nodes)
        self.choices: list[dict[str, Any]] = schema.get(CHOICE_KEYWORD, [])
        self.valid = st.composite(lambda draw: self._choose(draw, draw(self.nodes.values(schema))))()

    def _choose(self, draw: Any, body: dict[str, Any]) -> dict[str, Any]:
        for choice in self.choices:
            if choice["property"] in body:
                body[choice["property"]] = draw(st.sampled_from(allowed_choices(choice, body)))
        return body

    def _repair(self, body: Any) -> Any:
        """Point a choice that a break left dangling back at a fixed value, so one rule stays broken."""
        for choice in self.choices:
            value = body.get(choice["property"]) if isinstance(body, dict) else None
            if isinstance(value, str) and value not in allowed_choices(choice, body):
                body = {**body, choice["property"]: choice["enum"][0]}
        return body

    def breaking(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        if rule.keyword == CHOICE_KEYWORD:
            return self._breaking_choice(rule)
        steps, edit = route(self.schema, rule), self.breaker.edit(rule)

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body, place = self.breaker.apply(draw, draw(self.valid), steps, edit)
            return InvalidConfig(self._repair(body), rule.name, json_param(place), rule.code)

        return broken()

    def _breaking_choice(self, rule: Rule) -> st.SearchStrategy[InvalidConfig]:
        choice = self.choices[int(rule.detail or 0)]

        @st.composite
        def broken(draw: Any) -> InvalidConfig:
            body = draw(self.valid)
            taken = allowed_choices(choice, body)
            body[choice["property"]] = draw(st.text().filter(lambda name: name not in taken))
            return InvalidConfig(body, rule.name, choice["property"], rule.code)

        return broken()
