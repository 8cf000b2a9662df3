"""`python -m mock_realtime serve` in a subprocess, as users run it: its port read from
its own start-up log line, its log kept for inspection, its memory read from /proc."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"Uvicorn running on http://([\d.]+):(\d+)")


class ServerProcess:
    def __init__(self, *options: str) -> None:
        self.command = [sys.executable, "-m", "mock_realtime", "serve", "--port", "0", *options]
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process: subprocess.Popen[str] | None = None
        self.host, self.port = "", 0
        self._drainer = threading.Thread()

    def start(self, timeout: float = 30) -> ServerProcess:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        match = STARTED.search(self.wait_for_log("Uvicorn running on", timeout))
        assert match is not None
        self.host, self.port = match.group(1), int(match.group(2))
        return self

    def _drain(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.lines.append("")  # end of output
            self._changed.notify_all()

    def wait_for_log(self, text: str, timeout: float, *, count: int = 1) -> str:
        """The `count`th log line containing `text`, waiting for it to be written."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [line for line in self.lines if text in line]
                if len(found) >= count:
                    return found[count - 1]
                if (self.lines and self.lines[-1] == "") or time.monotonic() >= deadline:
                    raise AssertionError(f"server never logged {text!r}; log:\n{self.log}")
                self._changed.wait(deadline - time.monotonic())

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def rss_bytes(self) -> int:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.MULTILINE)
        assert kilobytes is not None
        return int(kilobytes.group(1)) * 1024

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self._drainer.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()
