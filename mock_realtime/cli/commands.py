"""The `mock-realtime` command. Options for `serve` are generated from the Settings
fields, so each setting has exactly one flag and one MOCK_REALTIME_* variable.
Heavy imports wait until a command runs, to keep start-up fast."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import click

from mock_realtime import __version__
from mock_realtime.cli.field_options import ContractFieldsCommand
from mock_realtime.settings import DEFAULT_CONTRACTS, Settings, env_var, setting_fields

DEFAULT_BASE_URL = "https://api.openai.com/v1"  # the SDKs' default

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
            "type": click.Choice(f.metadata["choices"]) if f.metadata["choices"] else _TYPES[str(f.type)],
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
    from mock_realtime.contract.snapshot import load_contract
    from mock_realtime.state import served_endpoints
    from mock_realtime.store.redis_link import missing_client_message
    from mock_realtime.web.server import run
    from mock_realtime.web.tls import check_tls_extra

    try:
        settings = settings_from(options)
        # A snapshot that is not there, or two that claim one path, is a usage error, not a traceback.
        served_endpoints(tuple(load_contract(name) for name in settings.served_contracts))
        check_tls_extra(settings)
    except (ValueError, LookupError) as error:
        raise click.UsageError(str(error.args[0] if isinstance(error, LookupError) else error)) from None
    if settings.store != Settings.store and (missing := missing_client_message(settings.store)):
        raise click.UsageError(missing)
    try:
        run(settings)
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after its graceful shutdown: a normal stop
        raise SystemExit(130) from None


def contract_option(help: str, default: str = DEFAULT_CONTRACTS[0]) -> Callable[..., Any]:
    return click.option("--contract", default=default, envvar=env_var("contract"),
                        show_default=True, show_envvar=True, help=help)


def client_options(config_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options of a command that calls the API as the SDKs do: where, with which key,
    what body (`config_help` says how field options combine with it), and how long to wait."""
    options = [
        click.option("--base-url", envvar="OPENAI_BASE_URL", default=DEFAULT_BASE_URL, show_default=True,
                     show_envvar=True, help="The API's base URL, ending in its version (/v1), as for the SDKs."),
        click.option("--api-key", envvar="OPENAI_API_KEY", required=True, show_envvar=True,
                     help="Sent as 'Authorization: Bearer KEY'."),
        click.option("--config", type=click.File("rb"),
                     help=f"A JSON file (or -) holding the request body; {config_help}"),
        click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the answer."),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Human-readable lines, or one JSON array of results.")
@contract_option("Which contract snapshot to check against.")
def validate(files: tuple[str, ...], output_format: str, contract: str) -> None:
    """Check request bodies (FILE..., or - for stdin) against the contract, offline.

    Exit status: 0 all valid, 1 any invalid (unparseable JSON included), 2 any unreadable."""
    import json

    from mock_realtime.cli.validate import check_sources, exit_code, text_report

    try:
        outcomes = check_sources(files, contract=contract)
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="--contract") from None
    if output_format == "json":
        click.echo(json.dumps([o.as_json() for o in outcomes], indent=2))
    else:
        click.echo(text_report(outcomes))
    raise SystemExit(exit_code(outcomes))


@main.command("create-session", cls=ContractFieldsCommand)
@client_options("field options override its keys.")
@contract_option("Which snapshot describes the field options' types.")
def create_session(base_url: str, api_key: str, config: Any, timeout: float, contract: str,
                   **fields: Any) -> None:
    """POST a session configuration to any server speaking this API; print {"status", "body"}.

    Exit status: 0 for a 2xx answer, 1 for any other answer, 2 for a usage error,
    3 when no answer came (connection refused, timeout)."""
    from mock_realtime.cli.create_session import run_create_session

    raise SystemExit(run_create_session(
        base_url=base_url, api_key=api_key, config=config, timeout=timeout, contract=contract, options=fields
    ))


def _client_secret_fields() -> dict[str, Any]:
    from mock_realtime.cli.field_options import endpoint_properties

    top, session = endpoint_properties("ga", "client_secrets")
    return {**session, **top}


@main.command("create-client-secret", cls=ContractFieldsCommand, fields=_client_secret_fields)
@client_options("field options override its keys (session fields inside its session).")
@contract_option("Which snapshot's client_secrets endpoint describes the field options.", default="ga")
def create_client_secret(base_url: str, api_key: str, config: Any, timeout: float, contract: str,
                         **fields: Any) -> None:
    """POST a GA client secret request (POST /v1/realtime/client_secrets) to any server speaking
    this API; print {"status", "body"}. Session fields (--type, --model, --audio, ...) go inside
    the request's session; --expires-after stays at the top.

    Exit status: 0 for a 2xx answer, 1 for any other answer, 2 for a usage error,
    3 when no answer came (connection refused, timeout)."""
    from mock_realtime.cli.create_session import CLIENT_SECRETS, run_create_session

    raise SystemExit(run_create_session(
        base_url=base_url, api_key=api_key, config=config, timeout=timeout, contract=contract, options=fields,
        endpoint=CLIENT_SECRETS,
    ))
