"""Writing a run's table into README.md, between two markers, and its chart beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

BEGIN = "<!-- benchmark results: written by python -m benchmarks.run --readme -->"
END = "<!-- end of benchmark results -->"


def update_readme(readme: Path, text: str, chart: Path, chart_copy: Path) -> None:
    """Replace what lies between the markers with `text`; refuse a README without them."""
    current = readme.read_text()
    if BEGIN not in current or END not in current:
        raise RuntimeError(f"{readme} has no benchmark markers")
    head, rest = current.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{BEGIN}\n{text.strip()}\n{END}{tail}")
    shutil.copyfile(chart, chart_copy)
