"""One frozen Settings object. Each field is declared once, here; the CLI flag
(`--secret-ttl`) and the environment variable (`MOCK_REALTIME_SECRET_TTL`) are
derived from the field name, so a new setting is one new line below."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

ENV_PREFIX = "MOCK_REALTIME_"


def _setting(default: Any, help: str, *, multiple: bool = False) -> Any:
    meta = {"help": help, "multiple": multiple}
    if multiple:
        return field(default=(), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Settings:
    host: str = _setting("127.0.0.1", "Address to bind. Use 0.0.0.0 only where the port is private.")
    port: int = _setting(8000, "Port to listen on; 0 picks a free one.")
    secret_ttl: int = _setting(
        0, "Seconds a client secret stays valid; 0 means the contract's own TTL (60 s for 2024-12-17)."
    )
    api_key: tuple[str, ...] = _setting(
        (), "Accept only this API key (repeatable). Without it any Bearer key is accepted.", multiple=True
    )
    contract: str = _setting("2024-12-17", "Which contract snapshot in contracts/ to serve.")
    max_body_bytes: int = _setting(1_048_576, "Largest request body accepted; larger ones get 413.")
    max_secrets: int = _setting(10_000, "Most secrets remembered; the oldest are dropped first.")
    secret_retention: int = _setting(
        3600, "Seconds an expired secret is still remembered (reported as expired, not unknown)."
    )
    journal_size: int = _setting(1000, "Most requests kept in the journal; the oldest are dropped first.")
    access_log: bool = _setting(True, "Log one line per request; turn off under heavy load.")


def setting_fields() -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(Settings))


def env_var(name: str) -> str:
    return ENV_PREFIX + name.upper()
