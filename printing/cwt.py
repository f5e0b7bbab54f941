"""The CBOR Web Token (RFC 8392) claim set of a health certificate.

Claim keys: 1 iss (issuer country), 4 exp, 6 iat (seconds since the epoch), and
-260 hcert holding {1: the EU DCC payload}. Text-keyed claims carry what the DCC
has no field for; ours is `IGM_CLAIM` (filled by `printing.claims`). Decoding accepts
what issuers really send and turns anything else into `Failure.CLAIMS`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import cbor2

from printing.failures import CertificateError, Failure

log = logging.getLogger(__name__)

CLAIM_ISS: Final = 1
CLAIM_EXP: Final = 4
CLAIM_IAT: Final = 6
CLAIM_HCERT: Final = -260
HCERT_EU_DCC: Final = 1
#: Our text-keyed claim: the newest serum IgM antibody test (see `printing.claims`).
IGM_CLAIM: Final = "cn.consular/igm"

#: How deep a payload may nest once turned into JSON values (a DCC needs 4).
_MAX_JSON_DEPTH: Final = 16

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class CwtClaims:
    dcc: dict[str, Any]
    issuer: str | None = None
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    #: Text-keyed claims, e.g. {"cn.consular/igm": {...}}.
    extensions: dict[str, Any] = field(default_factory=dict)

    def to_cbor(self) -> bytes:
        claims: dict[Any, Any] = {}
        if self.issuer is not None:
            claims[CLAIM_ISS] = self.issuer
        if self.issued_at is not None:
            claims[CLAIM_IAT] = int(self.issued_at.timestamp())
        if self.expires_at is not None:
            claims[CLAIM_EXP] = int(self.expires_at.timestamp())
        claims[CLAIM_HCERT] = {HCERT_EU_DCC: self.dcc}
        claims.update(self.extensions)
        return cbor2.dumps(claims)

    @property
    def certificate_types(self) -> frozenset[str]:
        """Which of v (vaccination), t (test), r (recovery) the payload holds."""
        return frozenset(k for k in ("v", "t", "r") if k in self.dcc)

    @property
    def certificate_ids(self) -> tuple[str, ...]:
        ids: list[str] = []
        for group in ("v", "t", "r"):
            entries = self.dcc.get(group)
            if isinstance(entries, list):
                ids.extend(e["ci"] for e in entries if isinstance(e, dict) and "ci" in e)
        return tuple(i for i in ids if isinstance(i, str))


def claims_from_map(claims: Any) -> CwtClaims:
    """Read a decoded CWT claim map; raise `CertificateError(CLAIMS)` when it is none."""
    if not isinstance(claims, Mapping):
        raise CertificateError(Failure.CLAIMS, "the signed payload is not a CWT claim map")
    hcert = claims.get(CLAIM_HCERT)
    if not isinstance(hcert, Mapping) or not isinstance(hcert.get(HCERT_EU_DCC), Mapping):
        raise CertificateError(Failure.CLAIMS, "the payload holds no EU DCC (claim -260 / 1)")
    issuer = claims.get(CLAIM_ISS)
    if issuer is not None and not isinstance(issuer, str):
        raise CertificateError(Failure.CLAIMS, "the issuer (iss) is not text")
    extensions = _extensions(claims)
    return CwtClaims(
        dcc=_json_object(hcert[HCERT_EU_DCC]),
        issuer=issuer,
        issued_at=_time_claim(claims, CLAIM_IAT, "issued-at (iat)"),
        expires_at=_time_claim(claims, CLAIM_EXP, "expiry (exp)"),
        extensions=extensions,
    )


def _extensions(claims: Mapping[Any, Any]) -> dict[str, Any]:
    # Other issuers' private claims must not make their certificate unreadable: keep what JSON
    # can carry, skip the rest.
    extensions: dict[str, Any] = {}
    for key, value in claims.items():
        if isinstance(key, str):
            try:
                extensions[key] = json_value(value)
            except CertificateError:
                log.debug("skipped private claim %r that JSON cannot carry", key)
    return extensions


def _time_claim(claims: Mapping[Any, Any], key: int, name: str) -> datetime | None:
    value = claims.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CertificateError(Failure.CLAIMS, f"the {name} claim is not a number")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise CertificateError(Failure.CLAIMS, f"the {name} claim is out of range") from None


def _json_object(value: Any) -> dict[str, Any]:
    result = json_value(value)
    if not isinstance(result, dict):
        raise CertificateError(Failure.CLAIMS, "the DCC is not a map")
    return result


def json_value(value: Any, depth: int = 0) -> JsonValue:
    """The payload as plain JSON values: what the schema, the display and `--json` need."""
    if depth > _MAX_JSON_DEPTH:
        raise CertificateError(Failure.CLAIMS, "the payload nests too deeply")
    kind = type(value)  # exact-type fast paths first: this runs for every verification
    if kind is str or kind is int or value is None or kind is bool:
        return value  # type: ignore[no-any-return]
    if isinstance(value, float):
        if not math.isfinite(value):  # CBOR can carry NaN and infinity; JSON cannot
            raise CertificateError(Failure.CLAIMS, "the payload holds a number that is not finite")
        return value
    if kind is dict and all(type(k) is str for k in value):
        return {k: json_value(v, depth + 1) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [json_value(v, depth + 1) for v in value]
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [json_value(v, depth + 1) for v in value]
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            raise CertificateError(Failure.CLAIMS, "a map in the DCC has a key that is not text")
        return {k: json_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    raise CertificateError(
        Failure.CLAIMS, f"the payload holds a {type(value).__name__}, which JSON cannot carry"
    )
