"""Keys never leave the mock whole: not in the journal, the logs or error messages."""

from __future__ import annotations

from collections.abc import Iterable


def mask_key(key: str) -> str:
    """OpenAI's masking: the first 3 and last 4 characters survive; short keys vanish."""
    if len(key) < 8:
        return "*" * len(key)
    return f"{key[:3]}{'*' * (len(key) - 7)}{key[-4:]}"


def redact_authorization(value: str) -> str:
    scheme, _, credential = value.partition(" ")
    if not credential:
        return mask_key(value)
    return f"{scheme} {mask_key(credential.strip())}"


# Headers that carry a credential: OpenAI's Bearer header, a proxy's, and the bare-key
# headers of Azure OpenAI and API gateways, which clients pointed at a mock may still send.
_CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "api-key", "x-api-key")


KEY_SUBPROTOCOL = "openai-insecure-api-key."


def redact_subprotocols(value: str) -> str:
    """Browsers send their key as a WebSocket subprotocol; only that entry is masked."""
    offered = [p.strip() for p in value.split(",")]
    return ", ".join(
        KEY_SUBPROTOCOL + mask_key(p[len(KEY_SUBPROTOCOL):]) if p.startswith(KEY_SUBPROTOCOL) else p
        for p in offered
    )


def redact_path(path: str) -> str:
    """A path with any key in it masked: /__mock/secrets/{value} carries a client secret."""
    if "ek_" not in path and "sk-" not in path:  # every request's log line asks; most carry no key
        return path
    return "/".join(mask_key(part) if part.startswith(("ek_", "sk-")) else part for part in path.split("/"))


def redact_cookies(value: str) -> str:
    """A session cookie is a credential too: each cookie keeps its name, its value masked."""
    cookies = [part.strip().partition("=") for part in value.split(";") if part.strip()]
    return "; ".join(f"{name}={mask_key(v)}" if has_value else mask_key(name) for name, has_value, v in cookies)


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased header names; every credential header, cookie value and key offered as
    a WebSocket subprotocol masked. A repeated header shows its first value, the one the
    server reads (Starlette's `headers.get`), so the journal names the key that was checked."""
    redacted: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in redacted:
            continue
        if lowered in _CREDENTIAL_HEADERS:
            value = redact_authorization(value)
        elif lowered == "sec-websocket-protocol":
            value = redact_subprotocols(value)
        elif lowered == "cookie":
            value = redact_cookies(value)
        redacted[lowered] = value
    return redacted
