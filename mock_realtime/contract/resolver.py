"""`$ref` resolution among one snapshot's schemas, in plain Python: the defaults filler
follows references with it at start-up, without loading the jsonschema stack, and the
Hypothesis strategies draw from the tree it inlines."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from mock_realtime.contract.pointers import get


class Resolver:
    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        self._by_id = {schema["$id"]: schema for schema in schemas.values() if "$id" in schema}

    def resolve(self, ref: str, base: str) -> tuple[dict[str, Any], str]:
        """The schema `ref` names, read from the schema whose `$id` is `base`, and its own base."""
        address, _, fragment = urljoin(base, ref).partition("#")
        document = self._by_id.get(address)
        target = None if document is None else get(document, fragment)
        if not isinstance(target, dict):
            raise LookupError(f"the contract's $ref {ref!r} (from {base!r}) names no schema")
        return target, address

    def inline(self, schema: dict[str, Any], base: str = "") -> dict[str, Any]:
        """`schema` with every `$ref` replaced by what it names (the `$ref`'s own siblings,
        such as a default, kept beside it): one tree for tools that cannot follow references.
        Contract schemas do not refer to themselves, so the tree is finite."""
        base = schema.get("$id", base)
        if isinstance(schema.get("$ref"), str):
            target, target_base = self.resolve(schema["$ref"], base)
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            return {**self.inline(target, target_base), **siblings}
        return {key: self._inline_value(value, base) for key, value in schema.items()}

    def _inline_value(self, value: Any, base: str) -> Any:
        if isinstance(value, dict):
            return self.inline(value, base)
        if isinstance(value, list):
            return [self._inline_value(item, base) for item in value]
        return value
