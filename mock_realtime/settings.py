"""One frozen Settings object. Each field is declared once, here; the CLI flag
(`--secret-ttl`) and the environment variable (`MOCK_REALTIME_SECRET_TTL`) are
derived from the field name, so a new setting is one new line below."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

ENV_PREFIX = "MOCK_REALTIME_"


def _setting(default: Any, help: str, *, multiple: bool = False, choices: tuple[str, ...] = ()) -> Any:
    meta = {"help": help, "multiple": multiple, "choices": choices}
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
    contract: str = _setting(
        "2024-12-17", "Contract snapshot to serve: a name in contracts/, or the path of a snapshot folder."
    )
    max_body_bytes: int = _setting(1_048_576, "Largest request body accepted; larger ones get 413.")
    max_secrets: int = _setting(10_000, "Most secrets remembered; the oldest are dropped first.")
    secret_retention: int = _setting(
        3600, "Seconds an expired secret is still remembered (reported as expired, not unknown)."
    )
    journal_size: int = _setting(1000, "Most requests kept in the journal; the oldest are dropped first.")
    header_timeout: float = _setting(
        10.0, "Seconds a client has to send a request's headers; a slower one gets 408 and is disconnected."
    )
    shutdown_timeout: float = _setting(
        1.0, "Seconds in-flight requests may take to finish after SIGTERM before they are cancelled."
    )
    cors_origin: tuple[str, ...] = _setting(
        (), "Let this origin call POST /v1/realtime/sessions from a browser (repeatable). Off unless set.",
        multiple=True,
    )
    log_format: str = _setting(
        "text", "Access log format: a line of text or a JSON object per request.", choices=("text", "json")
    )
    rate_limit: str = _setting(
        "", "Answer 429, as OpenAI does, past this many requests a minute (e.g. 60/min)."
    )
    seed: int | None = _setting(None, "Seed for reproducible session ids and client secrets (tests only).")
    admin: bool = _setting(True, "Serve the admin API under /__mock/.")
    admin_token: str = _setting(
        "", "Require 'Authorization: Bearer TOKEN' on /__mock/ (except /__mock/health)."
    )

    access_log: bool = _setting(True, "Log one line per request; turn off under heavy load.")
    store: str = _setting(
        "memory://", "Where state lives: memory:// (this process) or redis://host:port/db, shared by replicas."
    )
    workers: int = _setting(1, "Server processes on the one port; more than 1 needs a shared --store.")

    def __post_init__(self) -> None:
        from mock_realtime.rate_limit import parse_rate_limit

        parse_rate_limit(self.rate_limit)  # refuse a malformed limit before anything starts
        self._check_workers()

    def _check_workers(self) -> None:
        """More than one worker is one mock only if they share their state, and mint unlike ids."""
        from mock_realtime.store.url import store_kind

        shared = store_kind(self.store) != "memory"  # refuses a malformed URL too
        if self.workers < 1:
            raise ValueError(f"--workers {self.workers}: there must be at least one worker")
        if self.workers > 1 and not shared:
            raise ValueError(
                f"--workers {self.workers} needs a shared store: with memory:// each worker would have its own "
                "secrets, journal, faults, clock and quota, so a secret minted by one would fail on the next. "
                "Add --store redis://HOST:PORT/DB (MOCK_REALTIME_STORE)."
            )
        if self.workers > 1 and self.seed is not None:
            raise ValueError(f"--workers {self.workers} with --seed: every worker would mint the same ids "
                             "and secrets from the seed; seed a single process instead.")


def setting_fields() -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(Settings))


def env_var(name: str) -> str:
    return ENV_PREFIX + name.upper()
