"""The GA oracle, independent of the mock: OpenAI's published RealtimeCreateClientSecretRequest
(openai/openai-openapi@f85dbe2, copied unmodified with the schemas it refers to into
realtime_create_client_secret_request.json), with the rules it states only in prose, or that
live captures show, laid on top. It answers: would the real API mint a secret for this body?"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.properties.oracle import _is_integer, _is_number

HERE = Path(__file__).resolve().parent
OFFICIAL = HERE / "realtime_create_client_secret_request.json"
C = "/components/schemas"
GA = f"{C}/RealtimeSessionCreateRequestGA/properties"
VAD = f"{C}/RealtimeTurnDetection/anyOf/0/oneOf/0/properties"
WHISPER = {"required": ["model"], "properties": {"model": {"enum": ["gpt-realtime-whisper"]}}}
NEW_TRANSCRIBERS = {"required": ["model"], "properties": {"model": {"enum": ["gpt-transcribe", "gpt-live-transcribe"]}}}

# (JSON pointer into the copied document, keywords to add, the prose or capture they come from)
PATCHES: tuple[tuple[str, dict[str, Any], str], ...] = (
    (f"{GA}/output_modalities", {"not": {"type": "array", "allOf": [{"contains": {"enum": ["text"]}},
                                                                    {"contains": {"enum": ["audio"]}}]}},
     "It is not possible to request both `text` and `audio` at the same time."),
    (f"{GA}/max_output_tokens/oneOf/0", {"minimum": 1, "maximum": 4096},
     "Provide an integer between 1 and 4096 to limit output tokens, or `inf` for the maximum available tokens."),
    (f"{VAD}/threshold", {"minimum": 0, "maximum": 1}, "Activation threshold for VAD (0.0 to 1.0)."),
    (f"{VAD}/prefix_padding_ms", {"minimum": 0}, "Amount of audio to include before the VAD detected speech "
                                                 "(in milliseconds): a duration."),
    (f"{VAD}/silence_duration_ms", {"minimum": 0}, "Duration of silence to detect speech stop (in milliseconds)."),
    (f"{GA}/tracing", {"oneOf": "+null"}, "`nullable: true` (OpenAPI 3.0's null): 'Set to null to disable tracing.'"),
    (f"{GA}/audio/properties/input/properties/noise_reduction", {"type": ["object", "null"]},
     "This can be set to `null` to turn off."),
    (f"{C}/RealtimeTranscriptionSessionCreateRequestGA/properties/audio/properties/input/properties/noise_reduction",
     {"type": ["object", "null"]}, "This can be set to `null` to turn off."),
    (f"{C}/AudioTranscription", {"type": ["object", "null"]},
     "Configuration for input audio transcription, defaults to off and can be set to `null` to turn off once on."),
    (f"{C}/VoiceIdsShared", {"anyOf": [{"type": "string", "enum": ["alloy", "ash", "ballad", "coral", "echo",
                                                                   "sage", "shimmer", "verse", "marin", "cedar"]}]},
     "Live: Invalid value: 'nova'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', "
     "'shimmer', 'verse', 'marin', and 'cedar'. (CI-ERRTAB 67258783872)"),
    (f"{GA}/audio/properties/input/properties/noise_reduction/properties", {"strength": {"type": "number"}},
     "openai 3.57.0 (PyPI): noise_reduction.strength, 'Higher values apply more suppression.'"),
    (f"{C}/RealtimeTranscriptionSessionCreateRequestGA/properties/audio/properties/input/properties/noise_reduction"
     "/properties", {"strength": {"type": "number"}}, "openai 3.57.0 (PyPI): noise_reduction.strength."),
    (f"{C}/AudioTranscription", {"allOf": [{"not": {"type": "object", **WHISPER, "required": ["model", "prompt"]}},
                                           {"not": {"type": "object", "required": ["delay"], "not": WHISPER}},
                                           {"not": {"type": "object", "anyOf": [{"required": ["languages"]},
                                                                                {"required": ["keywords"]}],
                                                    "not": NEW_TRANSCRIBERS}}]},
     "prompt: not supported with gpt-realtime-whisper; delay: only gpt-realtime-whisper; languages and keywords: "
     "only gpt-transcribe and gpt-live-transcribe."),
    (f"{C}/RealtimeTranscriptionSessionCreateRequestGA/properties/audio/properties/input",
     {"not": {"type": "object", "required": ["transcription"],
              "properties": {"transcription": {"type": "object", **WHISPER}},
              "not": {"required": ["turn_detection"], "properties": {"turn_detection": {"type": "null"}}}}},
     "For `gpt-realtime-whisper`, turn_detection must be null. Live: 'Turn detection is not supported for this "
     "transcription model.' (CI-ERRTAB 55368581872)"),
)
# Unknown keys are refused at every level (live: "Unknown parameter: 'session.temperature'."),
# except inside the caller's own maps (their values keep the published schema's rules).
OPEN = (f"{C}/RealtimeFunctionTool/properties/parameters", f"{GA}/tracing/oneOf/1/properties/metadata")


def official_document() -> dict[str, Any]:
    return json.loads(OFFICIAL.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _at(document: Any, pointer: str) -> Any:
    for token in pointer.strip("/").split("/"):
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def _close(node: Any, pointer: str) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _close(item, f"{pointer}/{i}")
    elif isinstance(node, dict):
        if pointer in OPEN:
            return
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for key, child in node.items():
            if key != "additionalProperties":
                _close(child, f"{pointer}/{key}")


def oracle_document() -> dict[str, Any]:
    document = copy.deepcopy(official_document())
    for pointer, keywords, _quote in PATCHES:
        node = _at(document, pointer)
        if keywords.get("oneOf") == "+null":
            node["oneOf"] = [*node["oneOf"], {"type": "null"}]
        elif "anyOf" in keywords and "anyOf" in node:
            node["anyOf"] = keywords["anyOf"]
        else:
            node.update(copy.deepcopy(keywords))
    for pointer in OPEN:
        _at(document, pointer)  # an exception must name a real place
    _close(document["components"], "/components")
    return document


@cache
def _validator() -> Any:
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    )
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)
    registry = Registry().with_resource("urn:oracle", DRAFT202012.create_resource(oracle_document()))
    return cls({"$ref": f"urn:oracle#{C}/RealtimeCreateClientSecretRequest"}, registry=registry)


def _names(tools: Any, kind: str, key: str) -> list[Any]:
    return [t.get(key) for t in tools if isinstance(t, dict) and t.get("type", "function") == kind] \
        if isinstance(tools, list) else []


def _tool_choice_ok(body: dict[str, Any]) -> bool:
    """'Choose a function tool declared in tools' / 'an MCP server declared in tools'."""
    session = body.get("session")
    choice = session.get("tool_choice") if isinstance(session, dict) else None
    if not isinstance(choice, dict):
        return True
    tools = session.get("tools") if isinstance(session, dict) else None
    if choice.get("type") == "function" and isinstance(choice.get("name"), str):
        return choice["name"] in _names(tools, "function", "name")
    if choice.get("type") == "mcp" and isinstance(choice.get("server_label"), str):
        return choice["server_label"] in _names(tools, "mcp", "server_label")
    return True


def accepts(body: Any) -> bool:
    """Whether the real API would answer 200 to this JSON body."""
    return isinstance(body, dict) and _validator().is_valid(body) and _tool_choice_ok(body)
