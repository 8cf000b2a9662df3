"""Command-line options for the request's fields, generated from the contract.

Each top-level property of any snapshot's request schema becomes `--kebab-name`, so a
new snapshot brings its new fields to `create-session` without code. Options are built
when the command runs (not when the CLI loads), keeping other commands fast.

Values are sent as typed: a field declared only as a string takes the text as it is;
any other field reads the text as JSON when it is JSON (`0.8`, `null`, `["text"]`) and
as a string otherwise (`inf`). Nothing is checked here: the server under test decides."""

from __future__ import annotations

import json
from typing import Any

import click

FIELD_PREFIX = "field_"


def request_properties(preferred: str | None = None) -> dict[str, Any]:
    """Every snapshot's request fields; where snapshots differ, `preferred` describes the field."""
    from mock_realtime.contract.snapshot import available_snapshots, load_contract

    names = [n for n in available_snapshots() if n != preferred] + ([preferred] if preferred else [])
    properties: dict[str, Any] = {}
    for name in names:
        properties.update(load_contract(name).request_schema.get("properties", {}))
    return properties


def option_for(name: str, schema: dict[str, Any]) -> click.Option:
    summary = schema.get("description") or f"The request's {name!r} field."
    metavar = "TEXT" if is_plain_string(schema) else "JSON"
    return click.Option(["--" + name.replace("_", "-"), FIELD_PREFIX + name], help=summary, metavar=metavar)


def is_plain_string(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string"


def typed_value(text: str, schema: dict[str, Any]) -> Any:
    if is_plain_string(schema):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def fields_from_options(options: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """{field: value} for every field option that was given."""
    return {
        key[len(FIELD_PREFIX):]: typed_value(text, properties[key[len(FIELD_PREFIX):]])
        for key, text in options.items()
        if key.startswith(FIELD_PREFIX) and text is not None
    }


def endpoint_properties(contract: str, endpoint: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """One endpoint's fields: those of the request itself, and those of the session config it
    holds (every session type's), which the manifest places elsewhere (GA: under `session`)."""
    from mock_realtime.contract.snapshot import load_contract

    snapshot = load_contract(contract)
    chosen = next(e for e in snapshot.endpoints if e.name == endpoint)
    holder = chosen.session_config.split("/")[1] if chosen.session_config else None
    top = {k: v for k, v in snapshot.schema(chosen.request).get("properties", {}).items() if k != holder}
    config: dict[str, Any] = {}
    for kind in snapshot.session_types.types.values():
        config.update(snapshot.schema(kind.config).get("properties", {}))
    return top, config


class ContractFieldsCommand(click.Command):
    """A click command that adds one option per request field, on first use. Without
    `fields`, the fields are every snapshot's request fields."""

    def __init__(self, *args: Any, fields: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields = fields or request_properties
        self._generated = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not self._generated:
            taken = {opt for param in self.params for opt in getattr(param, "opts", [])}
            for name, schema in self._fields().items():
                option = option_for(name, schema)
                if not taken.intersection(option.opts):  # a field never shadows a command option
                    self.params.append(option)
            self._generated = True
        return super().get_params(ctx)
