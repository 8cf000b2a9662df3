"""The README's quickstart, run as written on this machine's stock system Python (Debian's
/usr/bin/python3, externally managed as PEP 668 says): in a copy of the project in a temp
folder, with a fresh virtual environment and the stock PATH, then the README's curl."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.serve_process import BASE_URL, ServeProcess

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
QUICKSTART = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
SYSTEM_PYTHON = Path("/usr/bin/python3")
STOCK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # Debian's, no pyenv, no venv


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def _commands(block: str) -> list[str]:
    """Each line of a shell block, without its trailing comment."""
    return [re.sub(r"\s+#\s.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def _externally_managed(python: Path) -> bool:
    stdlib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    return (Path(stdlib) / "EXTERNALLY-MANAGED").is_file()


def _project_copy(into: Path) -> Path:
    """What `pip install .` builds from, copied as a fresh clone would have it."""
    project = into / "mock-realtime"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("mock_realtime", "contracts"):
        shutil.copytree(ROOT / name, project / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    return project


def _stock_env(home: Path) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "LANG", "LC_"))}
    return {**kept, "PATH": STOCK_PATH, "HOME": str(home), "PIP_CACHE_DIR": str(Path.home() / ".cache" / "pip"),
            "MOCK_REALTIME_PORT": "0"}  # the one change: a free port, which the banner then names


@pytest.fixture
def stock_python() -> Path:
    if not SYSTEM_PYTHON.is_file() or not _externally_managed(SYSTEM_PYTHON):
        pytest.skip("needs an externally managed system python3 at /usr/bin (Debian 12, Ubuntu 24.04)")
    if subprocess.run([SYSTEM_PYTHON, "-c", "import ensurepip"], capture_output=True).returncode:
        pytest.skip("python3 -m venv needs Debian's python3-venv package, which is not installed")
    return SYSTEM_PYTHON


def test_readme_quickstart_serves_on_a_stock_externally_managed_python(stock_python, tmp_path) -> None:
    serve_line = _commands(_blocks(QUICKSTART, "sh")[0])[0]
    project, env = _project_copy(tmp_path), _stock_env(tmp_path)
    refused = subprocess.run(["python3", "-m", "pip", "install", "--dry-run", "."], cwd=project, env=env,
                             capture_output=True, text=True, check=False)
    assert "externally-managed-environment" in refused.stderr  # what the old quickstart ran into
    served = ServeProcess(serve_line, env=env, cwd=str(project))
    try:
        base_url = served.wait_for(BASE_URL, timeout=280).group(1)
        curl = _blocks(QUICKSTART, "sh")[1].replace("http://127.0.0.1:8000/v1", base_url)
        answer = subprocess.run(["bash", "-c", curl], env=env, capture_output=True, text=True, timeout=30, check=True)
    finally:
        served.stop()
    session = json.loads(answer.stdout)
    assert (session["object"], session["voice"]) == ("realtime.session", "verse")
    assert session["client_secret"]["value"].startswith("ek_")
    assert (project / ".venv" / "bin" / "mock-realtime").is_file()


def test_ci_runs_the_readme_test_command_as_written() -> None:
    development = README.split("## Development", 1)[1].split("\n## ", 1)[0]
    block = _blocks(development, "sh")[0]
    ci_line = next(line for line in block.splitlines() if line.endswith("# what CI runs"))
    ci_script = _commands((ROOT / ".ci" / "run").read_text())
    assert _commands(ci_line)[0] in ci_script
    assert _commands(_blocks(QUICKSTART, "sh")[0])[1] == "bash .ci/run"
