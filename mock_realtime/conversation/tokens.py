"""Text cut the way the model streams it, and the token counts usage reports.

Deltas are token-sized in live captures (`'pending'`, `' awaiting'`, `','`): here a
token is a word with its leading space, or a run of punctuation. Counts are estimates
with fixed rates, stated once here, so `usage` stays consistent: four characters of text
to a token, ten input-audio tokens and twenty output-audio tokens a second."""

from __future__ import annotations

import math
import re
from typing import Any

_TOKEN = re.compile(r"\s*[\w']+|\s*[^\w\s]+|\s+")
_CHARS_PER_TOKEN = 4
_INPUT_AUDIO_TOKENS_PER_SECOND = 10
_OUTPUT_AUDIO_TOKENS_PER_SECOND = 20
_ARGUMENT_CHUNK = 8
_TOKENS_PER_MINUTE = 40_000  # the live GA capture's limit


def text_tokens(text: str) -> list[str]:
    """Pieces that join back into `text` exactly."""
    return _TOKEN.findall(text)


def argument_chunks(arguments: str) -> list[str]:
    return [arguments[i:i + _ARGUMENT_CHUNK] for i in range(0, len(arguments), _ARGUMENT_CHUNK)] or [""]


def count_text(text: str) -> int:
    return math.ceil(len(text) / _CHARS_PER_TOKEN)


def count_input_audio(milliseconds: float) -> int:
    return math.ceil(milliseconds * _INPUT_AUDIO_TOKENS_PER_SECOND / 1000)


def count_output_audio(milliseconds: float) -> int:
    return math.ceil(milliseconds * _OUTPUT_AUDIO_TOKENS_PER_SECOND / 1000)


def usage(*, modalities: list[str], input_counts: dict[str, int], output_counts: dict[str, int]) -> dict[str, Any]:
    """A response's usage, keys in the captured order; nothing is ever cached."""
    inputs = {f"{kind}_tokens": input_counts.get(kind, 0) for kind in modalities}
    outputs = {"text_tokens": output_counts.get("text", 0), "audio_tokens": output_counts.get("audio", 0)}
    total_in, total_out = sum(inputs.values()), sum(outputs.values())
    return {
        "total_tokens": total_in + total_out,
        "input_tokens": total_in,
        "output_tokens": total_out,
        "input_token_details": {**inputs, "cached_tokens": 0,
                                "cached_tokens_details": {f"{kind}_tokens": 0 for kind in modalities}},
        "output_token_details": outputs,
    }


def rate_limits(used: int) -> list[dict[str, Any]]:
    """rate_limits.updated's list after a response that used `used` tokens of a fresh minute."""
    remaining = max(_TOKENS_PER_MINUTE - used, 0)
    return [{"name": "tokens", "limit": _TOKENS_PER_MINUTE, "remaining": remaining,
             "reset_seconds": round(60 * used / _TOKENS_PER_MINUTE, 3)}]
