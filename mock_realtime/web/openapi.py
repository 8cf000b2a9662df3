"""The OpenAPI 3.1 document served at /openapi.json, built from the served snapshots: every
endpoint their manifests list, with the schemas it reads and answers embedded as
components (named by their titles). References between contract files, and within one,
are rewritten to point at those components."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from mock_realtime import __version__
from mock_realtime.contract.shape import Endpoint
from mock_realtime.contract.snapshot import Contract

ERROR_STATUSES = {
    "400": "The body is not JSON, not an object, or breaks the contract.",
    "401": "No API key, or a key this mock does not accept.",
    "413": "The body is larger than the configured limit.",
}
Names = dict[str, str]  # a schema's $id -> its component name


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _component(schema: dict[str, Any], names: Names) -> dict[str, Any]:
    component = copy.deepcopy(schema)
    own = component.pop("$id", "")
    component.pop("$schema", None)
    for node in _walk(component):
        ref = node.get("$ref")
        if isinstance(ref, str):
            target, _, fragment = ref.partition("#")
            address = urljoin(own, target) if target else own
            node["$ref"] = f"#/components/schemas/{names[address]}{fragment}"
    return component


def _referenced(contract: Contract, roles: Iterable[str]) -> list[dict[str, Any]]:
    """The schemas named by `roles` and every schema they refer to, in a stable order."""
    by_id = {s["$id"]: s for s in contract.schemas.values()}
    found: dict[str, dict[str, Any]] = {}
    pending = [contract.schemas[role] for role in roles]
    while pending:
        schema = pending.pop(0)
        if schema["$id"] in found:
            continue
        found[schema["$id"]] = schema
        for node in _walk(schema):
            ref = node.get("$ref")
            target = ref.partition("#")[0] if isinstance(ref, str) else ""
            if target and urljoin(schema["$id"], target) in by_id:
                pending.append(by_id[urljoin(schema["$id"], target)])
    return list(found.values())


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _operation(contract: Contract, endpoint: Endpoint, names: Names) -> dict[str, Any]:
    request, answer = (names[contract.schemas[role]["$id"]] for role in (endpoint.request, endpoint.response))
    error = names[contract.error_schema["$id"]]
    responses = {"200": _json(answer, "The session, with an ephemeral client secret.")}
    responses.update({status: _json(error, text) for status, text in ERROR_STATUSES.items()})
    return {
        "operationId": endpoint.operation_id,
        "summary": endpoint.summary,
        "description": contract.manifest["description"],
        "tags": ["Realtime"],
        "security": [{"ApiKeyAuth": []}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}},
        },
        "responses": responses,
    }


def _names(contracts: list[Contract]) -> tuple[Names, dict[str, dict[str, Any]]]:
    """Component names: each schema's title, with its snapshot's name added where two differ."""
    names: Names = {}
    schemas: dict[str, dict[str, Any]] = {}
    for contract in contracts:
        roles = [role for e in contract.endpoints for role in (e.request, e.response)] + ["error"]
        for schema in _referenced(contract, roles):
            name = schema["title"]
            if name in schemas and schemas[name] != schema:
                name = f"{name}_{re.sub(r'[^A-Za-z0-9]', '_', contract.name)}"
            names[schema["$id"]] = name
            schemas[name] = schema
    return names, schemas


def build_openapi(served: Contract | Iterable[Contract]) -> dict[str, Any]:
    contracts = [served] if isinstance(served, Contract) else list(served)
    names, schemas = _names(contracts)
    paths: dict[str, Any] = {}
    for contract in contracts:
        for endpoint in contract.endpoints:
            paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(contract, endpoint, names)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mock-realtime",
            "version": __version__,
            "description": "Contract snapshots: " + ", ".join(c.name for c in contracts) + ".",
        },
        "paths": paths,
        "components": {
            "schemas": {name: _component(schema, names) for name, schema in schemas.items()},
            "securitySchemes": {"ApiKeyAuth": {"type": "http", "scheme": "bearer"}},
        },
    }
