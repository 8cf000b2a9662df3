"""A real redis-server (Debian's package) for the tests: on a free loopback port, in its
own directory, with an append-only file synced on every write so that a stop and a
restart lose nothing, as a production mock's Redis should be configured."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

from tests.helpers import free_port

REDIS_SERVER = shutil.which("redis-server")
MISSING = "needs redis-server (Debian package redis-server; .ci/run installs it)"
READY = "Ready to accept connections"


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[str] | None = None
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._drainer = threading.Thread()

    def start(self, timeout: float = 10) -> RedisServer:
        assert REDIS_SERVER is not None, MISSING
        self._lines = []
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self._drainer = threading.Thread(target=self._drain, args=(self.process,), daemon=True)
        self._drainer.start()
        self._wait_for(READY, timeout)
        return self

    def _drain(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._lines.append("")
            self._changed.notify_all()

    def _wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(text in line for line in self._lines):
                ended = bool(self._lines) and self._lines[-1] == ""
                if ended or time.monotonic() >= deadline:
                    raise AssertionError(f"redis-server never logged {text!r}:\n{''.join(self._lines)}")
                self._changed.wait(deadline - time.monotonic())

    def stop(self) -> None:
        """SIGTERM, as an orchestrator stops it; redis-server flushes its file and exits."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(10)
        self._drainer.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        self.process = None
