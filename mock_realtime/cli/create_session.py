"""`mock-realtime create-session` and its GA twin `create-client-secret`: a request body from
--config and field options, sent with the standard-library client; the raw answer printed as
{"status", "body"}."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from mock_realtime.cli._client import post_json
from mock_realtime.cli.field_options import FIELD_PREFIX, endpoint_properties, fields_from_options, request_properties

EXIT_OK, EXIT_NOT_2XX, EXIT_NO_ANSWER = 0, 1, 3
CLIENT_SECRETS = "client_secrets"  # the GA endpoint's name in its snapshot's manifest


def endpoint_url(base_url: str, contract_path: str) -> str:
    """The URL as the OpenAI SDKs build it: a base URL ending in the API version (`/v1`) plus the
    endpoint's path below that version, so `/v1/realtime/sessions` below `http://host/v1` is
    `http://host/v1/realtime/sessions`."""
    below_version = contract_path.lstrip("/").partition("/")[2]
    return f"{base_url.rstrip('/')}/{below_version}"


def config_body(config: IO[bytes] | None) -> dict[str, Any]:
    if config is None:
        return {}
    try:
        body = json.loads(config.read())
    except ValueError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="--config") from None
    if not isinstance(body, dict):
        raise click.BadParameter("must hold a JSON object", param_hint="--config")
    return body


def request_body(config: IO[bytes] | None, options: dict[str, Any], contract: str) -> dict[str, Any]:
    """The config file's fields, overridden by the fields given as options."""
    return {**config_body(config), **fields_from_options(options, request_properties(contract))}


def secret_request_body(config: IO[bytes] | None, options: dict[str, Any], contract: str) -> dict[str, Any]:
    """The config file's fields, overridden by the options: the request's own at the top, the
    session config's where the endpoint holds it (GA: under `session`)."""
    from mock_realtime.contract.pointers import get, put
    from mock_realtime.contract.snapshot import load_contract

    top, session = endpoint_properties(contract, CLIENT_SECRETS)
    pointer = next(e for e in load_contract(contract).endpoints if e.name == CLIENT_SECRETS).session_config
    body = {**config_body(config), **fields_from_options({k: v for k, v in options.items()
                                                           if k[len(FIELD_PREFIX):] in top}, top)}
    fields = fields_from_options({k: v for k, v in options.items() if k[len(FIELD_PREFIX):] not in top}, session)
    held = get(body, pointer)
    return put(body, pointer, {**(held if isinstance(held, dict) else {}), **fields}) if fields else body


def endpoint_path(contract: str, endpoint: str | None = None) -> str:
    from mock_realtime.contract.snapshot import load_contract

    try:
        snapshot = load_contract(contract)
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="--contract") from None
    chosen = next((e for e in snapshot.endpoints if endpoint in (None, e.name)), None)
    if chosen is None:
        raise click.BadParameter(f"snapshot {contract!r} serves no {endpoint} endpoint", param_hint="--contract")
    return chosen.path


def run_create_session(*, base_url: str, api_key: str, config: IO[bytes] | None, timeout: float,
                       contract: str, options: dict[str, Any], endpoint: str | None = None) -> int:
    """POST the body to the snapshot's first endpoint (or the one named), print {status, body}."""
    path = endpoint_path(contract, endpoint)
    if endpoint == CLIENT_SECRETS:
        body = secret_request_body(config, options, contract)
    else:
        body = request_body(config, options, contract)
    url = endpoint_url(base_url, path)
    try:
        answer = post_json(url, api_key=api_key, body=body, timeout=timeout)
    except OSError as error:  # refused, unreachable, timed out, reset: no HTTP answer at all
        click.echo(f"mock-realtime: no answer from {url}: {getattr(error, 'reason', error)}", err=True)
        return EXIT_NO_ANSWER
    click.echo(json.dumps(answer.as_json(), indent=2))
    return EXIT_OK if 200 <= answer.status < 300 else EXIT_NOT_2XX
