"""The rules OpenAI's published request schema states only in prose, written once, as data.

Each entry quotes the sentence it comes from (RealtimeSessionCreateRequest at
openai/openai-openapi@25be478, or a live API capture where the API itself is the source) and
the JSON Schema keywords that say the same thing. `tests/properties/oracle` lays them on
top of the official schema; nothing here is read from the mock's own contract."""

from __future__ import annotations

# (JSON pointer into the official schema, keywords to add, the prose they come from)
PATCHES: tuple[tuple[str, dict[str, object], str], ...] = (
    (
        "/properties/modalities",
        {"type": "array"},
        'The set of modalities the model can respond with. To disable audio, set this to ["text"].',
    ),
    (
        "/properties/temperature",
        {"minimum": 0.6, "maximum": 1.2},
        "Sampling temperature for the model, limited to [0.6, 1.2].",
    ),
    (
        "/properties/max_response_output_tokens/oneOf/0",
        {"minimum": 1, "maximum": 4096},
        "Provide an integer between 1 and 4096 to limit output tokens, or `inf`.",
    ),
    (
        "/properties/input_audio_transcription",
        {"type": ["object", "null"]},
        "defaults to off and can be set to `null` to turn off once on.",
    ),
    (
        "/properties/input_audio_transcription/properties/model",
        {"enum": ["whisper-1"]},
        "`whisper-1` is the only currently supported model.",
    ),
    ("/properties/turn_detection", {"type": ["object", "null"]}, "Can be set to `null` to turn off."),
    (
        "/properties/turn_detection/properties/type",
        {"enum": ["server_vad"]},
        "Type of turn detection, only `server_vad` is currently supported.",
    ),
    (
        "/properties/turn_detection/properties/threshold",
        {"minimum": 0, "maximum": 1},
        "Activation threshold for VAD (0.0 to 1.0).",
    ),
    (
        "/properties/turn_detection/properties/prefix_padding_ms",
        {"minimum": 0},
        "Amount of audio to include before the VAD detected speech (in milliseconds): a duration.",
    ),
    (
        "/properties/turn_detection/properties/silence_duration_ms",
        {"minimum": 0},
        "Duration of silence to detect speech stop (in milliseconds): a duration.",
    ),
)

# Unknown keys are refused at every level (the live API answers `Unknown parameter:
# 'client_secret.expires_at'.`), except inside a function's
# `parameters`, which is a JSON Schema of the caller's own.
OPEN_OBJECTS: tuple[str, ...] = ("/properties/tools/items/properties/parameters",)

# "How the model chooses tools. Options are `auto`, `none`, `required`, or specify a
# function." A function is specified by a name declared in the same body's tools.
TOOL_CHOICE = {
    "property": "tool_choice",
    "keywords": ("auto", "none", "required"),
    "names": ("tools", "name"),
}

# JSON's true and false are never numbers, whatever the reading language says
# (Python: isinstance(True, int)); an integer is any number without a fraction (1.0 too).
BOOLEANS_ARE_NUMBERS = False
