"""The progress dialog of a print batch: how far it is, and a Cancel that stops it cleanly.

Cancel does not kill the job: it asks it to stop before the next certificate,
and the dialog stays until the job has finished what it started (so the clerk
sees that the pages already sent are printed and recorded).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.clerk.print_job import PrintJob

log = logging.getLogger(__name__)


class BatchProgress(QObject):
    def __init__(self, job: PrintJob, *, parent: QWidget) -> None:
        super().__init__(parent)
        self._job = job
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("printProgress")
        self.dialog.setWindowTitle(self.tr("Printing certificates"))
        self.dialog.setLabelText(
            self.tr("Signing and printing {0} certificates…").format(job.total)
        )
        self.dialog.setCancelButtonText(self.tr("Cancel"))
        self.dialog.setRange(0, job.total)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self.dialog.canceled.connect(self._on_cancel)
        job.progress.connect(self._on_progress)

    @property
    def cancelled(self) -> bool:
        return self.dialog.wasCanceled()

    def cancel(self) -> None:
        """What the Cancel button does."""
        self.dialog.cancel()

    def finish(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()

    def _on_cancel(self) -> None:
        self._job.cancel()
        # The dialog closes itself on cancel; keep it up until the job has stopped.
        self.dialog.setLabelText(
            self.tr("Stopping after the current certificate… what was printed is recorded.")
        )
        self.dialog.setCancelButton(None)
        self.dialog.show()

    def _on_progress(self, done: int, total: int, holder: str) -> None:
        if self.dialog.wasCanceled():
            return
        self.dialog.setValue(done)
        if not shiboken6.isValid(self.dialog):
            return  # a modal setValue runs the event loop: the window may have closed meanwhile
        self.dialog.setLabelText(
            self.tr("Printed {0} of {1} certificates (last: {2})").format(done, total, holder)
        )
