"""When a certificate is valid, and which certificate types a signing key may sign.

Expiry follows the EU reference test rule: at the verification clock,
DSC notBefore <= iat <= clock <= exp <= DSC notAfter. Key usage follows the DCC
extended key usages: a DSC that names any of them may sign only those types; a
DSC that names none may sign every type.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from printing.cwt import CwtClaims
from printing.failures import CertificateError, Failure
from printing.trustlist import TrustedSigner

log = logging.getLogger(__name__)

EKU_TEST: Final = "1.3.6.1.4.1.1847.2021.1.1"
EKU_VACCINATION: Final = "1.3.6.1.4.1.1847.2021.1.2"
EKU_RECOVERY: Final = "1.3.6.1.4.1.1847.2021.1.3"


def _with_variant(oid: str) -> frozenset[str]:
    # Some early DSCs were issued with a stray ".0" arc; verifiers accept both spellings.
    return frozenset({oid, oid.replace("1.3.6.1.4.1.1847", "1.3.6.1.4.1.0.1847", 1)})


#: Certificate type (the DCC group key) -> the EKU OIDs that allow signing it.
EKU_FOR_TYPE: Final[dict[str, frozenset[str]]] = {
    "t": _with_variant(EKU_TEST),
    "v": _with_variant(EKU_VACCINATION),
    "r": _with_variant(EKU_RECOVERY),
}
_DCC_USAGES: Final = frozenset().union(*EKU_FOR_TYPE.values())
TYPE_NAMES: Final = {"t": "test", "v": "vaccination", "r": "recovery"}


def check_expiry(claims: CwtClaims, signer: TrustedSigner, at: datetime) -> None:
    """Raise `CertificateError(NOT_YET_VALID | EXPIRED)` unless valid at `at`."""
    iat, exp = claims.issued_at, claims.expires_at
    if iat is None:
        raise CertificateError(Failure.NOT_YET_VALID, "it states no issue time (iat)")
    if exp is None:
        raise CertificateError(Failure.EXPIRED, "it states no expiry time (exp)")
    if at < iat:
        raise CertificateError(
            Failure.NOT_YET_VALID, f"it is issued for {_stamp(iat)}, the clock says {_stamp(at)}"
        )
    if at > exp:
        raise CertificateError(Failure.EXPIRED, f"it expired at {_stamp(exp)}")
    if iat < signer.not_before:
        raise CertificateError(
            Failure.NOT_YET_VALID,
            f"it was issued at {_stamp(iat)}, before its signing certificate became valid "
            f"({_stamp(signer.not_before)})",
        )
    if exp > signer.not_after:
        raise CertificateError(
            Failure.EXPIRED,
            f"it claims validity until {_stamp(exp)}, beyond its signing certificate "
            f"({_stamp(signer.not_after)})",
        )


def check_key_usage(types: Iterable[str], signer: TrustedSigner) -> None:
    """Raise `CertificateError(KEY_USAGE)` if the DSC's EKU does not allow every type."""
    allowed = signer.extended_key_usage & _DCC_USAGES
    if not allowed:
        return
    refused = sorted(t for t in types if not (EKU_FOR_TYPE.get(t, frozenset()) & allowed))
    if refused:
        may_sign = sorted(TYPE_NAMES[t] for t, oids in EKU_FOR_TYPE.items() if oids & allowed)
        raise CertificateError(
            Failure.KEY_USAGE,
            f"it is a {' and '.join(TYPE_NAMES.get(t, t) for t in refused)} certificate, but its "
            f"signing key may only sign {', '.join(may_sign)} certificates",
        )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
