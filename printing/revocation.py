"""Revocation: is a certificate identifier (UVCI) in the issuer's published revocation list?

The central server publishes `protocol.RevocationList` at `GET /api/v1/revocations`: the
SHA-256 (lower-case hex) of each revoked certificate identifier, exactly as it appears in
the certificate's `ci` field (e.g. "URN:UVCI:01:CN:...#c"), as the DCC revocation scheme does.
The copy handed to other countries is signed by the mission's CSCA
(`keys sign-revocations`, `printing.signed_lists`); `verify` checks that signature and
the list's age before it uses the list.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from printing.boundary import read_bounded, validation_problems
from workstation.protocol import RevocationList

log = logging.getLogger(__name__)

MAX_REVOCATION_FILE_BYTES: Final = 50 * 1024 * 1024


class RevocationListError(ValueError):
    """A revocation list file cannot be used; the message says why."""


def uvci_hash(certificate_id: str) -> str:
    return hashlib.sha256(certificate_id.encode("utf-8")).hexdigest()


class RevocationIndex:
    """A revocation list prepared for fast look-ups."""

    def __init__(self, revocations: RevocationList) -> None:
        self.revocations = revocations
        self._hashes = frozenset(revocations.revoked_uvci_sha256)

    def revoked(self, certificate_ids: Iterable[str]) -> str | None:
        """The first of `certificate_ids` that is revoked, or None."""
        return next((ci for ci in certificate_ids if uvci_hash(ci) in self._hashes), None)


def load_revocations(path: Path) -> RevocationList:
    """A `RevocationList` JSON file, as the server publishes it, validated at the boundary."""
    data = read_bounded(path, limit=MAX_REVOCATION_FILE_BYTES, error=RevocationListError)
    return parse_revocations(data, source=str(path))


def parse_revocations(data: bytes, *, source: str = "the revocation list") -> RevocationList:
    """A `RevocationList` from JSON bytes (a file's, or a signed list's payload)."""
    try:
        return RevocationList.model_validate_json(data)
    except ValidationError as exc:
        raise RevocationListError(
            f"{source} is not a revocation list: {validation_problems(exc)}"
        ) from None
