"""A `mock-realtime serve` child process, read line by line from its stderr in a thread,
so a test waits (with a bound) for the start-up banner instead of sleeping."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence

# The base URL the banner gives for the SDKs; in JSON mode it is a "base_url" field.
BASE_URL = re.compile(r"(https?://(?:127\.0\.0\.1|localhost|\[::1\]):\d+/v1)\b")


class ServeProcess:
    """A started serve command (any argv, or a shell line); stderr lines are kept in `lines`."""

    def __init__(self, argv: Sequence[str] | str, *, env: Mapping[str, str], cwd: str | None = None) -> None:
        self.process = subprocess.Popen(
            argv, shell=isinstance(argv, str), env=dict(env), cwd=cwd, text=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: stop() reaches a shell's children too
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
        """The first output line matching `pattern`; fails with all output after `timeout` s."""
        closed, deadline = 0, time.monotonic() + timeout
        while closed < 2:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                closed += 1
                continue
            self.lines.append(line)
            if match := pattern.search(line):
                return match
        raise AssertionError(f"no line matching {pattern.pattern!r}; output was:\n{''.join(self.lines)}")

    def stop(self) -> int:
        """SIGTERM the whole process group; its exit status."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait(timeout=5)
        finally:
            for stream in (self.process.stdout, self.process.stderr):
                stream.close()  # type: ignore[union-attr]
