"""TLS: verification is on; a private CA is trusted only when configured."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.central import CentralServer
from workstation import errors
from workstation.client import CentralClient, check_server_url

StartCentral = Callable[..., CentralServer]


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "central.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "central.pem", directory / "central.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),  # a throwaway test key in a temporary folder
        )
    )
    return cert_file, key_file


def test_untrusted_certificate_is_refused_then_trusted_with_the_ca(
    start_central: StartCentral, tmp_path: Path
) -> None:
    cert_file, key_file = self_signed(tmp_path)
    server = start_central(
        extra_args=["--tls-certfile", str(cert_file), "--tls-keyfile", str(key_file)]
    )
    assert server.url.startswith("https://")
    with pytest.raises(errors.TLSNotTrusted, match="not trusted"):
        CentralClient(server.url).info()
    trusted = CentralClient(server.url, ca_bundle=cert_file)
    assert trusted.info().protocol_version == 1


@pytest.mark.parametrize("url", ["http://central.example", "http://10.0.0.5:8740", "ftp://x"])
def test_plain_http_is_only_for_this_machine(url: str) -> None:
    with pytest.raises(errors.InsecureServerURL):
        check_server_url(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8740", "http://localhost:1", "https://c.example"]
)
def test_loopback_http_and_any_https_are_accepted(url: str) -> None:
    assert check_server_url(url) == url
