"""TLS for the server: the certificate and key uvicorn serves HTTPS and wss:// with. Either
the user's own (--ssl-certfile, --ssl-keyfile), or a self-signed set for loopback
(--self-signed DIR): a CA, and a server certificate it issued for localhost, 127.0.0.1
and ::1. A client trusts the mock by trusting the CA file (SSL_CERT_FILE for Python,
NODE_EXTRA_CA_CERTS for Node)."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_realtime.settings import Settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CA_FILE, CERT_FILE, KEY_FILE = "ca.pem", "cert.pem", "key.pem"
TLS_EXTRA_MISSING = "--self-signed needs the tls extra: pip install 'mock-realtime[tls]'"


@dataclass(frozen=True, kw_only=True)
class TLSFiles:
    certfile: str
    keyfile: str | None  # None: the key is in certfile
    ca_file: str | None  # None: the user's own certificate, whose CA the mock does not know

    def uvicorn_options(self) -> dict[str, Any]:
        return {"ssl_certfile": self.certfile, "ssl_keyfile": self.keyfile}


def tls_files(settings: Settings) -> TLSFiles | None:
    """The files to serve TLS with, or None for plain HTTP and ws://."""
    if settings.self_signed:
        return write_self_signed(Path(settings.self_signed))
    if settings.ssl_certfile:
        return TLSFiles(certfile=settings.ssl_certfile, keyfile=settings.ssl_keyfile or None, ca_file=None)
    return None


def check_tls_extra(settings: Settings) -> None:
    """Refuse --self-signed up front, as a usage error, when trustme is not installed."""
    if settings.self_signed and importlib.util.find_spec("trustme") is None:
        raise ValueError(TLS_EXTRA_MISSING)


def write_self_signed(directory: Path) -> TLSFiles:
    """ca.pem, cert.pem and key.pem in `directory`. A complete set already there is reused,
    so a client that trusts the CA goes on trusting it when the mock restarts."""
    ca_file, certfile, keyfile = directory / CA_FILE, directory / CERT_FILE, directory / KEY_FILE
    files = TLSFiles(certfile=str(certfile), keyfile=str(keyfile), ca_file=str(ca_file))
    if all(path.is_file() for path in (ca_file, certfile, keyfile)):
        return files
    try:
        import trustme
    except ImportError:
        raise ValueError(TLS_EXTRA_MISSING) from None
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="mock-realtime", organization_unit_name="self-signed test CA")
    server = ca.issue_cert(*LOOPBACK_NAMES)
    _write(keyfile, server.private_key_pem.bytes(), mode=0o600)  # a private key: its owner only
    _write(certfile, b"".join(blob.bytes() for blob in server.cert_chain_pems))
    _write(ca_file, ca.cert_pem.bytes())
    return files


def _write(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
