"""A DSC's extended key usage when `cryptography` refuses its extensions (as for real FI DSCs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtensionOID, NameOID

from printing.certs import new_signing_key
from printing.eku import EkuError, extended_key_usage
from printing.trustlist import TrustedSigner, TrustListError
from printing.validity import EKU_TEST, EKU_VACCINATION

#: BasicConstraints with cA FALSE written out: DER forbids encoding a DEFAULT, so the
#: strict parser refuses every extension of the certificate (the FI DSCs' quirk).
ENCODED_DEFAULT_BASIC_CONSTRAINTS = bytes.fromhex("3003010100")


def _oid_der(dotted: str) -> bytes:
    first, second, *rest = (int(arc) for arc in dotted.split("."))
    body = bytearray([40 * first + second])
    for arc in rest:
        chunk = [arc & 0x7F]
        while arc := arc >> 7:
            chunk.append(0x80 | (arc & 0x7F))
        body.extend(reversed(chunk))
    return bytes([0x06, len(body)]) + bytes(body)


def _sequence(*elements: bytes) -> bytes:
    body = b"".join(elements)
    return bytes([0x30, len(body)]) + body


def _dsc(*, eku_value: bytes | None) -> x509.Certificate:
    """A self-signed DSC whose BasicConstraints breaks the strict parse, with this raw EKU."""
    key = new_signing_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sloppy DSC")])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.UnrecognizedExtension(
                ExtensionOID.BASIC_CONSTRAINTS, ENCODED_DEFAULT_BASIC_CONSTRAINTS
            ),
            critical=True,
        )
    )
    if eku_value is not None:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(ExtensionOID.EXTENDED_KEY_USAGE, eku_value), critical=False
        )
    certificate = builder.sign(key, hashes.SHA256())
    with pytest.raises(ValueError):
        certificate.extensions  # noqa: B018 - the premise: the strict parser refuses them all
    return certificate


def test_the_eku_is_read_when_another_extension_is_mis_encoded() -> None:
    certificate = _dsc(eku_value=_sequence(_oid_der(EKU_TEST), _oid_der(EKU_VACCINATION)))
    assert extended_key_usage(certificate) == {EKU_TEST, EKU_VACCINATION}
    assert TrustedSigner.from_certificate(certificate).extended_key_usage == {
        EKU_TEST,
        EKU_VACCINATION,
    }


def test_a_certificate_without_an_eku_has_none() -> None:
    assert extended_key_usage(_dsc(eku_value=None)) == frozenset()


@pytest.mark.parametrize(
    "eku_value",
    [
        pytest.param(bytes.fromhex("0400"), id="an OCTET STRING, not a SEQUENCE"),
        pytest.param(_sequence(bytes.fromhex("020105")), id="an INTEGER among the purposes"),
        pytest.param(_sequence(bytes.fromhex("060180")), id="an OID cut short"),
        pytest.param(_sequence(_oid_der(EKU_TEST)) + b"\x00", id="bytes after the SEQUENCE"),
        pytest.param(_sequence(_oid_der(EKU_TEST))[:-2], id="a truncated SEQUENCE"),
    ],
)
def test_an_unreadable_eku_is_an_error_never_no_eku(eku_value: bytes) -> None:
    certificate = _dsc(eku_value=eku_value)
    with pytest.raises(EkuError, match="cannot be read"):
        extended_key_usage(certificate)
    # "No EKU" would let the DSC sign every certificate type: the trust list refuses it instead.
    with pytest.raises(TrustListError, match="cannot be read"):
        TrustedSigner.from_certificate(certificate)
