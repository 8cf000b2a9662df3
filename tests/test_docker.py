"""The container recipe, proven as far as it can be without a Docker engine.

The wheel is built and installed alone into a fresh virtual environment (the image's
/opt/mock-realtime), then the Dockerfile's own ENTRYPOINT + CMD run under the
environment its ENV lines give, with only the host and port overridden for the test,
and its HEALTHCHECK command probes the real socket. The Dockerfile is linted with
hadolint where it is installed, and its essentials are checked by a parser always."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.dockerfile_parser import Dockerfile
from tests.helpers import AUTH, MINIMAL, free_port

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
IMAGE_VENV = "/opt/mock-realtime"  # where the image installs the wheel; the fresh venv stands in for it
TEST_ONLY = ("pytest", "hypothesis", "openai", "schemathesis", "httpx")


@pytest.fixture(scope="module")
def dockerfile() -> Dockerfile:
    return Dockerfile.read(DOCKERFILE)


def run_quietly(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel, built as the Dockerfile's first stage builds it, installed alone in a fresh venv."""
    work = tmp_path_factory.mktemp("wheel")
    run_quietly(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", work / "dist",
                ROOT)
    [wheel] = (work / "dist").glob("mock_realtime-*.whl")
    venv = work / "venv"
    # As the Dockerfile does: a venv without pip, filled by an outside pip.
    run_quietly(sys.executable, "-m", "venv", "--without-pip", venv)
    run_quietly(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet",
                "--no-compile", wheel)
    return Installed(wheel, venv)


# --- the wheel -------------------------------------------------------------------------

def test_wheel_ships_every_contract_file(installed: Installed) -> None:
    shipped = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = {f"mock_realtime/contracts/{p.relative_to(ROOT / 'contracts').as_posix()}"
                for p in (ROOT / "contracts").rglob("*.json")}
    assert expected
    assert expected <= shipped


def test_installed_wheel_loads_contracts_from_site_packages(installed: Installed) -> None:
    probe = ("from mock_realtime.contract.snapshot import contracts_dir, load_contract\n"
             "print(contracts_dir())\n"
             "print(load_contract('2024-12-17').path)\n")
    # Run from outside the checkout, or `python -c` would import the package from the working tree.
    where, path = run_quietly(installed.python, "-c", probe, cwd=installed.venv).stdout.split()
    assert Path(where).is_relative_to(installed.venv)
    assert "site-packages" in where
    assert path == "/v1/realtime/sessions"


def test_installed_wheel_brings_no_test_dependencies(installed: Installed) -> None:
    probe = "import importlib.metadata as m; print(*(d.metadata['Name'] for d in m.distributions()))"
    names = set(run_quietly(installed.python, "-c", probe, cwd=installed.venv).stdout.lower().split())
    assert {"mock-realtime", "uvicorn", "starlette", "jsonschema"} <= names
    assert not names.intersection(TEST_ONLY)


# --- the public surface, as a user of the installed wheel meets it ---------------------

# One request through the ASGI app by hand, as any ASGI server would send it: create_app and
# Settings need no test tooling.
PUBLIC_API_PROBE = """
import asyncio, json, mock_realtime
from mock_realtime import RealtimeMock, Settings, create_app
print(mock_realtime.__file__)
print(sorted(mock_realtime.__all__))
app = create_app(Settings(api_key=("sk-wheel-0123456789",)))
body = json.dumps({"model": "gpt-4o-realtime-preview", "voice": "verse"}).encode()
scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
         "scheme": "http", "path": "/v1/realtime/sessions", "raw_path": b"/v1/realtime/sessions",
         "root_path": "", "query_string": b"", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
         "headers": [(b"authorization", b"Bearer sk-wheel-0123456789"), (b"content-type", b"application/json"),
                     (b"content-length", str(len(body)).encode())]}
sent = []
async def receive():
    return {"type": "http.request", "body": body, "more_body": False}
async def send(message):
    sent.append(message)
asyncio.run(app(scope, receive, send))
print(sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["voice"])
print(RealtimeMock("http://127.0.0.1:9").base_url)
"""

