"""Security properties: CSPRNG secrets, constant-time key checks, keys redacted in the
journal, the logs and error messages, loopback by default, no CORS unless asked, and
`ek_` keys refused for minting exactly as an unaccepted key is."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from mock_realtime import auth, ids
from mock_realtime.cli.commands import main
from mock_realtime.errors import AuthenticationError
from mock_realtime.ids import IdSource
from mock_realtime.redaction import mask_key
from mock_realtime.settings import Settings
from tests.reliability.catalogue import KEY, VALID
from tests.reliability.rawhttp import PATH
from tests.reliability.server_process import ServerProcess

WRONG = "sk-wrong-9876543210fedcba"
EPHEMERAL = "ek_68aa9d7b959881918fec14eadbebf124"
PROXY = "sk-proxy-5555555555555555"


def post(base_url: str, key: str, **headers: str) -> httpx.Response:
    return httpx.post(base_url + PATH, content=VALID, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json", **headers})


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Any:
    """spy(module, name) wraps a function so its calls are recorded and it still runs."""
    def install(module: Any, name: str) -> list[tuple[Any, ...]]:
        calls: list[tuple[Any, ...]] = []
        real = getattr(module, name)

        def wrapper(*args: Any) -> Any:
            calls.append(args)
            return real(*args)

        monkeypatch.setattr(module, name, wrapper)
        return calls
    return install


def test_unseeded_ids_come_from_the_secrets_module(spy) -> None:
    calls = spy(ids.secrets, "token_bytes")
    IdSource().client_secret(1_750_000_000)
    IdSource().session_id()
    assert len(calls) == 2  # each fresh source draws its block of CSPRNG bytes
    assert ids.secrets is secrets


def test_seeded_ids_never_touch_the_secrets_module(spy) -> None:
    calls = spy(ids.secrets, "token_bytes")
    IdSource(seed=1).client_secret(1_750_000_000)
    IdSource(seed=1).session_id()
    assert calls == []


def test_keys_are_compared_with_compare_digest_against_every_allowed_key(spy) -> None:
    calls = spy(auth.hmac, "compare_digest")
    with pytest.raises(AuthenticationError):
        auth.check_api_key(f"Bearer {WRONG}", ("sk-first-key-000000", KEY))
    assert calls == [(WRONG.encode(), b"sk-first-key-000000"), (WRONG.encode(), KEY.encode())]
    assert auth.hmac is hmac


def test_compare_digest_decides_whether_a_key_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: True)
    assert auth.check_api_key(f"Bearer {WRONG}", (KEY,)) == WRONG


def test_ek_key_is_refused_exactly_as_an_unaccepted_key(serve) -> None:
    restricted = serve(api_key=(KEY,))
    unaccepted = post(restricted.base_url, WRONG)
    for base_url in (restricted.base_url, serve().base_url):  # with and without --api-key
        ephemeral = post(base_url, EPHEMERAL)
        assert ephemeral.status_code == unaccepted.status_code == 401
        error, expected = ephemeral.json()["error"], unaccepted.json()["error"]
        message = expected["message"].replace(mask_key(WRONG), mask_key(EPHEMERAL))
        assert error == {**expected, "message": message}
        assert EPHEMERAL not in ephemeral.text


def test_keys_are_masked_in_the_journal_and_error_messages(serve) -> None:
    server = serve(api_key=(KEY,))
    journal = server.app.state.mock.journal
    journal.clear()
    responses = [post(server.base_url, KEY, **{"Proxy-Authorization": f"Basic {PROXY}"}),
                 post(server.base_url, WRONG), post(server.base_url, EPHEMERAL)]
    assert [r.status_code for r in responses] == [200, 401, 401]
    assert mask_key(WRONG) in responses[1].json()["error"]["message"]
    recorded = repr(journal.entries()) + "".join(r.text for r in responses)
    for key in (KEY, WRONG, EPHEMERAL, PROXY):
        assert key not in recorded
    assert journal.entries()[0]["headers"]["authorization"] == f"Bearer {mask_key(KEY)}"


@pytest.fixture
def logged_server() -> Iterator[ServerProcess]:
    server = ServerProcess("--api-key", KEY).start()  # `serve` logs at info, access log included
    yield server
    server.stop()


def test_keys_never_reach_the_logs(logged_server: ServerProcess) -> None:
    base_url = f"http://{logged_server.host}:{logged_server.port}"
    statuses = [post(base_url, key).status_code for key in (KEY, WRONG, EPHEMERAL)]
    assert statuses == [200, 401, 401]
    logged_server.wait_for_log("POST /v1/realtime/sessions", 10, count=3)  # the access log lines
    for key in (KEY, WRONG, EPHEMERAL):
        assert key not in logged_server.log


def test_default_bind_is_loopback(logged_server: ServerProcess) -> None:
    assert Settings().host == "127.0.0.1"
    assert logged_server.host == "127.0.0.1"  # started without --host
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "default: 127.0.0.1" in help_text


def test_cors_is_off_by_default(serve) -> None:
    server = serve()
    origin = {"Origin": "https://attacker.example"}
    simple = post(server.base_url, KEY, **origin)
    preflight = httpx.options(server.base_url + PATH, headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"})
    assert simple.status_code == 200
    assert preflight.status_code == 405
    for response in (simple, preflight):
        assert not [name for name in response.headers if name.lower().startswith("access-control-")]
