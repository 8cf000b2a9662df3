"""An oracle independent of the mock: OpenAI's published request schema, copied unmodified
into realtime_session_create_request.json, with the prose rules of `prose.py` laid on
top. It answers one question: would the real API accept this body?"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from tests.properties.oracle import prose

HERE = Path(__file__).resolve().parent
OFFICIAL = HERE / "realtime_session_create_request.json"


def official_document() -> dict[str, Any]:
    return json.loads(OFFICIAL.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _at(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    node = schema
    for token in pointer.strip("/").split("/"):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _object_nodes(node: dict[str, Any], pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    declared = node.get("type")
    if declared == "object" or (isinstance(declared, list) and "object" in declared):
        found.append((pointer, node))
    for key, child in node.get("properties", {}).items():
        found.extend(_object_nodes(child, f"{pointer}/properties/{key}"))
    if isinstance(node.get("items"), dict):
        found.extend(_object_nodes(node["items"], f"{pointer}/items"))
    return found


def oracle_schema() -> dict[str, Any]:
    """The official schema with every prose rule applied."""
    schema = copy.deepcopy(official_document()["schema"])
    for pointer, keywords, _quote in prose.PATCHES:
        _at(schema, pointer).update(copy.deepcopy(keywords))
    for pointer in prose.OPEN_OBJECTS:
        _at(schema, pointer)  # an exception must name a real place
    for pointer, node in _object_nodes(schema):
        if pointer not in prose.OPEN_OBJECTS:
            node["additionalProperties"] = False
    return schema


def _is_integer(_checker: Any, value: Any) -> bool:
    if isinstance(value, bool) and not prose.BOOLEANS_ARE_NUMBERS:
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(_checker: Any, value: Any) -> bool:
    if isinstance(value, bool) and not prose.BOOLEANS_ARE_NUMBERS:
        return False
    return isinstance(value, int | float)


@cache
def _validator() -> Any:
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    )
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)
    return cls(oracle_schema())


def _tool_choice_ok(body: dict[str, Any]) -> bool:
    rule = prose.TOOL_CHOICE
    choice = body.get(str(rule["property"]))
    if not isinstance(choice, str):
        return True  # its type is the schema's concern
    list_key, name_key = rule["names"]
    declared = body.get(list_key)
    names = [t.get(name_key) for t in declared if isinstance(t, dict)] if isinstance(declared, list) else []
    return choice in rule["keywords"] or choice in names


def accepts(body: Any) -> bool:
    """Whether the real API would answer 200 to this JSON body."""
    return isinstance(body, dict) and _validator().is_valid(body) and _tool_choice_ok(body)
