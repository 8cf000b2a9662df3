"""Every uvicorn-specific trick in one place: its httptools and WebSocket protocols with
guards for hostile clients, a server that says when it listens, and dropping a connection
without an answer. Nothing else in the package reaches into uvicorn's internals.

uvicorn's httptools protocol gets three guards for hostile clients.

uvicorn times out idle keep-alive connections, but nothing else on the way in:
a client that connects and trickles its headers (or sends none) holds its
connection for ever, and httptools buffers a request head of any size. So here:

- a request's head must be complete within `header_timeout` seconds of the
  connection opening or of the request's first byte, or the client gets 408;
- its body may pause for at most `body_timeout` seconds between two reads (while
  the app is reading it), or the client gets 408 too;
- a head larger than MAX_HEAD_BYTES, counted as it arrives up to its blank line,
  or with more than MAX_HEADER_FIELDS headers, gets 431;
- requests uvicorn cannot parse get their 400 in OpenAI's envelope rather than
  uvicorn's plain text;
- a WebSocket handshake the websockets parser would refuse (a line over 8 KiB,
  more than 128 headers) gets 431 before the upgrade: websockets' own answer is
  never written by uvicorn, so the client would wait for ever.

Each of these answers closes the connection, as HTTP asks when a request cannot
be framed. They never reach the app, so they are not journaled."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from functools import partial
from typing import Any

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol, RequestResponseCycle
from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import MAX_LINE_LENGTH, MAX_NUM_HEADERS
from websockets.protocol import State

from mock_realtime.errors import APIError
from mock_realtime.web.connection_budget import ConnectionBudget
from mock_realtime.web.held_writes import HeldWrites

MAX_HEAD_BYTES = 65_536
# The ASGI scope extension holding an asyncio.Event set when the client disconnects.
DISCONNECTED = "mock_realtime.disconnected"
# Each header is a pair of objects in the ASGI scope, which the journal keeps: 12,000 tiny
# ones cost 1.4 MB per entry. Node allows 2,000; nginx and Apache about 100.
MAX_HEADER_FIELDS = 1000
_DISCONNECT_WAIT_SECONDS = 5
# What a WebSocket client may leave unread beyond one whole message (pongs, mostly).
OUTGOING_SLACK = 1_048_576
# Most bytes one read of a connection takes. asyncio's socket transport reads into a fresh
# buffer of its max_size (256 KiB) and shrinks it to what came: under load that churn
# fragments the heap, and RSS grew 8.7 MB over a million requests; at 16 KiB it stays flat
# (+1 MB), as it does under uvloop, which reads into a buffer of its own.
READ_BYTES = 16_384
# The websockets parser's own limits on a handshake (websockets.http11).
MAX_UPGRADE_HEADERS = MAX_NUM_HEADERS
MAX_UPGRADE_LINE_BYTES = MAX_LINE_LENGTH


def head_timeout_error(seconds: float) -> APIError:
    return APIError(
        f"The request headers did not arrive within {seconds:g} seconds.", status=408, code="request_timeout"
    )


def too_many_headers_error() -> APIError:
    return APIError(
        f"Too many request headers: the limit is {MAX_HEADER_FIELDS}.",
        status=431,
        code="request_headers_too_large",
    )


def body_timeout_error(seconds: float) -> APIError:
    return APIError(
        f"The request body stopped arriving for {seconds:g} seconds.", status=408, code="request_timeout"
    )


def head_too_large_error() -> APIError:
    return APIError(
        f"Request headers too large: the limit is {MAX_HEAD_BYTES} bytes.",
        status=431,
        code="request_headers_too_large",
    )


def unparseable_error() -> APIError:
    return APIError("Invalid HTTP request received.", status=400)


def upgrade_head_too_large_error() -> APIError:
    return APIError(
        f"WebSocket handshake headers too large: at most {MAX_UPGRADE_HEADERS} headers "
        f"of at most {MAX_UPGRADE_LINE_BYTES} bytes each.",
        status=431,
        code="request_headers_too_large",
    )


def upgrade_head_fits(url: bytes, headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the websockets parser takes this head, as uvicorn writes it out again for it."""
    if len(headers) > MAX_UPGRADE_HEADERS or len(url) + len(b"GET  HTTP/1.1\r\n") > MAX_UPGRADE_LINE_BYTES:
        return False
    return all(len(name) + len(value) + 4 <= MAX_UPGRADE_LINE_BYTES for name, value in headers)


