"""Verifying what a border officer or clerk is handed: PDFs, scans and photos, or HC1 text.

`verify()` finds every certificate code in the inputs and checks each against
the trust list (and the revocation list, when there is one). A PDF yields one
result per page (a batch holds one certificate per page): a page without a
readable code, and the pages beyond the page limit, are results that cannot be
read, so the exit code says the batch was not wholly verified. A PDF in which
no page has a code, and anything else that cannot be read, yields one result
saying why, never an exception.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Final

from printing.failures import CertificateError, Failure
from printing.revocation import RevocationIndex
from printing.scan import ScannedCode, scan_file
from printing.trustlist import TrustList
from printing.verification import VerificationResult, unreadable, verify_hc1
from workstation.protocol import RevocationList

log = logging.getLogger(__name__)

#: Text that looks like a code's content ("HC1:...", but also "HC2:" or "HL0:", which must be
#: refused as the wrong kind of code rather than reported as a missing file).
_CODE_TEXT: Final = re.compile(r"^[A-Z]{2}[A-Z0-9]:")


class ExitCode(IntEnum):
    VALID = 0
    INVALID = 1
    UNREADABLE = 2


def verify(
    inputs: Sequence[str | Path],
    trust: TrustList,
    at: datetime | None = None,
    revocations: RevocationList | None = None,
) -> list[VerificationResult]:
    """One result per certificate found (or per input that holds none)."""
    index = RevocationIndex(revocations) if revocations is not None else None
    results: list[VerificationResult] = []
    for item in inputs:
        if isinstance(item, str) and _CODE_TEXT.match(item.lstrip()):
            results.append(verify_hc1(item, trust, at=at, revocations=index, source="HC1 text"))
            continue
        path = Path(item)
        try:
            if not path.exists():
                raise CertificateError(Failure.FILE, f"no such file: {path}")
            if not path.is_file():
                raise CertificateError(Failure.FILE, f"{path} is not a regular file")
            findings = scan_file(path)
        except CertificateError as exc:
            results.append(unreadable(str(path), exc))
            continue
        results.extend(
            verify_hc1(found.text, trust, at=at, revocations=index, source=found.source)
            if isinstance(found, ScannedCode)
            else unreadable(found.source, found.problem)
            for found in findings
        )
    return results


def exit_code(results: Sequence[VerificationResult]) -> ExitCode:
    """0 when every input is valid, 2 when any cannot be read, else 1."""
    if any(r.unreadable for r in results):
        return ExitCode.UNREADABLE
    if not results or not all(r.valid for r in results):
        return ExitCode.INVALID
    return ExitCode.VALID
