"""The files a traveller uploads with a declaration: lab reports, photos of them, document scans.

Each planned report becomes a PDF (possibly edited afterwards), a JPEG photo of
the printout, or both; some travellers without the lab's PDF scan the printout
instead, which gives a PDF with no text layer (only OCR can read it). A few add a
scan of their passport's data page. Every file is listed in the submission's
manifest with its SHA-256.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from server.demodata.photos import render_document_scan, render_report_photo, render_report_scan
from server.demodata.reports import LabReport, edit_lab_report, render_lab_report
from server.demodata.trips import moment_between
from workstation.domain import DocumentKind
from workstation.protocol import DocumentManifestEntry, Holder, TravelDocument

log = logging.getLogger(__name__)


#: Of the travellers with only a picture of the printout, one in this many scanned it to a
#: PDF rather than photographing it (decided from the picture's seed: the random sequence
#: of the rest of the demo data stays the same).
SCAN_ONE_IN: Final = 4


class PhotoUse(StrEnum):
    NONE = "none"
    ALSO = "also"  # the PDF and a photo of its printout
    INSTEAD = "instead"  # only a photo: the traveller had no PDF to upload


@dataclass(frozen=True)
class ReportEdit:
    """A forger's change to a finished PDF: printed text replaced, saved as a new revision."""

    replacements: Mapping[str, str]
    edited_at: datetime
    producer: str


@dataclass(frozen=True)
class ReportPlan:
    report: LabReport
    photo: PhotoUse = PhotoUse.NONE
    edit: ReportEdit | None = None


@dataclass(frozen=True)
class ScanPlan:
    holder: Holder
    document: TravelDocument
    state: str  # issuing state as the machine-readable zone writes it


@dataclass
class Uploads:
    documents: list[DocumentManifestEntry] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, filename: str, kind: DocumentKind, content: bytes) -> None:
        if filename in self.files:
            raise ValueError(f"two uploads named {filename!r}")
        self.files[filename] = content
        self.documents.append(
            DocumentManifestEntry(
                filename=filename, kind=kind, sha256=hashlib.sha256(content).hexdigest()
            )
        )


def _photo_name(rng: random.Random, taken: datetime) -> str:
    # Phone cameras name files by the moment the picture was taken.
    if rng.random() < 0.6:
        return f"IMG_{taken:%Y%m%d_%H%M%S}.jpg"
    return f"IMG_{rng.randrange(1000, 9999)}.jpg"


def _free(uploads: Uploads, stem: str, suffix: str) -> str:
    """`stem + suffix`, numbered when the traveller already uploads a file of that name."""
    name, number = stem + suffix, 1
    while name in uploads.files:
        number += 1
        name = f"{stem}-{number}{suffix}"
    return name


def build_uploads(
    rng: random.Random,
    plans: Sequence[ReportPlan],
    *,
    scan: ScanPlan | None,
    reference: datetime,
) -> Uploads:
    """Render every planned file; photos are taken after the report and before `reference`."""
    uploads = Uploads()
    for plan in plans:
        report = plan.report
        if plan.photo is not PhotoUse.INSTEAD:
            pdf = render_lab_report(report)
            if plan.edit is not None:
                pdf = edit_lab_report(
                    pdf,
                    replacements=plan.edit.replacements,
                    edited_at=plan.edit.edited_at,
                    producer=plan.edit.producer,
                )
            uploads.add(f"{report.report_number}.pdf", report.kind, pdf)
        if plan.photo is not PhotoUse.NONE:
            taken = moment_between(rng, report.issued_at, reference)
            name = _photo_name(rng, taken)
            seed = rng.randrange(2**32)
            if plan.photo is PhotoUse.INSTEAD and seed % SCAN_ONE_IN == 0:
                scanned = render_report_scan(report, seed=seed, scanned_at=taken)
                scan_name = _free(uploads, f"scan_{taken:%Y%m%d_%H%M%S}", ".pdf")
                uploads.add(scan_name, report.kind, scanned)
            else:
                photo = render_report_photo(report, seed=seed, taken_at=taken)
                uploads.add(name, report.kind, photo)
    if scan is not None:
        image = render_document_scan(
            scan.holder, scan.document, state=scan.state, seed=rng.randrange(2**32)
        )
        uploads.add("passport_scan.png", DocumentKind.TRAVEL_DOCUMENT_SCAN, image)
    return uploads
