"""The extended key usages (EKU) of a document signer certificate, even from a sloppy encoder.

`cryptography` parses extensions strictly (DER) and refuses all of them if one is
mis-encoded: real DSCs carry e.g. an explicitly encoded default in
BasicConstraints or an empty EKU sequence, and other countries' verifiers (built
on lenient parsers) accept them. When the strict parse fails, the EKU extension
alone is read from the TBSCertificate with asn1crypto, which decodes each
extension only when asked for it. An unreadable EKU is an error, never "no EKU"
(which would allow every type).
"""

from __future__ import annotations

import logging
import re
from typing import Final

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

log = logging.getLogger(__name__)

_EKU_OID: Final = ExtensionOID.EXTENDED_KEY_USAGE.dotted_string
# asn1crypto turns an OID whose last arc is cut short into "" rather than failing.
_DOTTED_OID: Final = re.compile(r"[0-2](\.\d+)+")


class EkuError(ValueError):
    """The certificate's extended key usage cannot be read."""


def extended_key_usage(certificate: x509.Certificate) -> frozenset[str]:
    """Dotted OIDs of the certificate's EKU extension; empty when it has none."""
    try:
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        return frozenset(oid.dotted_string for oid in eku)
    except x509.ExtensionNotFound:
        return frozenset()
    except ValueError as exc:
        log.debug("strict extension parse failed (%s); reading the EKU leniently", exc)
    try:
        return _eku_from_tbs(certificate.tbs_certificate_bytes)
    except ValueError as exc:  # asn1crypto reports every malformed encoding as a ValueError
        raise EkuError(f"the certificate's extensions cannot be read ({exc})") from None


def _eku_from_tbs(tbs: bytes) -> frozenset[str]:
    # Imported only for a sloppy certificate: `verify` of a well-formed one never needs it.
    from asn1crypto import core
    from asn1crypto import x509 as asn1_x509

    extensions = asn1_x509.TbsCertificate.load(tbs, strict=True)["extensions"]
    if isinstance(extensions, core.Void):
        return frozenset()
    for extension in extensions:
        if extension["extn_id"].dotted != _EKU_OID:
            continue
        # The OCTET STRING's bytes, decoded here with strict=True (`.parsed` would ignore
        # trailing bytes); the other extensions stay undecoded, however they are encoded.
        purposes = asn1_x509.ExtKeyUsageSyntax.load(extension["extn_value"].contents, strict=True)
        dotted = [purpose.dotted for purpose in purposes]
        if not all(_DOTTED_OID.fullmatch(oid) for oid in dotted):
            raise ValueError("a key purpose is not a well-formed OID")
        return frozenset(dotted)
    return frozenset()
