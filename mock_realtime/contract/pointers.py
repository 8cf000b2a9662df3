"""JSON pointers (RFC 6901) into plain JSON values: how a snapshot's manifest says where
a thing sits (the session config in a request, the secret in a response). "" is the
whole document."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=256)
def tokens(pointer: str) -> tuple[str, ...]:
    """The pointer's steps. The pointers come from snapshot manifests, a handful in all, and
    are read on every request: each is split once."""
    if pointer and not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/' or is empty: {pointer!r}")
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]) if pointer else ()


_MISSING = object()


def get(document: Any, pointer: str, default: Any = None) -> Any:
    """The value at `pointer`, or `default` when any step is missing or not an object."""
    node = document
    for token in tokens(pointer):
        node = node.get(token, _MISSING) if isinstance(node, dict) else _MISSING
        if node is _MISSING:
            return default
    return node


def put(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """`document` with `value` at `pointer`: the objects on the way are new, the rest shared.
    A step that is missing, or not an object, becomes an object."""
    steps = tokens(pointer)
    if not steps:
        if not isinstance(value, dict):
            raise ValueError("only an object can be the whole document")
        return value
    head, rest = steps[0], "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in steps[1:])
    inner = document.get(head)
    return {**document, head: put(inner if isinstance(inner, dict) else {}, rest, value) if rest else value}
