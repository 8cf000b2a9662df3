"""The start-up banner: where to point each client, logged once the server listens (so a
`--port 0` banner names the real port). Like Prism's, it goes through the same logging as
every other line, to stderr: with `--log-format json` it is one JSON object whose fields
(base_url, websocket_url, admin_url, demo_url, ca_file, snapshots, endpoints, event_loop) sit
at its top level."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from mock_realtime import __version__

if TYPE_CHECKING:
    from mock_realtime.state import MockState
    from mock_realtime.web.tls import TLSFiles

BANNER_LOGGER = "mock_realtime.banner"
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # listening on all: reach it on loopback


def banner_fields(state: MockState, *, host: str, port: int, tls: TLSFiles | None) -> dict[str, Any]:
    host = _WILDCARDS.get(host, host)
    authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    root, ws_root = (f"https://{authority}", f"wss://{authority}") if tls else (f"http://{authority}", f"ws://{authority}")
    admin = state.settings.admin
    return {
        "base_url": f"{root}/v1",
        "websocket_url": ws_root + state.contract.websocket_path,
        "admin_url": f"{root}/__mock/" if admin else None,
        "demo_url": f"{root}/__mock/demo" if admin else None,
        "ca_file": tls.ca_file if tls else None,
        "certfile": tls.certfile if tls else None,
        "snapshots": [contract.name for contract in state.contracts],
        "endpoints": [f"{served.endpoint.method} {served.endpoint.path}" for served in state.served],
        "event_loop": running_loop(),
    }


def running_loop() -> str | None:
    """The event loop the banner is logged from, as `--loop` names it: read from the loop
    itself, not from the setting. None outside one."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"


def banner_text(fields: dict[str, Any]) -> str:
    """The lines a person reads; the first is the headline JSON mode keeps as `message`."""
    base, socket = fields["base_url"], fields["websocket_url"]
    lines = [
        f"mock-realtime {__version__} is serving snapshots {', '.join(fields['snapshots'])}",
        f"  SDK base URL  {base}   (OPENAI_BASE_URL, or base_url=)",
        f"  Endpoints     {', '.join(fields['endpoints'])}",
        f"  WebSocket     {socket}   (Python SDK: websocket_base_url={socket.rsplit('/', 1)[0]})",
        f"  Admin API     {fields['admin_url'] or 'off (--no-admin)'}",
        f"  Demo page     {fields['demo_url'] or 'off (--no-admin)'}",
    ]
    if fields["ca_file"]:
        lines.append(f"  CA file       {fields['ca_file']}   (SSL_CERT_FILE for Python, NODE_EXTRA_CA_CERTS for Node)")
    elif fields["certfile"]:
        lines.append(f"  Certificate   {fields['certfile']}   (trust the CA that issued it)")
    else:
        lines.append("  TLS           off: Node's OpenAIRealtimeWS always opens wss://; serve with --self-signed DIR")
    return "\n".join(lines)


def log_banner(fields: dict[str, Any]) -> None:
    logging.getLogger(BANNER_LOGGER).info(banner_text(fields), extra={"fields": fields})
