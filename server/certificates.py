"""Certificate identifiers (UVCI) and the public revocation list.

The identifier follows the EU DCC UVCI scheme: `URN:UVCI:01:<country>:<unique>#<check>`,
where the check character is Luhn mod N over the whole string before `#`
with the scheme's 38-character alphabet. The revocation list publishes the
SHA-256 of each revoked identifier, never the identifier itself.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import CaseRow
from workstation.protocol import RevocationList

log = logging.getLogger(__name__)

UVCI_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:"


def luhn_mod_n_check_character(text: str) -> str:
    """The character that makes `text + it` pass Luhn mod N over `UVCI_ALPHABET`."""
    n = len(UVCI_ALPHABET)
    total = 0
    factor = 2
    for character in reversed(text):
        addend = factor * UVCI_ALPHABET.index(character)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return UVCI_ALPHABET[(n - total % n) % n]


def new_certificate_id(country: str) -> str:
    # 15 random bytes = 24 base32 characters, 120 bits: collisions are not a concern.
    unique = base64.b32encode(secrets.token_bytes(15)).decode("ascii")
    body = f"URN:UVCI:01:{country}:{unique}"
    return f"{body}#{luhn_mod_n_check_character(body)}"


def uvci_digest(certificate_id: str) -> str:
    return hashlib.sha256(certificate_id.encode("utf-8")).hexdigest()


def revocation_list(session: Session, *, country: str, now: datetime) -> RevocationList:
    revoked = session.scalars(
        select(CaseRow.certificate_id).where(
            CaseRow.certificate_revoked_at.is_not(None), CaseRow.certificate_id.is_not(None)
        )
    ).all()
    return RevocationList(
        issued_at=now,
        issuer_country=country,
        revoked_uvci_sha256=sorted(uvci_digest(c) for c in revoked if c is not None),
    )
