"""A grammar of hostile requests for the protocol fuzzer: HTTP/1.x requests and
WebSocket sessions, drawn by Hypothesis and written out as the raw bytes a socket sends.
Each part is drawn from values that mean something to the server (its paths, its
headers, its framing) mixed with arbitrary bytes, so inputs reach past the parser."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

from hypothesis import strategies as st

from tests.reliability.catalogue import KEY, VALID
from tests.reliability.rawhttp import HOST, chunked

TOKEN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789", min_size=1, max_size=12)
ANY_LATIN1 = st.one_of(  # mostly values a parser takes, so requests get past it
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=40),
)
METHODS = st.sampled_from(["POST"] * 12 + ["GET", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
                           "post", "G\x00T", "", "POST POST"])
PATHS = st.one_of(  # the endpoint mostly, so that bodies reach the contract
    st.sampled_from(["/v1/realtime/sessions"] * 12 + ["/v1/realtime/sessions/", "/v1/realtime", "/__mock/health",
                     "/__mock/requests", "/__mock/faults", "/__mock/clock", "/__mock/sessions", "/__mock/reset",
                     "/__mock/secrets/ek_x", "/openapi.json", "/", "*", "//", "/v1/realtime/sessions?x=1#f",
                     "/%00", "/v1/realtime/../realtime/sessions", "http://127.0.0.1/v1/realtime/sessions"]),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=255), max_size=30).map(lambda p: "/" + p),
)
VERSIONS = st.sampled_from(["HTTP/1.1"] * 8 + ["HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "", "http/1.1"])
# X-Mock-Fault statuses of 500 and up are the one documented way to get a 5xx: left out.
FAULTS = st.sampled_from(["latency_ms=20", "status=429", "status=404", "disconnect", "nonsense", "count=2",
                          "status=999", "latency_ms=-1", "status=400;latency_ms=5"])
HEADER_VALUES = {
    "Authorization": st.sampled_from([f"Bearer {KEY}", "Bearer ek_123", "Basic x", "Bearer ", ""]),
    "Content-Type": st.sampled_from(["application/json", "text/plain", "application/x+json", "", "json;;"]),
    "Host": st.sampled_from([HOST, "localhost", "attacker.example", "[", "127.0.0.1:1", ""]),
    "Origin": st.sampled_from(["http://127.0.0.1", "http://attacker.example", "http://[", "null"]),
    "Cookie": st.sampled_from(["a=b", "session=secret; x", "=", ";;"]),
    "Expect": st.sampled_from(["100-continue", "nonsense"]),
    "Connection": st.sampled_from(["close", "keep-alive", "upgrade", "Upgrade, close"]),
    "Upgrade": st.sampled_from(["websocket", "h2c", "nonsense"]),
    "X-Mock-Fault": FAULTS,
    "X-Mock-Admin-Token": st.sampled_from(["x", ""]),
}
def mostly(weight: int = 4) -> st.SearchStrategy[bool]:
    """True `weight` times in `weight` + 1. Hypothesis leans towards a strategy's simplest value
    (0, False, the first of a list), so the usual case is put first."""
    return st.sampled_from([True] * weight + [False])


HEADERS = st.lists(st.one_of(
    st.sampled_from(sorted(HEADER_VALUES)).flatmap(lambda name: st.tuples(st.just(name), HEADER_VALUES[name])),
    st.tuples(TOKEN, ANY_LATIN1),
), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
SESSION_FIELDS = st.fixed_dictionaries({}, optional={
    "model": st.sampled_from(["gpt-4o-realtime-preview", "nope", 1]),
    "voice": st.sampled_from(["ash", "nope", None]),
    "temperature": st.one_of(st.floats(allow_nan=False), st.text(max_size=3)),
    "tools": st.lists(JSON_VALUES, max_size=4),
    "max_response_output_tokens": st.one_of(st.integers(), st.just("inf"), st.floats(allow_nan=False)),
    "extra": JSON_VALUES,
})
BODIES = st.one_of(
    st.just(VALID),
    SESSION_FIELDS.map(lambda fields: _dumps(fields)),
    JSON_VALUES.map(lambda value: _dumps(value)),
    st.binary(max_size=300),
    st.integers(1, 3000).map(lambda n: b'{"model":"gpt-4o-realtime-preview","tools":[' + b",".join([b"1"] * n) + b"]}"),
)
FRAMINGS = st.sampled_from(["length", "length", "none", "short", "long", "chunked", "chunked-bad", "both",
                            "negative"])


def _dumps(value: object) -> bytes:
    return json.dumps(value).encode()  # the standard library's: orjson refuses integers past 64 bits


def _framed(body: bytes, framing: str) -> tuple[list[tuple[str, str]], bytes]:
    if framing == "length":
        return [("Content-Length", str(len(body)))], body
    if framing == "short":
        return [("Content-Length", str(max(0, len(body) - 3)))], body
    if framing == "long":
        return [("Content-Length", str(len(body) + 3))], body
    if framing == "chunked":
        return [("Transfer-Encoding", "chunked")], chunked(body, 7)
    if framing == "chunked-bad":
        return [("Transfer-Encoding", "chunked")], b"zz\r\n" + body
    if framing == "both":
        return [("Transfer-Encoding", "chunked"), ("Content-Length", "2")], chunked(body)
    if framing == "negative":
        return [("Content-Length", "-1")], body
    return [], body


@st.composite
def http_requests(draw: st.DrawFn) -> bytes:
    method, path, version = draw(METHODS), draw(PATHS), draw(VERSIONS)
    framing_headers, body = _framed(draw(BODIES), draw(FRAMINGS))
    usual = [("Authorization", f"Bearer {KEY}"), ("Content-Type", "application/json")]
    usual = usual if draw(mostly(3)) else []  # mostly: so bodies reach the contract
    headers = [("Host", HOST), *usual, *draw(HEADERS), *framing_headers]
    if draw(mostly(9)):  # so a whole answer ends with the connection
        headers.append(("Connection", "close"))
    head = f"{method} {path} {version}\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n"
    raw = head.encode("latin-1") + body
    cut = draw(st.one_of(st.none(), st.none(), st.none(), st.integers(0, len(raw))))  # a quarter cut short
    return raw if cut is None else raw[:cut]


@st.composite
def near_valid_requests(draw: st.DrawFn) -> bytes:
    """A well-framed request to the endpoint with an accepted key: only its body and a few
    extra headers vary, so inputs reach the contract, the session and the journal."""
    body = draw(st.one_of(st.just(VALID), SESSION_FIELDS.map(lambda fields: _dumps(
        {"model": "gpt-4o-realtime-preview", **fields}))))
    headers = [("Host", HOST), ("Authorization", f"Bearer {KEY}"), ("Content-Type", "application/json"),
               *draw(st.lists(st.sampled_from(sorted(HEADER_VALUES)).flatmap(
                   lambda name: st.tuples(st.just(name), HEADER_VALUES[name])), max_size=2)),
               ("Content-Length", str(len(body))), ("Connection", "close")]
    head = "POST /v1/realtime/sessions HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def ws_frame(opcode: int, payload: bytes, *, fin: bool = True, masked: bool = True, rsv: int = 0,
             declared: int | None = None) -> bytes:
    """A frame as a client may write it, or get it wrong: unmasked, reserved bits, a lying length."""
    size = len(payload) if declared is None else declared
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    mask_bit = 0x80 if masked else 0
    if size < 126:
        head += bytes([mask_bit | size])
    elif size < 65_536:
        head += bytes([mask_bit | 126]) + struct.pack("!H", size)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", size)
    if not masked:
        return head + payload
    mask = b"\x5a\xa5\x3c\xc3"  # fixed, so a failing input replays byte for byte
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


EVENTS = st.one_of(
    st.just(b'{"type":"session.update","session":{"voice":"ash"}}'),
    SESSION_FIELDS.map(lambda s: _dumps({"type": "session.update", "session": s})),
    st.sampled_from([b'{"type":"response.create"}', b'{"type":"nope"}', b"not json", b"[]", b""]),
    st.sampled_from([b"\xff\xfe", b'{"type":"\xc3"}', b"\xed\xa0\x80", b'{"type":"session.update"\x80}']),
    JSON_VALUES.map(lambda value: _dumps(value)),
)
WELL_FORMED_TEXT = EVENTS.map(lambda payload: ws_frame(0x1, payload))  # so events reach the conversation
ANY_FRAME = st.builds(
    ws_frame,
    opcode=st.sampled_from([0x1, 0x1, 0x1, 0x2, 0x0, 0x9, 0xA, 0x8, 0x3, 0xB]),
    payload=st.one_of(EVENTS, st.binary(max_size=200)),
    fin=mostly(9),
    masked=mostly(19),
    rsv=st.sampled_from([0] * 9 + [1, 4]),
    declared=st.one_of(*[st.none()] * 9, st.integers(0, 70_000)),
)
FRAMES = st.one_of(WELL_FORMED_TEXT, ANY_FRAME)
WS_PATHS = st.sampled_from(["/v1/realtime?model=gpt-4o-realtime-preview"] * 6 + ["/v1/realtime", "/v1/realtime?model=x",
                            "/v1/realtime?model=gpt-4o-realtime-preview&api_key=sk-x"])
WS_HEADERS = st.lists(st.one_of(
    st.tuples(st.just("Sec-WebSocket-Protocol"), st.sampled_from(
        ["realtime", f"realtime, openai-insecure-api-key.{KEY}", "openai-insecure-api-key.ek_x", ","])),
    st.tuples(st.just("Sec-WebSocket-Version"), st.sampled_from(["13", "8", ""])),
    st.tuples(st.just("Sec-WebSocket-Extensions"), st.sampled_from(["permessage-deflate", "x"])),
    st.tuples(TOKEN, ANY_LATIN1),
), max_size=4)


@dataclass(frozen=True)
class WebSocketSession:
    handshake: bytes
    frames: bytes

    def __bytes__(self) -> bytes:
        return self.handshake + self.frames


@st.composite
def websocket_sessions(draw: st.DrawFn) -> WebSocketSession:
    lines = [f"GET {draw(WS_PATHS)} HTTP/1.1", f"Host: {HOST}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    if draw(mostly()):
        lines.append(f"Authorization: Bearer {KEY}")
    lines += [f"{name}: {value}" for name, value in draw(WS_HEADERS)]
    frames = b"".join(draw(st.lists(FRAMES, min_size=1, max_size=6)))
    if draw(st.booleans()):
        frames += ws_frame(0x8, struct.pack("!H", 1000))
    return WebSocketSession(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), frames)


hostile_inputs = st.one_of(http_requests(), near_valid_requests(), websocket_sessions())
