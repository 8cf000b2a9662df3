"""A protocol's words for the conversation, read from contracts/protocols/<name>.json:
the wire name of each event, the fields items and responses carry, and where in the
session each setting lives. The engine speaks logical names only; beta and GA differ
only in this data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson

from mock_realtime.contract.snapshot import contracts_dir

_MISSING = object()


def _pointer(document: Any, pointer: str) -> Any:
    """A JSON pointer's value, or _MISSING where the path does not exist."""
    value = document
    for key in pointer.lstrip("/").split("/"):
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def _filled(template: Any, config: dict[str, Any]) -> Any:
    """The template with each "/pointer" leaf replaced by that setting; absent ones left out."""
    if isinstance(template, dict):
        filled = {key: _filled(value, config) for key, value in template.items()}
        return {key: value for key, value in filled.items() if value is not _MISSING}
    return _pointer(config, template)


@dataclass(frozen=True)
class Vocabulary:
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def event(self, logical: str) -> str | None:
        """The wire type for a logical event; None where the protocol sends nothing."""
        events: dict[str, str | None] = self.data["events"]
        return events.get(logical, logical)

    def item(self, item: dict[str, Any]) -> dict[str, Any]:
        """An item as this protocol shows it (beta items carry `object: realtime.item`)."""
        return {"id": item["id"], **self.data["item_fields"], **{k: v for k, v in item.items() if k != "id"}}

    def assistant_content(self, kind: str) -> str:
        return str(self.data["assistant_content"][kind])

    def delta_extra(self, wire_type: str) -> str | None:
        """The random-text field this protocol adds to a delta (GA: `obfuscation`)."""
        extra: str | None = self.data["delta_fields"].get(wire_type)
        return extra

    def arguments_done_fields(self) -> list[str]:
        return list(self.data["arguments_done_fields"])

    def setting(self, config: dict[str, Any], key: str, default: Any = None) -> Any:
        value = _pointer(config, self.data["settings"][key])
        return default if value is _MISSING else value

    def response_fields(self, config: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = _filled(self.data["response_fields"], config)
        return fields

    def usage_modalities(self) -> list[str]:
        return list(self.data["usage_modalities"])

    def codec(self, audio_format: Any) -> str:
        """pcm16, g711_ulaw or g711_alaw for a format value (beta: a name; GA: {type, rate})."""
        name = audio_format.get("type") if isinstance(audio_format, dict) else audio_format
        return str(self.data["audio_formats"].get(name, "pcm16"))


@cache
def load_vocabulary(protocol: str) -> Vocabulary:
    path = contracts_dir() / "protocols" / f"{protocol}.json"
    return Vocabulary(orjson.loads(path.read_bytes()))
