"""`serve --workers N`: N processes on one port, one mock, as long as they share a store;
refused with a message that says what to add when they would not."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from click.testing import CliRunner

from mock_realtime.cli import commands as cli
from mock_realtime.testing import RealtimeMock
from tests.helpers import API_KEY
from tests.redis_server import RedisServer
from tests.reliability.server_process import ServerProcess
from tests.websocket.helpers import MODEL

REFUSED = "--workers 2 needs a shared store"


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What serve would have run; nothing starts."""
    started: list[object] = []
    monkeypatch.setattr("mock_realtime.web.server.run", started.append)
    return started


@pytest.mark.parametrize(("args", "env"), [
    pytest.param(["--workers", "2"], {}, id="flag"),
    pytest.param([], {"MOCK_REALTIME_WORKERS": "2"}, id="env"),
    pytest.param(["--workers", "2", "--store", "memory://"], {}, id="memory-named"),
])
def test_workers_without_a_shared_store_are_refused(no_server, args, env) -> None:
    result = CliRunner().invoke(cli.main, ["serve", *args], env=env)
    assert result.exit_code == 2
    assert REFUSED in result.output
    assert "--store redis://HOST:PORT/DB" in result.output
    assert no_server == []


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--store", "redis://127.0.0.1:6379/0", "--workers", "2", "--seed", "7"],
                 "every worker would mint the same ids", id="seeded-workers"),
    pytest.param(["--store", "postgres://db/0"], "is neither memory:// nor redis://host:port/db", id="scheme"),
    pytest.param(["--store", "redis://127.0.0.1/zero"], "must be a database number", id="db"),
    pytest.param(["--workers", "0"], "--workers must be at least 1, not 0", id="no-workers"),
])
def test_bad_store_or_worker_settings_are_refused(no_server, args, message) -> None:
    result = CliRunner().invoke(cli.main, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert no_server == []


def test_redis_store_without_its_client_library_names_the_extra(no_server, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # as if the base install had left it out
    result = CliRunner().invoke(cli.main, ["serve", "--store", "redis://:hunter2@127.0.0.1:6379/0"])
    assert result.exit_code == 2
    assert "pip install 'mock-realtime[redis]'" in result.output
    assert "hunter2" not in result.output
    assert no_server == []


def _workers(pid: int) -> list[int]:
    """The supervisor's worker processes (multiprocessing's resource tracker is a child too)."""
    children = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [child for child in children if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


@pytest.fixture
def workers(redis_store: RedisServer) -> Iterator[ServerProcess]:
    server = ServerProcess("--workers", "2", "--store", redis_store.url, "--no-access-log").start()
    server.wait_for_log("Started server process", timeout=30, count=2)
    yield server
    assert server.process is not None
    server.process.terminate()  # SIGTERM: the supervisor stops its workers, then itself
    server.process.wait(15)
    server.stop()


def test_two_workers_serve_one_port_as_one_mock(workers: ServerProcess) -> None:
    assert workers.process is not None
    assert len(_workers(workers.process.pid)) == 2
    mock = RealtimeMock(f"http://{workers.host}:{workers.port}")
    mock.fail_next(500, count=3)
    outcomes = []
    for _ in range(12):  # a fresh connection each time: the kernel picks the worker
        with openai.OpenAI(api_key=API_KEY, base_url=mock.base_url, max_retries=0) as client:
            try:
                outcomes.append(client.beta.realtime.sessions.create(model=MODEL).client_secret.value)
            except openai.InternalServerError as error:
                outcomes.append(error.status_code)
    assert outcomes[:3] == [500, 500, 500]
    secrets = outcomes[3:]
    assert all(mock.secret(str(value))["valid"] for value in secrets)
    assert [entry["status"] for entry in mock.requests] == [500] * 3 + [200] * 9
    mock.assert_all_requests_valid()  # faults are not the client's doing
    mock.advance(60)
    assert not any(session["expired"] is False for session in mock.sessions)