# A user's test file: the pytest11 plugin's fixture and the Hypothesis strategies.
USER_TESTS = """
import json
import os
import urllib.request

from hypothesis import given, settings
from mock_realtime.strategies import invalid_session_configs, session_configs


def test_the_plugin_running_is_the_installed_wheels():
    import mock_realtime.testing.pytest_plugin as plugin
    assert plugin.__file__.startswith(os.environ["WHEEL_VENV"])


def test_realtime_mock_fixture_serves_the_endpoint(realtime_mock):
    request = urllib.request.Request(
        realtime_mock.base_url + "/realtime/sessions", data=json.dumps({"model": "gpt-4o-realtime-preview"}).encode(),
        headers={"Authorization": "Bearer sk-test-key-for-the-mock", "Content-Type": "application/json"})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request) as answer:
        assert answer.status == 200
    assert [entry["status"] for entry in realtime_mock.requests] == [200]
    realtime_mock.assert_all_requests_valid()


@settings(max_examples=5)
@given(session_configs())
def test_strategies_draw_valid_configs(config):
    assert config["model"].startswith("gpt-4o")


@settings(max_examples=5)
@given(invalid_session_configs())
def test_strategies_draw_invalid_configs(case):
    assert case.code
"""


def outside_checkout_env(extra_path: str = "") -> dict[str, str]:
    """An environment in which `python` cannot import the checkout; `extra_path` adds test
    tools (pytest, hypothesis) from this venv after the wheel's own site-packages."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, "PYTHONPATH": extra_path} if extra_path else env


def test_installed_wheel_offers_the_public_api(installed: Installed) -> None:
    done = run_quietly(installed.python, "-c", PUBLIC_API_PROBE, cwd=installed.venv)
    where, names, answer, base_url = done.stdout.splitlines()
    assert Path(where).is_relative_to(installed.venv)
    assert names == "['RealtimeMock', 'Settings', '__version__', 'create_app']"
    assert answer == "200 verse"
    assert base_url == "http://127.0.0.1:9/v1"


def test_installed_console_script_validates_and_serves(installed: Installed, tmp_path: Path) -> None:
    script = installed.venv / "bin" / "mock-realtime"
    assert script.is_file()
    bad = tmp_path / "bad.json"
    bad.write_text('{"model": "gpt-4o-realtime-preview", "temperature": 3}')
    checked = subprocess.run([script, "validate", bad], capture_output=True, text=True, timeout=60,
                             cwd=installed.venv)
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[1] == (
        "  param=temperature code=decimal_above_max_value: Invalid 'temperature': decimal above maximum value. "
        "Expected a value <= 1.2, but got 3 instead.")
    version = run_quietly(installed.python, "-m", "mock_realtime", "--version", cwd=installed.venv).stdout
    assert version.split()[-1] == "0.1.0"


def test_installed_plugin_fixture_and_strategies_work_in_a_users_tests(installed: Installed,
                                                                      tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    tools = sysconfig.get_paths()["purelib"]  # pytest and hypothesis, which the wheel does not bring
    done = subprocess.run(
        [installed.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "test_user.py"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**outside_checkout_env(tools), "WHEEL_VENV": str(installed.venv)},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "4 passed" in done.stdout
    plugin = run_quietly(installed.python, "-c",
                         "import importlib.metadata as m, importlib.util as u;"
                         "print(*[e.value for e in m.entry_points(group='pytest11') if e.name == 'realtime_mock']);"
                         "print(u.find_spec('mock_realtime.testing.pytest_plugin').origin)",
                         cwd=installed.venv).stdout.split()
    assert plugin[0] == "mock_realtime.testing.pytest_plugin"
    assert Path(plugin[-1]).is_relative_to(installed.venv)


# --- the Dockerfile's commands against a real socket -----------------------------------


def container_env(dockerfile: Dockerfile, installed: Installed, port: int) -> dict[str, str]:
    """The final stage's ENV, with the image's venv mapped to ours, bound to loopback for the test."""
    env = dockerfile.final_env({"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")})
    env = {k: v.replace(IMAGE_VENV, str(installed.venv)) for k, v in env.items()}
    assert env["MOCK_REALTIME_HOST"] == "0.0.0.0"  # what the image binds; only the test narrows it
    return {**env, "MOCK_REALTIME_HOST": "127.0.0.1", "MOCK_REALTIME_PORT": str(port)}


def resolved(command: list[str], env: dict[str, str]) -> list[str]:
    executable = shutil.which(command[0], path=env["PATH"])
    assert executable, f"{command[0]} not on the container's PATH"
    return [executable, *command[1:]]


def healthcheck(dockerfile: Dockerfile, env: dict[str, str]) -> int:
    step = dockerfile.final.last("HEALTHCHECK")
    assert step is not None
    command = step.exec_form()
    assert command is not None
    return subprocess.run(resolved(command, env), env=env, capture_output=True, timeout=30).returncode


Running = tuple[subprocess.Popen[str], dict[str, str]]


@pytest.fixture
def container(dockerfile: Dockerfile, installed: Installed) -> Iterator[Running]:
    env = container_env(dockerfile, installed, free_port())
    entrypoint, cmd = dockerfile.final.last("ENTRYPOINT"), dockerfile.final.last("CMD")
    assert entrypoint is not None
    assert cmd is not None
    command = [*(entrypoint.exec_form() or []), *(cmd.exec_form() or [])]
    with subprocess.Popen(resolved(command, env), env=env, stderr=subprocess.PIPE, text=True,
                          cwd=installed.venv) as process:
        yield process, env
        if process.poll() is None:
            process.kill()


def wait_healthy(dockerfile: Dockerfile, env: dict[str, str], process: subprocess.Popen[str]) -> None:
    """Probe as Docker does during the start period, until healthy or a deadline passes."""
    deadline = time.monotonic() + 30
    while healthcheck(dockerfile, env) != 0:
        assert process.poll() is None, "the server exited during start-up"
        assert time.monotonic() < deadline, "never healthy"


def test_dockerfile_commands_serve_and_stop_on_sigterm(dockerfile: Dockerfile, container) -> None:
    process, env = container
    wait_healthy(dockerfile, env, process)
    base = f"http://127.0.0.1:{env['MOCK_REALTIME_PORT']}"
    response = httpx.post(f"{base}/v1/realtime/sessions", json=MINIMAL, headers=AUTH, trust_env=False)
    assert response.status_code == 200
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal (newer releases), so the
    # exit is either 0 or "killed by SIGTERM" (Docker's 143): both only after a clean stop.
    assert process.wait(timeout=10) in (0, -signal.SIGTERM)
    assert healthcheck(dockerfile, env) != 0  # the probe fails once nothing listens
    log = process.stderr.read() if process.stderr else ""
    assert f"{response.headers['x-request-id']} POST /v1/realtime/sessions 200" in log
    assert "Shutting down" in log
    assert "Finished server process" in log


def test_dockerfile_healthcheck_fails_when_nothing_listens(dockerfile: Dockerfile,
                                                            installed: Installed) -> None:
    env = container_env(dockerfile, installed, free_port())
    assert healthcheck(dockerfile, env) != 0


def test_dockerfile_commands_serve_tls_with_a_mounted_certificate(dockerfile: Dockerfile, installed: Installed,
                                                                  tmp_path: Path) -> None:
    """README's "Docker with TLS": certificates from `python -m trustme -d certs`, the settings
    pointing at them, the image's own HEALTHCHECK probing over HTTPS."""
    subprocess.run([sys.executable, "-m", "trustme", "-q", "-d", str(tmp_path)], check=True, timeout=60)
    env = {**container_env(dockerfile, installed, free_port()),
           "MOCK_REALTIME_SSL_CERTFILE": str(tmp_path / "server.pem"),
           "MOCK_REALTIME_SSL_KEYFILE": str(tmp_path / "server.key")}
    entrypoint, cmd = dockerfile.final.last("ENTRYPOINT"), dockerfile.final.last("CMD")
    assert entrypoint is not None
    assert cmd is not None
    command = [*(entrypoint.exec_form() or []), *(cmd.exec_form() or [])]
    with subprocess.Popen(resolved(command, env), env=env, stderr=subprocess.DEVNULL, cwd=installed.venv) as process:
        try:
            wait_healthy(dockerfile, env, process)  # type: ignore[arg-type]
            verify = ssl.create_default_context(cafile=str(tmp_path / "client.pem"))
            response = httpx.post(f"https://127.0.0.1:{env['MOCK_REALTIME_PORT']}/v1/realtime/sessions",
                                  json=MINIMAL, headers=AUTH, verify=verify, trust_env=False)
        finally:
            process.terminate()
    assert response.status_code == 200
    assert response.json()["client_secret"]["value"].startswith("ek_")