def refusal(error: APIError, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """A whole response in OpenAI's envelope, for a request the app never sees."""
    body = orjson.dumps(error.envelope())
    head = [STATUS_LINE[error.status]]
    head += [name + b": " + value + b"\r\n" for name, value in default_headers]
    head.append(b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body))
    head.append(b"connection: close\r\n\r\n")
    return b"".join(head) + body


class _HeadTooLarge(Exception):
    """Raised inside a parser callback to stop httptools; uvicorn then calls send_400_response."""


class GuardedHttpProtocol(HttpToolsProtocol):
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    budget: ConnectionBudget | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._awaiting_body = False
        self._body_seen = 0.0  # loop time of the body's last read
        self._gone = asyncio.Event()  # set when the client's connection is lost
        self._cycles: list[RequestResponseCycle] = []  # the requests of this connection not yet answered
        self._reading_head = False
        self._counting_head = True  # until the head's blank line is seen in the raw bytes
        self._head_read = 0  # raw bytes of the head read so far
        self._head_tail = b""  # the last bytes read, in case the blank line spans two reads
        self._head_parsed = 0  # bytes of request line and headers the parser has handed over
        self._header_fields = 0
        self._refusal: APIError | None = None
        self._slot: str | None = None  # the client address whose connection slot this holds
        self._writes: HeldWrites | None = None  # what this connection's requests write

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if isinstance(getattr(transport, "max_size", None), int):  # asyncio's own transports
            transport.max_size = READ_BYTES  # type: ignore[attr-defined]  # kept by the WebSocket too
        self._writes = HeldWrites(transport, self.loop)
        self._slot = self._client_address() if self.budget is not None else None
        if self.budget is not None and self._slot is not None:
            self._refusal = self.budget.acquire(self._slot)
            if self._refusal is not None:
                self._slot = None  # refused, so it holds none; answered when its head arrives
        self._start_head()

    def _client_address(self) -> str | None:
        return self.client[0] if self.client else None

    def data_received(self, data: bytes) -> None:
        if self._counting_head and not self._count_raw_head(data):
            self._refuse(head_too_large_error())
            return
        super().data_received(data)
        if self._awaiting_body:
            self._body_seen = self.loop.time()
            if self._body_timer is None:
                self._body_timer = self.loop.call_later(self.body_timeout, self._body_idle)

    def _count_raw_head(self, data: bytes) -> bool:
        """Count the head as read, up to its blank line: whether it is still within the cap.
        httptools buffers a header that never ends, and hands over names and values without
        the separators and spaces around them, so the callbacks alone undercount."""
        seen = self._head_tail + data
        end = seen.find(b"\r\n\r\n")
        self._head_read += len(data) if end < 0 else end + 4 - len(self._head_tail)
        self._head_tail = seen[-3:]
        if end >= 0:
            self._counting_head, self._head_tail = False, b""
        return self._head_read <= MAX_HEAD_BYTES

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._reading_head:  # a new request on a kept-alive connection
            self._start_head()

    def on_url(self, url: bytes) -> None:
        self._count_parsed(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_parsed(len(name) + len(value) + 4)  # with ": " and CRLF, at the least
        self._header_fields += 1
        if self._header_fields > MAX_HEADER_FIELDS:
            self._refusal = too_many_headers_error()
            raise _HeadTooLarge
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_head()
        if self._refusal is not None:  # over the connection budget
            raise _HeadTooLarge  # stops the parser; send_400_response answers with the refusal
        # The app learns of a disconnect only by reading the body; a request that waits first
        # (a latency fault) would outlive its client without this.
        extensions: dict[str, Any] = self.scope.setdefault("extensions", {})
        extensions[DISCONNECTED] = self._gone
        super().on_headers_complete()
        if self.cycle is not None and not self.parser.should_upgrade():
            self._cycles = [c for c in self._cycles if not c.response_complete] + [self.cycle]
            self.cycle.transport = self._writes  # type: ignore[assignment]  # its head and body in one write
        self._awaiting_body = not self.parser.should_upgrade()  # until on_message_complete

    def on_response_complete(self) -> None:
        if self._writes is not None:
            self._writes.flush()
        super().on_response_complete()

    def on_message_complete(self) -> None:
        self._stop_body()
        self._counting_head, self._head_read = True, 0  # what follows is the next request's head
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """uvicorn tells only the newest request of a pipeline that its client is gone; the one
        being answered would wait for ever, and those queued behind it would run for nobody."""
        self._gone.set()
        self._release()
        if self._writes is not None:
            self._writes.drop()
        for cycle in self._cycles:
            if cycle is not self.cycle and not cycle.response_complete:
                cycle.disconnected = True
                cycle.message_event.set()
        self.pipeline.clear()
        self._stop_head()
        self._stop_body()
        super().connection_lost(exc)

    def handle_websocket_upgrade(self) -> None:
        """Heads the websockets parser would refuse get their 431 here, in OpenAI's envelope."""
        if not upgrade_head_fits(self.url, list(self.scope["headers"])):
            self._refuse(upgrade_head_too_large_error())
            return
        slot, self._slot = self._slot, None  # the WebSocket keeps this connection's slot
        super().handle_websocket_upgrade()
        protocol = self.transport.get_protocol()
        if isinstance(protocol, GuardedWebSocketProtocol):
            protocol.release_slot = partial(self.budget.release, slot) if self.budget and slot else None

    def _release(self) -> None:
        if self.budget is not None and self._slot is not None:
            self.budget.release(self._slot)
            self._slot = None

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to anything httptools cannot parse, here in OpenAI's envelope."""
        self._refuse(self._refusal or unparseable_error())

    def _count_parsed(self, size: int) -> None:
        self._head_parsed += size
        if self._head_parsed > MAX_HEAD_BYTES:
            self._refusal = head_too_large_error()
            raise _HeadTooLarge

    def _start_head(self) -> None:
        self._stop_head()
        self._reading_head = True
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _stop_head(self) -> None:
        self._reading_head = False
        self._head_parsed = self._header_fields = 0
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _stop_body(self) -> None:
        self._awaiting_body = False
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _body_idle(self) -> None:
        """An idle timeout between reads of the body, not a deadline for all of it."""
        self._body_timer = None
        now = self.loop.time()
        if self.flow.read_paused:  # the app has not taken what came: the client is not to blame
            self._body_seen = now
        if now - self._body_seen < self.body_timeout:
            self._body_timer = self.loop.call_later(self._body_seen + self.body_timeout - now, self._body_idle)
            return
        self._stop_body()
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()  # answered already (a 401 need not read the body): just hang up
        else:
            self._refuse(body_timeout_error(self.body_timeout))

    def _head_timed_out(self) -> None:
        self._head_timer = None
        self._refuse(head_timeout_error(self.header_timeout))

    def _refuse(self, error: APIError) -> None:
        """Answer in OpenAI's envelope without the app, then close: the request cannot be framed."""
        self._stop_head()
        if self._writes is not None:
            self._writes.flush()
        if self.transport.is_closing():
            return
        self.transport.write(refusal(error, self.server_state.default_headers))
        self.transport.close()


def guarded_protocol(
    *, header_timeout: float, body_timeout: float, budget: ConnectionBudget | None = None
) -> type[GuardedHttpProtocol]:
    """The protocol class for uvicorn.Config(http=...), with this server's timeouts and budget."""
    return type("GuardedHttpProtocol", (GuardedHttpProtocol,),
                {"header_timeout": header_timeout, "body_timeout": body_timeout, "budget": budget})


class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, with what a hostile client can make it do bounded."""

    release_slot: Callable[[], None] | None = None  # gives back the handshake's connection slot

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn and websockets log every connection at info ("[accepted]", "connection
        # open"), through the stack walk of a full LogRecord: 7% of a handshake's
        # CPU. The access log's one line per handshake says it; warnings and errors still pass.
        self.logger = self.conn.logger = _quiet_socket_logger()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        # A response's events go out a slice at a time, in one write (see held_writes).
        self.transport = HeldWrites(self.transport, self.loop)  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if self.release_slot is not None:
            self.release_slot()
            self.release_slot = None
        if isinstance(self.transport, HeldWrites):
            self.transport.drop()  # nobody reads it now
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.handshake_exc is not None and not self.handshake_initiated:
            # websockets refused the handshake and queued its 4xx, which uvicorn never
            # writes: the client would wait for ever, and shutdown would trip over it.
            # For a head it cannot read at all it queues no answer, so the mock gives its 400.
            self.handshake_initiated = self.handshake_complete = self.close_sent = True
            answer = b"".join(self.conn.data_to_send())
            self.transport.write(answer or refusal(unparseable_error(), self.default_headers))
            self.transport.close()

    def handle_ping(self) -> None:
        super().handle_ping()  # the pong is written at once, whether or not the client reads
        if self.transport.get_write_buffer_size() > outgoing_limit(self.config.ws_max_size):
            # A client that pings and never reads would grow this buffer without end; it cannot
            # read a close frame either, so the connection is dropped.
            self.transport.abort()

    def shutdown(self) -> None:
        if not self.handshake_initiated:  # no request to answer yet: uvicorn's 500 would assert
            self.transport.close()
            return
        super().shutdown()

    async def send(self, message: Any) -> None:
        if self.close_sent and self.handshake_complete and self.initial_response is None:
            # The protocol closed the connection itself (a frame it refused) while the app was
            # answering an earlier message: uvicorn raises RuntimeError for that send, and
            # logs a traceback; to the app it is a client that went away.
            raise ClientDisconnected
        await super().send(message)

    def send_receive_event_to_app(self) -> None:
        # uvicorn logs a traceback for every text frame that is not UTF-8, so a client could
        # fill the log; such a frame gets the same close (1007) with no log line at all.
        if self.curr_msg_data_type == "text" and not _is_utf8(self.frames):
            self.frames = []
            # A client may have begun the closing handshake in the same read: the connection
            # is then closing already, and the frame is dropped with nothing more to send.
            if not self.close_sent and self.conn.state is State.OPEN:
                self.conn.send_close(1007, "invalid UTF-8")
                self.handle_parser_exception()
            return
        super().send_receive_event_to_app()


_SOCKET_LOGGER = logging.getLogger("uvicorn.error.websocket")


def _quiet_socket_logger() -> logging.Logger:
    """uvicorn.error's child at WARNING: set when used, since configuring logging (uvicorn
    does, after import) resets an existing child logger's level."""
    if _SOCKET_LOGGER.level != logging.WARNING:
        _SOCKET_LOGGER.setLevel(logging.WARNING)
    return _SOCKET_LOGGER


