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
from typing import TYPE_CHECKING, Final

from printing.failures import CertificateError, Failure
from printing.verification import VerificationResult, unreadable, verify_hc1

if TYPE_CHECKING:
    from printing.revocation import RevocationIndex
    from printing.trustlist import TrustList
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
    # The scanner (PDF, image and QR libraries) and the revocation index are imported only
    # when needed: `verify HC1:...` at a border desk should start in a blink.
    index = None
    if revocations is not None:
        from printing.revocation import RevocationIndex

        index = RevocationIndex(revocations)
    results: list[VerificationResult] = []
    for item in inputs:
        try:
            results.extend(_verify_input(item, trust, at=at, revocations=index))
        except Exception as exc:  # one hostile input never ends the batch
            log.exception("verifying %r failed", str(item)[:80])
            source = "HC1 text" if isinstance(item, str) and _CODE_TEXT.match(item) else str(item)
            problem = CertificateError(Failure.FILE, f"it could not be read ({type(exc).__name__})")
            results.append(unreadable(source, problem))
    return results


def _verify_input(
    item: str | Path,
    trust: TrustList,
    *,
    at: datetime | None,
    revocations: RevocationIndex | None,
) -> list[VerificationResult]:
    if isinstance(item, str) and _CODE_TEXT.match(item.lstrip()):
        return [verify_hc1(item, trust, at=at, revocations=revocations, source="HC1 text")]
    # PDFs and pictures are parsed only in a confined worker process (memory, time).
    from printing.findings import ScannedCode
    from printing.scan_process import scan_file

    path = Path(item)
    try:
        if not path.exists():
            raise CertificateError(Failure.FILE, f"no such file: {path}")
        if not path.is_file():
            raise CertificateError(Failure.FILE, f"{path} is not a regular file")
        findings = scan_file(path)
    except CertificateError as exc:
        return [unreadable(str(path), exc)]
    return [
        verify_hc1(found.text, trust, at=at, revocations=revocations, source=found.source)
        if isinstance(found, ScannedCode)
        else unreadable(found.source, found.problem)
        for found in findings
    ]


def exit_code(results: Sequence[VerificationResult]) -> ExitCode:
    """0 when every input is valid, 2 when any cannot be read, else 1."""
    if any(r.unreadable for r in results):
        return ExitCode.UNREADABLE
    if not results or not all(r.valid for r in results):
        return ExitCode.INVALID
    return ExitCode.VALID
