"""Running the app under uvicorn, in the foreground (CLI) or in a thread (tests, plugin)."""

from __future__ import annotations

import gc
import socket
import threading
from typing import Any

import uvicorn

from mock_realtime.settings import Settings
from mock_realtime.web._uvicorn import GuardedWebSocketProtocol, ObservedServer, guarded_protocol
from mock_realtime.web.app import create_app
from mock_realtime.web.banner import banner_fields, log_banner
from mock_realtime.web.connection_budget import ConnectionBudget
from mock_realtime.web.log_config import log_config
from mock_realtime.web.tls import TLSFiles, tls_files


def event_loop(settings: Settings, tls: TLSFiles | None) -> str:
    """The loop `--loop` names; for `auto`, uvloop under TLS and asyncio's otherwise. Over
    TLS, asyncio's transport at times left a wss:// handshake unread until the client gave
    up (3 of 19 runs of the TLS tests; none of 14 on uvloop), so TLS keeps uvloop and
    its tail under saturation."""
    if settings.loop != "auto":
        return settings.loop
    return "uvloop" if tls else "asyncio"


def uvicorn_config(app: Any, settings: Settings, *, tls: TLSFiles | None = None, **overrides: Any) -> uvicorn.Config:
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "lifespan": "off",
        "http": guarded_protocol(
            header_timeout=settings.header_timeout, body_timeout=settings.body_timeout,
            budget=ConnectionBudget(total=settings.max_connections, per_client=settings.max_client_connections),
        ),
        "ws": GuardedWebSocketProtocol,
        "loop": event_loop(settings, tls),
        "timeout_graceful_shutdown": settings.shutdown_timeout,
        "ws_max_size": settings.max_body_bytes,  # a WebSocket message is capped like a request body
        "access_log": False,  # the AccessLog middleware logs each request instead
        **(tls.uvicorn_options() if tls else {}),
        **overrides,
    }
    return uvicorn.Config(app, **options)


def run(settings: Settings) -> None:
    if settings.workers > 1:
        from mock_realtime.web.workers import run_workers

        config = uvicorn_config(None, settings, tls=tls_files(settings), log_level="info",
                                log_config=log_config(settings.log_format))
        run_workers(config, settings)
        return
    app, tls = create_app(settings), tls_files(settings)
    config = uvicorn_config(app, settings, tls=tls, log_level="info", log_config=log_config(settings.log_format))

    def announce(host: str, port: int) -> None:
        log_banner(banner_fields(app.state.mock, host=host, port=port, tls=tls))

    # Everything built so far lives as long as the process: frozen, it is left out of every
    # later garbage collection, which shortens the full collections that stall requests.
    # No collection first: start-up leaves no garbage to free (none was found), and a
    # collection of everything built would add a twentieth to the time to the first answer.
    gc.freeze()
    ObservedServer(config, on_ready=announce).run()


class ThreadedServer:
    """A real uvicorn server on a pre-bound loopback socket, in a daemon thread; over TLS when
    the settings ask for it (`base_url` is then https://, and `tls.ca_file` the CA to trust)."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.tls = tls_files(settings)
        ipv6 = ":" in settings.host
        self._socket = socket.create_server((settings.host, settings.port),
                                            family=socket.AF_INET6 if ipv6 else socket.AF_INET)
        host, port = self._socket.getsockname()[:2]
        self.base_url = f"{'https' if self.tls else 'http'}://{f'[{host}]' if ipv6 else host}:{port}"
        self._server = ObservedServer(uvicorn_config(app, settings, tls=self.tls))
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._server.ready.set()  # wake start() even if start-up failed

    def start(self, timeout: float = 30) -> ThreadedServer:
        self._thread.start()
        self._server.ready.wait(timeout)
        if not self._server.started:
            raise RuntimeError("the mock server did not start")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
