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
import subprocess
import sys
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
