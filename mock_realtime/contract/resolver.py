"""`$ref` resolution among one snapshot's schemas, in plain Python: the defaults filler
follows references with it at start-up, without loading the jsonschema stack."""

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
