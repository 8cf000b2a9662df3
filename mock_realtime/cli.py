"""The `mock-realtime` command. Options for `serve` are generated from the Settings
fields, so each setting has exactly one flag and one MOCK_REALTIME_* variable.
Heavy imports wait until a command runs, to keep start-up fast."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import click

from mock_realtime import __version__
from mock_realtime.settings import Settings, env_var, setting_fields

_TYPES: dict[str, Any] = {
    "str": str, "int": int, "int | None": int, "float": float, "bool": bool, "tuple[str, ...]": str
}


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a click command with one option per Settings field."""
    for f in reversed(setting_fields()):
        flag = "--" + f.name.replace("_", "-")
        kwargs: dict[str, Any] = {
            "envvar": env_var(f.name),
            "show_envvar": True,
            "help": f.metadata["help"],
            "type": _TYPES[str(f.type)],
            "show_default": True,
        }
        if f.metadata["multiple"]:
            kwargs.update(multiple=True, default=())
        else:
            kwargs["default"] = f.default
        if str(f.type) == "bool":
            flag = f"{flag}/--no-{flag[2:]}"
        command = click.option(flag, f.name, **kwargs)(command)
    return command


def settings_from(options: dict[str, Any]) -> Settings:
    names = {f.name for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list | tuple) else v for k, v in options.items()}
    return Settings(**{k: v for k, v in values.items() if k in names})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mock-realtime")
def main() -> None:
    """A strict, faithful mock of OpenAI's Realtime session endpoint."""


@main.command()
@settings_options
def serve(**options: Any) -> None:
    """Serve the mock (127.0.0.1:8000 unless told otherwise)."""
    from mock_realtime.server import run

    try:
        settings = settings_from(options)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    run(settings)
