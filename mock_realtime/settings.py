"""One frozen Settings object. Each field is declared once, here; the CLI flag
(`--secret-ttl`) and the environment variable (`MOCK_REALTIME_SECRET_TTL`) are
derived from the field name, so a new setting is one new line below."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

ENV_PREFIX = "MOCK_REALTIME_"
# What the live API served side by side from September 2025 to May 2026.
DEFAULT_CONTRACTS = ("2024-12-17", "ga")


def _setting(
    default: Any, help: str, *, multiple: bool = False, choices: tuple[str, ...] = (),
    at_least: float | None = None, above: float | None = None, at_most: float | None = None,
) -> Any:
    """One field; `at_least`, `above` and `at_most` bound a number, checked when Settings is built."""
    meta = {"help": help, "multiple": multiple, "choices": choices,
            "at_least": at_least, "above": above, "at_most": at_most}
    if multiple:
        return field(default=(), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Settings:
    host: str = _setting("127.0.0.1", "Address to bind. Use 0.0.0.0 only where the port is private.")
    port: int = _setting(8000, "Port to listen on; 0 picks a free one.", at_least=0, at_most=65535)
    secret_ttl: int = _setting(
        0, "Seconds a client secret stays valid unless the request asks; 0 means the snapshot's own "
        "(60 s for 2024-12-17, 600 s for beta-final and ga).", at_least=0
    )
    api_key: tuple[str, ...] = _setting(
        (), "Accept only this API key (repeatable). Without it any Bearer key is accepted.", multiple=True
    )
    contract: tuple[str, ...] = _setting(
        (), "Contract snapshot to serve (repeatable): a name in contracts/, or the path of a snapshot folder. "
        "Without it: 2024-12-17 on POST /v1/realtime/sessions beside ga on POST /v1/realtime/client_secrets.",
        multiple=True,
    )
    beta_retired: bool = _setting(
        False, "Answer as the API has since 2026-05-12: beta-shaped calls get 400 beta_api_shape_disabled, "
        "a beta WebSocket handshake its one error frame and close 4000."
    )
    max_body_bytes: int = _setting(1_048_576, "Largest request body accepted; larger ones get 413.", at_least=1)
    max_secrets: int = _setting(10_000, "Most secrets remembered; the oldest are dropped first.", at_least=1)
    secret_retention: int = _setting(
        3600, "Seconds an expired secret is still remembered (reported as expired, not unknown).", at_least=0
    )
    journal_size: int = _setting(1000, "Most requests kept in the journal; the oldest are dropped first.", at_least=0)
    header_timeout: float = _setting(
        10.0, "Seconds a client has to send a request's headers; a slower one gets 408 and is disconnected.", above=0
    )
    body_timeout: float = _setting(
        10.0, "Seconds a request body may pause between two parts; a slower one gets 408 and is disconnected.", above=0
    )
    max_connections: int = _setting(
        2048, "Most connections open at once (WebSockets included); past it, 503 too_many_connections.", at_least=1
    )
    max_client_connections: int = _setting(
        1024, "Most connections open at once from one client address; past it, 503 too_many_connections.",
        at_least=1,
    )
    shutdown_timeout: float = _setting(
        1.0, "Seconds in-flight requests may take to finish after SIGTERM before they are cancelled.", at_least=0
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
    allowed_host: tuple[str, ...] = _setting(
        (), "Answer admin requests addressed to this Host name too (repeatable; '*' for any). "
        "Loopback names and the server's own address are always allowed.", multiple=True,
    )

    access_log: bool = _setting(True, "Log one line per request; turn off under heavy load.")
    loop: str = _setting(
        "auto", "Event loop. asyncio answers requests in turn even on a saturated core; uvloop streams "
        "audio about 15% faster, but on a saturated core leaves some requests waiting 20-40 times as long "
        "as the rest. auto: asyncio, but uvloop when serving TLS, where asyncio's transport at times left "
        "a wss:// handshake unanswered for seconds.", choices=("auto", "asyncio", "uvloop"),
    )
    pace_audio: bool = _setting(
        False, "Stream reply audio no faster than it plays; by default as fast as the socket takes it."
    )
    connection_events: int = _setting(
        1000, "Most events kept per Realtime connection for the journal (and at most --max-body-bytes of "
        "them); the oldest are dropped first.", at_least=0,
    )
    ssl_certfile: str = _setting(
        "", "Serve HTTPS and wss:// with this PEM certificate (chain); the key may be in it or in --ssl-keyfile."
    )
    ssl_keyfile: str = _setting("", "The PEM private key for --ssl-certfile.")
    self_signed: str = _setting(
        "", "Serve HTTPS and wss:// with a CA and a certificate for localhost, 127.0.0.1 and ::1, written "
        "into this folder (reused if already there); trust its ca.pem."
    )
    store: str = _setting(
        "memory://", "Where state lives: memory:// (this process) or redis://host:port/db, shared by replicas."
    )
    workers: int = _setting(1, "Server processes on the one port; more than 1 needs a shared --store.", at_least=1)

    def __post_init__(self) -> None:
        from mock_realtime.rate_limit import parse_rate_limit

        if isinstance(self.contract, str):  # one snapshot, named the way a single value is
            object.__setattr__(self, "contract", (self.contract,))
        parse_rate_limit(self.rate_limit)  # refuse a malformed limit before anything starts
        for f in dataclasses.fields(self):
            _check_bounds(f, getattr(self, f.name))
        if self.ssl_keyfile and not self.ssl_certfile:
            raise ValueError("--ssl-keyfile needs --ssl-certfile")
        if self.self_signed and self.ssl_certfile:
            raise ValueError("--self-signed writes its own certificate: drop --ssl-certfile, or --self-signed")
        self._check_workers()

    def _check_workers(self) -> None:
        """More than one worker is one mock only if they share their state, and mint unlike ids."""
        from mock_realtime.store.url import store_kind

        shared = store_kind(self.store) != "memory"  # refuses a malformed URL too
        if self.workers > 1 and not shared:
            raise ValueError(
                f"--workers {self.workers} needs a shared store: with memory:// each worker would have its own "
                "secrets, journal, faults, clock and quota, so a secret minted by one would fail on the next. "
                "Add --store redis://HOST:PORT/DB (MOCK_REALTIME_STORE)."
            )
        if self.workers > 1 and self.seed is not None:
            raise ValueError(f"--workers {self.workers} with --seed: every worker would mint the same ids "
                             "and secrets from the seed; seed a single process instead.")

    @property
    def served_contracts(self) -> tuple[str, ...]:
        return self.contract or DEFAULT_CONTRACTS


def _check_bounds(f: dataclasses.Field[Any], value: Any) -> None:
    """A number out of its field's bounds is refused before anything starts: a negative
    --max-secrets made every POST a 500, a negative --header-timeout answered every
    connection 408, a negative --secret-ttl minted keys already expired."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    flag = "--" + f.name.replace("_", "-")
    at_least, above, at_most = f.metadata["at_least"], f.metadata["above"], f.metadata["at_most"]
    if at_least is not None and value < at_least:
        raise ValueError(f"{flag} must be at least {at_least:g}, not {value:g}")
    if above is not None and value <= above:
        raise ValueError(f"{flag} must be more than {above:g}, not {value:g}")
    if at_most is not None and value > at_most:
        raise ValueError(f"{flag} must be at most {at_most:g}, not {value:g}")


def setting_fields() -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(Settings))


def env_var(name: str) -> str:
    return ENV_PREFIX + name.upper()
