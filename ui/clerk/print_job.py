"""One batch of certificates on its way to a printer or a PDF file, off the GUI thread.

`PrintJob.run()` runs on one worker thread from start to end: it signs each
case's certificate now, hands it to the output, and reports progress by a
signal. Cancelling takes effect before the next certificate; the output is
then finished with what it already holds, so what was printed is exactly what
the outcome lists (and what gets recorded), never more, never less.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtPrintSupport import QPrinter

from printing.certificate_pdf import certificate_pdf, certificates_pdf
from printing.claims import ClaimsError
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner
from printing.print_records import PrintedCertificate, record_prints
from ui.clerk.qtprint import PdfPrinter, PrintError
from ui.common.services import Services
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)


class CertificateOutput(Protocol):
    """Where a batch goes. All three calls come from the job's one worker thread."""

    def begin(self) -> None: ...

    def add(self, certificate: IssuedCertificate) -> int:
        """Take one certificate; returns the copies that will be made of it."""
        ...

    def end(self) -> None:
        """Deliver what was added; raise `PrintError` if that failed (then nothing counts)."""
        ...


class PrinterOutput:
    """A system printer (or Qt's own PDF printer), through `ui.clerk.qtprint`."""

    def __init__(self, printer: QPrinter) -> None:
        self._printer = PdfPrinter(printer)

    def begin(self) -> None:
        self._printer.begin()

    def add(self, certificate: IssuedCertificate) -> int:
        self._printer.print_pdf(certificate_pdf(certificate))
        return self._printer.copies

    def end(self) -> None:
        self._printer.end()


class PdfFileOutput:
    """The signed certificates as one vector PDF, exactly as the paper certificate is drawn."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._certificates: list[IssuedCertificate] = []

    def begin(self) -> None:
        if not self.path.parent.is_dir():
            raise PrintError(
                QCoreApplication.translate("PrintJob", "the folder {0} does not exist").format(
                    self.path.parent
                )
            )

    def add(self, certificate: IssuedCertificate) -> int:
        self._certificates.append(certificate)
        return 1

    def end(self) -> None:
        if not self._certificates:
            return
        data = certificates_pdf(self._certificates)
        # Written beside the target (0o600: it holds personal data) and renamed: a reader never
        # sees half a file.
        temporary: Path | None = None
        try:
            handle, name = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
            temporary = Path(name)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            temporary.replace(self.path)
        except OSError as exc:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise PrintError(
                QCoreApplication.translate("PrintJob", "cannot write {0}: {1}").format(
                    self.path, exc.strerror or exc
                )
            ) from None


@dataclass(frozen=True)
class BatchOutcome:
    printed: tuple[PrintedCertificate, ...]
    total: int
    cancelled: bool = False
    #: (holder, why) of cases whose certificate cannot be issued; the batch went on without them
    skipped: tuple[tuple[str, str], ...] = ()
    #: the printer or file failed: the batch stopped (English, from the library)
    error: str = ""
    #: every printed certificate is committed to the outbox (False only with `error`)
    recorded: bool = True


class PrintJob(QObject):
    #: cases done (printed or skipped), total, the holder just done (for the progress label)
    progress = Signal(int, int, str)

    def __init__(
        self,
        *,
        cases: Sequence[CaseRecord],
        signer: DocumentSigner,
        output: CertificateOutput,
        printed_before: Callable[[], set[str]],
        record: Callable[[Sequence[PrintedCertificate]], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cases = list(cases)
        self._signer = signer
        self._output = output
        self._printed_before = printed_before
        self._record = record
        self._cancel = threading.Event()

    @property
    def total(self) -> int:
        return len(self._cases)

    def cancel(self) -> None:
        """Stop before the next certificate (any thread)."""
        self._cancel.set()

    def run(self) -> BatchOutcome:
        """The whole batch, on the calling (worker) thread."""
        reprints = self._printed_before()  # before the printer opens: a failure here prints nothing
        try:
            self._output.begin()
        except PrintError as exc:
            return BatchOutcome(printed=(), total=self.total, error=str(exc))
        printed: list[PrintedCertificate] = []
        skipped: list[tuple[str, str]] = []
        error = ""
        for done, case in enumerate(self._cases, start=1):
            if self._cancel.is_set():
                break
            holder = case.content.holder.name.latin
            try:
                printed.append(self._print_one(case, reprints))
            except ClaimsError as exc:
                skipped.append((holder, str(exc)))
            except PrintError as exc:
                error = str(exc)
                break
            except Exception as exc:
                # Whatever went wrong, the pages already painted must still be finished and
                # recorded: stop here rather than lose the job.
                log.exception("printing the certificate of case %s failed", case.case_id)
                error = str(exc) or type(exc).__name__
                break
            self.progress.emit(done, self.total, holder)
        try:
            self._output.end()
        except PrintError as exc:
            # Nothing reached paper or disk: nothing is recorded.
            return BatchOutcome(printed=(), total=self.total, error=str(exc))
        cancelled = self._cancel.is_set() and len(printed) + len(skipped) < self.total
        log.info(
            "print batch: %d of %d printed%s",
            len(printed),
            self.total,
            " (cancelled)" if cancelled else "",
        )
        recorded = True
        if printed:
            # Recorded before the job counts as done: a window closed meanwhile waits for it.
            try:
                self._record(printed)
            except Exception as exc:
                log.error("%d printed certificate(s) NOT recorded: %s", len(printed), exc)
                recorded = False
                error = QCoreApplication.translate(
                    "PrintJob", "the certificates were printed but could not be recorded: {0}"
                ).format(exc)
        return BatchOutcome(
            printed=tuple(printed),
            total=self.total,
            cancelled=cancelled,
            skipped=tuple(skipped),
            error=error,
            recorded=recorded,
        )

    def _print_one(self, case: CaseRecord, reprints: set[str]) -> PrintedCertificate:
        if case.certificate is None:
            raise ClaimsError(QCoreApplication.translate("PrintJob", "the case has no certificate"))
        reprint = case.certificate.certificate_id in reprints
        issued = issue(
            case,
            self._signer,
            reprint=reprint,
            issued_by_exception=case.decision is not None and case.decision.is_exception,
        )
        copies = self._output.add(issued)
        return PrintedCertificate(issued=issued, copies=copies, printed_at=datetime.now(UTC))


def record_on_write_lane(services: Services, printed: Sequence[PrintedCertificate]) -> int:
    """Commit prints to the outbox on the write lane (one write at a time), waiting for it.

    Called on the job's worker thread, so the job is done only once its prints are recorded.
    """
    actor = services.user.username
    finished = threading.Event()
    result: list[int | Exception] = []

    def work() -> None:
        try:
            result.append(record_prints(services.outbox, actor=actor, printed=printed))
        except Exception as exc:  # handed to the waiting job, which reports it
            result.append(exc)
        finally:
            finished.set()

    services.pools.write.start(work)
    finished.wait()
    if isinstance(result[0], Exception):
        raise result[0]
    return result[0]
