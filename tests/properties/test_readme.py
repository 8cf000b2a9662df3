"""The README's fuzzing example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Fuzz your own request builder"


def readme_example() -> str:
    """The section's one Python block, placed at its own lines of README.md, so that
    tracebacks, and Hypothesis reading a test's source, see the lines that were run."""
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADING)
    section = text[start:].split("\n## ", 1)[0]
    blocks = list(re.finditer(r"```python\n(.*?)```", section, flags=re.DOTALL))
    assert len(blocks) == 1, "the section should hold exactly one Python example"
    lines_before = text[: start + blocks[0].start(1)].count("\n")
    return "\n" * lines_before + blocks[0].group(1)


def test_readme_fuzzing_example_runs() -> None:
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(readme_example(), str(README), "exec"), namespace)
    assert callable(namespace["build_request"])
