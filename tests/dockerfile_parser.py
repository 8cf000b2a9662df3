"""Just enough of the Dockerfile grammar to check ours: instructions with their line
continuations joined, comments dropped, exec-form (JSON array) arguments decoded,
flags (`--interval=5s`) split off, and ARG/ENV values resolved as Docker would."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


@dataclass
class Instruction:
    keyword: str
    text: str
    flags: dict[str, str] = field(default_factory=dict)

    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN, or None for shell form."""
        body = self.text.removeprefix("CMD ").strip() if self.keyword == "HEALTHCHECK" else self.text
        try:
            parsed = json.loads(body)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) and all(isinstance(p, str) for p in parsed) else None


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    return lines


def instruction(line: str) -> Instruction:
    keyword, _, rest = line.partition(" ")
    flags: dict[str, str] = {}
    rest = rest.strip()
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        rest = rest.strip()
    return Instruction(keyword.upper(), rest, flags)


def substitute(text: str, values: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), text)


def parse_env(text: str, values: dict[str, str]) -> dict[str, str]:
    """`ENV A=1 B=$A` (the key=value form), substituting earlier values."""
    pairs = {}
    for word in shlex.split(text):
        key, _, value = word.partition("=")
        pairs[key] = substitute(value, {**values, **pairs})
    return pairs


@dataclass
class Dockerfile:
    global_args: dict[str, str]
    stages: list[Stage]

    @classmethod
    def read(cls, path: Path) -> Dockerfile:
        global_args: dict[str, str] = {}
        stages: list[Stage] = []
        for line in logical_lines(path.read_text(encoding="utf-8")):
            step = instruction(line)
            if step.keyword == "ARG" and not stages:
                name, _, default = step.text.partition("=")
                global_args[name] = default
            elif step.keyword == "FROM":
                base, _, alias = substitute(step.text, global_args).partition(" AS ")
                stages.append(Stage(base.strip(), alias.strip() or None, []))
            else:
                stages[-1].instructions.append(step)
        return cls(global_args, stages)

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def final_env(self, inherited: dict[str, str]) -> dict[str, str]:
        """The final stage's environment, ENV lines applied in order over `inherited`."""
        env = dict(inherited)
        for step in self.final.all("ENV"):
            env.update(parse_env(step.text, env))
        return env
