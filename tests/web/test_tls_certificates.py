"""--self-signed DIR: a CA and a server certificate for the loopback names, written with
trustme (no openssl), the key private to its owner, and reused across restarts."""

from __future__ import annotations

import ipaddress
import stat

import pytest
from click.testing import CliRunner
from cryptography import x509

from mock_realtime.cli import main
from mock_realtime.settings import Settings
from mock_realtime.web.tls import tls_files, write_self_signed


def _subject_alt_names(pem: bytes) -> tuple[list[str], list[str]]:
    cert = x509.load_pem_x509_certificate(pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return names.get_values_for_type(x509.DNSName), [str(a) for a in names.get_values_for_type(x509.IPAddress)]


def test_self_signed_certificate_names_localhost_and_both_loopback_addresses(tmp_path) -> None:
    files = write_self_signed(tmp_path / "certs")
    with open(files.certfile, "rb") as cert:
        assert _subject_alt_names(cert.read()) == (["localhost"], ["127.0.0.1", str(ipaddress.ip_address("::1"))])


def test_self_signed_server_certificate_is_issued_by_the_ca_file(tmp_path) -> None:
    files = write_self_signed(tmp_path)
    assert files.ca_file is not None
    with open(files.ca_file, "rb") as ca_pem, open(files.certfile, "rb") as cert_pem:
        ca, cert = x509.load_pem_x509_certificate(ca_pem.read()), x509.load_pem_x509_certificate(cert_pem.read())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)


def test_self_signed_key_is_readable_by_its_owner_only(tmp_path) -> None:
    files = write_self_signed(tmp_path)
    assert files.keyfile is not None
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600


def test_self_signed_set_already_there_is_reused(tmp_path) -> None:
    first = write_self_signed(tmp_path)
    ca_before = (tmp_path / "ca.pem").read_bytes()
    assert write_self_signed(tmp_path) == first
    assert (tmp_path / "ca.pem").read_bytes() == ca_before


def test_tls_files_follow_the_settings(tmp_path) -> None:
    assert tls_files(Settings()) is None
    own = tls_files(Settings(ssl_certfile="/etc/mock/cert.pem"))
    assert own is not None
    assert (own.certfile, own.keyfile, own.ca_file) == ("/etc/mock/cert.pem", None, None)
    made = tls_files(Settings(self_signed=str(tmp_path)))
    assert made is not None
    assert made.ca_file == str(tmp_path / "ca.pem")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--ssl-keyfile", "key.pem"], "--ssl-keyfile needs --ssl-certfile", id="key-alone"),
        pytest.param(["--self-signed", "certs", "--ssl-certfile", "cert.pem"], "drop --ssl-certfile",
                     id="both-kinds"),
    ],
)
def test_serve_refuses_tls_options_that_do_not_fit_together(args, message) -> None:
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_self_signed_is_a_variable_too(monkeypatch, tmp_path) -> None:
    seen: list[Settings] = []
    monkeypatch.setattr("mock_realtime.web.server.run", seen.append)
    result = CliRunner().invoke(main, ["serve"], env={"MOCK_REALTIME_SELF_SIGNED": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert seen == [Settings(self_signed=str(tmp_path))]


def test_self_signed_without_trustme_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None if name == "trustme" else object())
    result = CliRunner().invoke(main, ["serve", "--self-signed", "certs"])
    assert result.exit_code == 2
    assert "pip install 'mock-realtime[tls]'" in result.output
