"""The --store URL: `memory://` (the default: this process alone) or
`redis://[user:password@]host[:port][/db]` (`rediss://` for TLS), shared by replicas."""

from __future__ import annotations

from urllib.parse import urlsplit

MEMORY = "memory://"
_REDIS_SCHEMES = ("redis", "rediss")


def store_kind(url: str) -> str:
    """'memory' or 'redis'; anything else is refused with the forms that are accepted."""
    if url == MEMORY:
        return "memory"
    parts = urlsplit(url)
    if parts.scheme in _REDIS_SCHEMES and parts.hostname:
        db = parts.path.strip("/")
        if db and not db.isdigit():
            raise ValueError(f"store URL {redacted(url)!r}: the path must be a database number, such as /0")
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise ValueError(f"store URL {redacted(url)!r} has an invalid port") from None
        return "redis"
    raise ValueError(f"store URL {redacted(url)!r} is neither memory:// nor redis://host:port/db")


def redacted(url: str) -> str:
    """The URL as logs and health answers may show it: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()
