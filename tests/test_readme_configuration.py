"""The README's configuration table names every setting, with its flag and variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_realtime.settings import env_var, setting_fields

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
TABLE = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", [f.name for f in setting_fields()])
def test_every_setting_has_a_row_with_flag_and_variable(name) -> None:
    flag = "--" + name.replace("_", "-")
    rows = [line for line in TABLE.splitlines() if f"`{flag}`" in line]
    assert rows, f"no row for {flag} in the README's configuration table"
    assert f"`{env_var(name)}`" in rows[0]
