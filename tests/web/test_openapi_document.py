"""/openapi.json: an OpenAPI 3.1 document built from contracts/, every status documented."""

from __future__ import annotations

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from mock_realtime.contract.snapshot import load_contract
from tests.helpers import AUTH, MINIMAL

URL = "/v1/realtime/sessions"


@pytest.fixture
def document(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operation(document: dict) -> dict:
    return document["paths"][URL]["post"]


def test_document_is_openapi_3_1_with_bearer_auth(document) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["ApiKeyAuth"] == {"type": "http", "scheme": "bearer"}
    assert operation(document)["security"] == [{"ApiKeyAuth": []}]


def test_component_schemas_are_the_contract_files(document) -> None:
    contract = load_contract("2024-12-17")
    schemas = document["components"]["schemas"]
    request = {k: v for k, v in contract.request_schema.items() if k not in ("$schema", "$id")}
    assert schemas["RealtimeSessionCreateRequest"] == request
    assert schemas["RealtimeSession"]["required"] == contract.response_schema["required"]


def _validator(document: dict, status: str):  # type: ignore[no-untyped-def]
    schema = operation(document)["responses"][status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:doc", DRAFT202012.create_resource(document))
    return jsonschema.Draft202012Validator({"$ref": "urn:doc#" + schema["$ref"][1:]}, registry=registry)


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        pytest.param("200", MINIMAL, AUTH, id="200"),
        pytest.param("400", {"model": "nope"}, AUTH, id="400"),
        pytest.param("401", MINIMAL, {}, id="401"),
    ],
)
def test_each_status_is_documented_with_the_schema_its_body_matches(client, document, status, body, headers) -> None:
    response = client.post(URL, json=body, headers=headers)
    assert str(response.status_code) == status
    _validator(document, status).validate(response.json())


def test_413_is_documented(document) -> None:
    assert "413" in operation(document)["responses"]


def test_document_is_built_on_the_first_request_for_it_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up does not wait for the document, and later requests reuse it."""
    from starlette.testclient import TestClient

    from mock_realtime.web import app as app_module

    built: list[int] = []
    real = app_module.build_openapi
    monkeypatch.setattr(app_module, "build_openapi", lambda contracts: built.append(1) or real(contracts))
    app = app_module.create_app()
    assert built == []
    with TestClient(app) as client:
        first, second = client.get("/openapi.json"), client.get("/openapi.json")
    assert built == [1]
    assert first.json() == second.json()
    assert first.json()["openapi"] == "3.1.0"