def outgoing_limit(max_message_bytes: int | None) -> int:
    """The bytes a WebSocket may leave unread: its largest message, plus OUTGOING_SLACK."""
    return (max_message_bytes or 0) + OUTGOING_SLACK


def _is_utf8(frames: list[bytes]) -> bool:
    try:
        b"".join(frames).decode()
    except UnicodeDecodeError:
        return False
    return True


def _flush_log_handlers() -> None:
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger))]
    for logger in loggers:
        for handler in logger.handlers:
            handler.flush()


class MockServer(uvicorn.Server):
    """uvicorn.Server that hangs up the mock's WebRTC calls as it shuts down: their UDP
    sockets live on the server's loop, outside the connections uvicorn closes itself."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        state = getattr(getattr(self.config.app, "state", None), "mock", None)
        if state is not None:
            await state.calls.close_all()
        await super().shutdown(sockets=sockets)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn re-raises a captured SIGTERM as this context ends, which kills the process
        # before the loop's next iteration or atexit: log lines still batched would be lost.
        with super().capture_signals():
            try:
                yield
            finally:
                _flush_log_handlers()


class ObservedServer(MockServer):
    """uvicorn.Server that says when it is listening, so callers wait on an event, not a timer,
    and learn the address it bound (the real port when asked for port 0)."""

    def __init__(self, config: uvicorn.Config, *, on_ready: Callable[[str, int], None] | None = None) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self._on_ready is not None:
            host, port = self.servers[0].sockets[0].getsockname()[:2]  # uvicorn's asyncio servers
            self._on_ready(host, port)
        self.ready.set()


async def drop_connection(receive: Callable[[], Awaitable[MutableMapping[str, Any]]]) -> None:
    """Close the client's connection without sending a byte.

    ASGI has no message for this, so it is done on the server's transport: uvicorn's
    receive channel is a method of the object that holds it. Waiting for the disconnect
    event afterwards tells uvicorn the client is gone, so it neither answers nor logs."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if not callable(getattr(transport, "abort", None)):
        raise RuntimeError("a disconnect fault needs a real uvicorn server; this transport cannot be aborted")
    transport.abort()  # type: ignore[union-attr]
    async with asyncio.timeout(_DISCONNECT_WAIT_SECONDS):
        while (await receive())["type"] != "http.disconnect":
            pass


def supervise_workers(config: uvicorn.Config) -> None:
    """`config.workers` server processes sharing one bound socket, under uvicorn's supervisor
    (it restarts a worker that dies and stops them all on SIGTERM)."""
    from uvicorn.supervisors import Multiprocess

    Multiprocess(config, sockets=[config.bind_socket()]).run()
