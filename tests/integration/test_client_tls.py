"""TLS: verification is on; a private CA is trusted only when configured."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.central import CentralServer
from tests.support.tls import self_signed
from workstation import errors
from workstation.client import CentralClient, check_server_url

StartCentral = Callable[..., CentralServer]


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
