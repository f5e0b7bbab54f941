"""X.509 certificates of the signing hierarchy: a country signing CA (CSCA) and its DSCs.

For the demo a command creates both; in production the CSCA lives offline and
only issues DSC certificates. A DSC carries the DCC extended key usage for test
certificates, so verifiers know it may sign test results and nothing else.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from printing.claims import ISSUER_COUNTRY
from printing.validity import EKU_TEST

log = logging.getLogger(__name__)

ORGANISATION: Final = "Ministry of Foreign Affairs of the People's Republic of China"
CSCA_VALIDITY: Final = timedelta(days=5 * 365)
DSC_VALIDITY: Final = timedelta(days=365)
#: Certificates start a little in the past so a verifier whose clock lags still accepts them.
CLOCK_SKEW: Final = timedelta(minutes=5)


def new_signing_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, ISSUER_COUNTRY),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def create_csca(
    *, key: ec.EllipticCurvePrivateKey, now: datetime, validity: timedelta = CSCA_VALIDITY
) -> x509.Certificate:
    """A self-signed country signing CA (demo only)."""
    name = _name("Consular Health Certificates CSCA (demo)")
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def create_dsc(
    *,
    key: ec.EllipticCurvePrivateKey,
    mission: str,
    csca: x509.Certificate,
    csca_key: ec.EllipticCurvePrivateKey,
    now: datetime,
    validity: timedelta = DSC_VALIDITY,
) -> x509.Certificate:
    """A document signer certificate for `mission`, issued by the CSCA, for test certificates."""
    not_before = now - CLOCK_SKEW
    not_after = min(now + validity, csca.not_valid_after_utc)
    if not_after <= now:
        raise ValueError("the CSCA expires too soon to issue a document signer certificate")
    public = key.public_key()
    csca_ski = csca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(_name(f"Consular DSC {mission} {now:%Y-%m-%d %H%M%S}"))
        .issuer_name(csca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ObjectIdentifier(EKU_TEST)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(csca_ski),
            critical=False,
        )
        .sign(csca_key, hashes.SHA256())
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
