"""The OpenAPI 3.1 document served at /openapi.json, built from the contract's schemas.
Schemas are embedded as components; references between contract files are rewritten
to point at those components."""

from __future__ import annotations

import copy
from typing import Any

from mock_realtime import __version__
from mock_realtime.contract.snapshot import Contract

ERROR_STATUSES = {
    "400": "The body is not JSON, not an object, or breaks the contract.",
    "401": "No API key, or a key this mock does not accept.",
    "413": "The body is larger than the configured limit.",
}


def _component(schema: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    component = copy.deepcopy(schema)
    component.pop("$schema", None)
    component.pop("$id", None)

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and "#" in ref and not ref.startswith("#"):
                target, fragment = ref.split("#", 1)
                node["$ref"] = f"#/components/schemas/{names[target.rsplit('/', 1)[-1]]}{fragment}"
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(component)
    return component


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def build_openapi(contract: Contract) -> dict[str, Any]:
    schemas = {
        contract.manifest["request"]: contract.request_schema,
        contract.manifest["response"]: contract.response_schema,
        contract.manifest["error"].rsplit("/", 1)[-1]: contract.error_schema,
    }
    names = {file: schema["title"] for file, schema in schemas.items()}
    request, session, error = (names[f] for f in schemas)
    responses = {"200": _json(session, "The session, with an ephemeral client secret.")}
    responses.update({status: _json(error, text) for status, text in ERROR_STATUSES.items()})
    operation = {
        "operationId": contract.manifest["endpoint"]["operation_id"],
        "summary": "Create an ephemeral API token for use in client-side applications.",
        "description": contract.manifest["description"],
        "tags": ["Realtime"],
        "security": [{"ApiKeyAuth": []}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}},
        },
        "responses": responses,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mock-realtime",
            "version": __version__,
            "description": f"Contract snapshot {contract.name}.",
        },
        "paths": {contract.path: {contract.method.lower(): operation}},
        "components": {
            "schemas": {names[f]: _component(s, names) for f, s in schemas.items()},
            "securitySchemes": {"ApiKeyAuth": {"type": "http", "scheme": "bearer"}},
        },
    }
