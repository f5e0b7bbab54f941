"""The extended key usages (EKU) of a document signer certificate, even from a sloppy encoder.

`cryptography` parses extensions strictly (DER) and refuses all of them if one is
mis-encoded: real DSCs carry e.g. an explicitly encoded default in
BasicConstraints or an empty EKU sequence, and other countries' verifiers (built
on lenient parsers) accept them. When the strict parse fails, the EKU extension
alone is read from the TBSCertificate with the minimal DER walk below. An
unreadable EKU is an error, never "no EKU" (which would allow every type).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Final

from cryptography import x509

log = logging.getLogger(__name__)

_SEQUENCE: Final = 0x30
_OID: Final = 0x06
_OCTET_STRING: Final = 0x04
_EXTENSIONS: Final = 0xA3  # [3] EXPLICIT in TBSCertificate
_EKU_OID: Final = bytes.fromhex("551d25")  # 2.5.29.37


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
    except (IndexError, ValueError) as exc:
        raise EkuError(f"the certificate's extensions cannot be read ({exc})") from None


def _eku_from_tbs(tbs: bytes) -> frozenset[str]:
    ((tag, body),) = _elements(tbs)
    if tag != _SEQUENCE:
        raise ValueError("TBSCertificate is not a SEQUENCE")
    for tag, content in _elements(body):
        if tag != _EXTENSIONS:
            continue
        ((inner_tag, extensions),) = _elements(content)
        if inner_tag != _SEQUENCE:
            raise ValueError("Extensions is not a SEQUENCE")
        for ext_tag, extension in _elements(extensions):
            if ext_tag != _SEQUENCE:
                raise ValueError("an Extension is not a SEQUENCE")
            parts = list(_elements(extension))
            if parts and parts[0] == (_OID, _EKU_OID):
                value = next(c for t, c in parts if t == _OCTET_STRING)
                ((seq_tag, oids),) = _elements(value)
                if seq_tag != _SEQUENCE:
                    raise ValueError("ExtKeyUsageSyntax is not a SEQUENCE")
                return frozenset(_dotted(c) for t, c in _elements(oids) if t == _OID)
    return frozenset()


def _elements(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, content) of each DER element in `data`, in order."""
    position = 0
    while position < len(data):
        tag = data[position]
        length = data[position + 1]
        position += 2
        if length & 0x80:
            count = length & 0x7F
            if not 1 <= count <= 4:
                raise ValueError("unsupported DER length")
            length = int.from_bytes(data[position : position + count], "big")
            position += count
        if position + length > len(data):
            raise ValueError("a DER element runs past its end")
        yield tag, data[position : position + length]
        position += length


def _dotted(oid: bytes) -> str:
    arcs: list[int] = []
    value = 0
    for byte in oid:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        raise ValueError("empty OID")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first, *arcs[1:]])
