"""Every fact of a declaration, grouped the way an officer reads them.

All text from the traveller is shown as plain text (never Qt rich text) and is
selectable, so an officer can copy a name or number but nothing can inject markup.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from printing.codes import ValueSet, display
from review.versions import changes_between
from ui.common.check_texts import check_text
from ui.common.countries import country_label, country_name
from ui.common.formatting import local_date, local_time
from ui.common.labels import (
    case_status_label,
    document_type_label,
    identity_category_label,
    outcome_label,
    sex_label,
    test_kind_label,
    test_result_label,
)
from workstation.protocol import CaseRecord, DeclarationContent, LabTest

log = logging.getLogger(__name__)


def _plain(text: str, *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class CaseView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.setWidgetResizable(True)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self.setWidget(self._body)
        self.show_nothing()

    # -- public ---------------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self._reset()
        self._layout.addWidget(_plain(self.tr("Select a case in the queue, or press Next case.")))
        self._layout.addStretch(1)

    def show_case(self, record: CaseRecord, versions: Sequence[CaseRecord] = ()) -> None:
        """Show `record`; `versions` is the whole re-declaration chain, oldest first."""
        self._reset()
        content = record.content
        self._header(record)
        if record.same_trip_elsewhere:
            self._same_trip_elsewhere(record)
        if content.declarant is not None:
            self._declarant(content)
        self._holder(content)
        self._travel_document(content)
        self._residence(content)
        self._itinerary(content)
        self._tests(content)
        self._vaccinations(content)
        self._history(content)
        if len(versions) > 1:
            self._redeclarations(record, versions)
        self._layout.addStretch(1)

    # -- groups ---------------------------------------------------------------------------------

    def _reset(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from view now, not at the next turn of the event loop
                widget.deleteLater()

    def _group(self, title: str, rows: Sequence[tuple[str, str]], *, name: str = "") -> QGroupBox:
        box = QGroupBox(title)
        if name:
            box.setObjectName(name)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, value in rows:
            form.addRow(label, _plain(value or "—"))
        self._layout.addWidget(box)
        return box

    def _header(self, record: CaseRecord) -> None:
        name = record.content.holder.name
        title = _plain(f"{name.latin}  {name.chinese or ''}".strip(), name="caseTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: 600")
        self._layout.addWidget(title)
        facts = [
            (self.tr("Status"), case_status_label(record.status)),
            (self.tr("Submitted"), local_time(record.submitted_at)),
            (self.tr("Re-declarations"), str(record.version)),
            (self.tr("Case"), str(record.case_id)),
        ]
        if record.claim:
            facts.append(
                (
                    self.tr("Claimed by"),
                    self.tr("{0} until {1}").format(
                        record.claim.officer, local_time(record.claim.expires_at)
                    ),
                )
            )
        if record.decision:
            decision = record.decision
            outcome = outcome_label(decision.outcome)
            facts.append((self.tr("Decision"), f"{outcome}: {decision.note}".rstrip(": ")))
        if record.certificate:
            facts.append((self.tr("Certificate"), record.certificate.certificate_id))
        self._group(self.tr("Case"), facts, name="caseGroup")

    def _same_trip_elsewhere(self, record: CaseRecord) -> None:
        # The server takes in a trip declared at two missions and links the cases: one may be
        # a duplicate, or someone else's declaration with this traveller's document.
        rows = [
            (
                other.mission,
                self.tr("submitted {0}, case {1}").format(
                    local_time(other.submitted_at), other.case_id
                ),
            )
            for other in record.same_trip_elsewhere
        ]
        self._group(
            self.tr("Same trip also declared at another mission (possible duplicate)"),
            rows,
            name="sameTripGroup",
        )

    def _declarant(self, content: DeclarationContent) -> None:
        declarant = content.declarant
        assert declarant is not None
        box = self._group(
            self.tr("Declared by another person"),
            [
                (self.tr("Declarant"), declarant.name),
                (self.tr("Relationship"), declarant.relationship),
                (self.tr("Mobile phone"), declarant.mobile_phone),
            ],
            name="declarantGroup",
        )
        box.setStyleSheet("QGroupBox { border: 1px solid #a15c00; }")

    def _holder(self, content: DeclarationContent) -> None:
        holder = content.holder
        self._group(
            self.tr("Holder"),
            [
                (self.tr("Name (travel document)"), holder.name.latin),
                (self.tr("Chinese name"), holder.name.chinese or ""),
                (self.tr("Sex"), sex_label(holder.sex)),
                (self.tr("Date of birth"), local_date(holder.date_of_birth)),
                (self.tr("Nationality"), country_label(holder.nationality)),
                (self.tr("Mobile phone"), holder.mobile_phone),
                (self.tr("Identity"), identity_category_label(content.identity_category)),
            ],
            name="holderGroup",
        )

    def _travel_document(self, content: DeclarationContent) -> None:
        document = content.travel_document
        expiry = local_date(document.expiry_date) if document.expiry_date else ""
        self._group(
            self.tr("Travel document"),
            [
                (self.tr("Type"), document_type_label(document.type)),
                (self.tr("Number"), document.number),
                (self.tr("Issued by"), country_label(document.issuing_country)),
                (self.tr("Expires"), expiry),
            ],
            name="travelDocumentGroup",
        )

    def _residence(self, content: DeclarationContent) -> None:
        residence = content.residence
        self._group(
            self.tr("Residence and employer"),
            [
                (self.tr("Address"), residence.line),
                (self.tr("City"), residence.city),
                (self.tr("Country"), country_label(residence.country)),
                (self.tr("Employer or school"), content.employer),
            ],
            name="residenceGroup",
        )

    def _itinerary(self, content: DeclarationContent) -> None:
        itinerary = content.itinerary
        rows = [
            (
                self.tr("Flight {0}").format(position),
                self.tr("{0}  {1} → {2}, departs {3}").format(
                    flight.number,
                    flight.departure_airport,
                    flight.arrival_airport,
                    local_time(flight.departure_time),
                ),
            )
            for position, flight in enumerate(itinerary.flights, start=1)
        ]
        rows += [
            (self.tr("Transit"), ", ".join(itinerary.transit_points)),
            (self.tr("Port of entry"), itinerary.port_of_entry),
            (self.tr("Arrival date"), local_date(itinerary.arrival_date)),
        ]
        self._group(self.tr("Itinerary and port of entry"), rows, name="itineraryGroup")

    def _test_line(self, test: LabTest) -> str:
        lab = test.laboratory
        return self.tr("{0}, sampled {1}, {2}, {3}").format(
            test_result_label(test.result),
            local_time(test.sample_collected_at),
            lab.name,
            ", ".join(part for part in (lab.city, country_name(lab.country)) if part),
        )

    def _tests(self, content: DeclarationContent) -> None:
        rows = [(test_kind_label(t.kind), self._test_line(t)) for t in content.tests]
        self._group(self.tr("Tests"), rows or [(self.tr("Tests"), self.tr("none declared"))],
                    name="testsGroup")  # fmt: skip

    def _vaccinations(self, content: DeclarationContent) -> None:
        rows = [
            (
                self.tr("Dose {0} of {1}").format(v.dose_number, v.total_doses),
                self.tr("{0}, {1}, {2}").format(
                    display(ValueSet.VACCINE_PRODUCT, v.product),
                    local_date(v.date),
                    country_name(v.country),
                ),
            )
            for v in content.vaccinations
        ]
        if rows:
            self._group(self.tr("Vaccinations"), rows, name="vaccinationsGroup")

    def _history(self, content: DeclarationContent) -> None:
        history = content.history
        rows = [(self.tr("Earlier test"), self._test_line(t)) for t in history.previous_tests]
        for diagnosis in history.diagnoses:
            recovered = (
                self.tr("recovered {0}").format(local_date(diagnosis.recovered_on))
                if diagnosis.recovered_on
                else self.tr("not recovered")
            )
            rows.append(
                (
                    self.tr("Diagnosis"),
                    f"{local_date(diagnosis.confirmed_on)}, {recovered}. {diagnosis.description}",
                )
            )
        if rows:
            self._group(self.tr("Test history and diagnoses"), rows, name="historyGroup")

    def _redeclarations(self, record: CaseRecord, versions: Sequence[CaseRecord]) -> None:
        rows: list[tuple[str, str]] = []
        for older, newer in itertools.pairwise(versions):
            changes = changes_between(older.content, newer.content)
            heading = self.tr("Version {0} → {1}").format(older.version, newer.version)
            if newer.case_id == record.case_id:
                heading += self.tr(" (this one)")
            summary = "\n".join(
                f"{check_text(c.wording)}: {c.before or '—'} → {c.after or '—'}" for c in changes
            )
            rows.append((heading, summary or self.tr("no field changed")))
        self._group(self.tr("Re-declaration history"), rows, name="redeclarationGroup")
