"""Every fact of a declaration, grouped the way an officer reads them.

All text from the traveller is shown as plain text (never Qt rich text) and is
selectable, so an officer can copy a name or number but nothing can inject markup.

With `evidence_links` (the officer's room) the facts a report states too (the holder's
names, date of birth, document number, each test's result, sample time and laboratory) are
links: a click, Enter or Space emits `fact_requested` with the `DeclaredFact`, and the room
shows where the documents state it. The view itself knows nothing of the documents.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
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


class DeclaredFact(StrEnum):
    """A declared fact the case view can ask to be shown in the documents."""

    HOLDER_NAME = "holder_name"
    CHINESE_NAME = "chinese_name"
    DATE_OF_BIRTH = "date_of_birth"
    DOCUMENT_NUMBER = "document_number"
    SAMPLE_TIME = "sample_time"
    RESULT = "result"
    LABORATORY = "laboratory"


_LINK_STYLE = """
QLabel[evidenceLink="true"] { color: palette(link); text-decoration: underline; }
QLabel[evidenceLink="true"]:focus { border: 1px dotted palette(text); }
"""


class _FactLink(QLabel):
    """A declared value that leads to where the documents state it: click, Enter or Space.

    Plain text and still selectable by mouse: a drag that selects text is not a click."""

    activated = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("evidenceLink", True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.hasSelectedText():
            self.activated.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)


#: A row of a group: label and value, and the declared fact the value is (if a link).
_Row = tuple[str, str] | tuple[str, str, DeclaredFact]


def _plain(text: str, *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class CaseView(QScrollArea):
    #: The officer asked where the documents state a declared fact (a `DeclaredFact`).
    fact_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, evidence_links: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self._evidence_links = evidence_links
        self._links: dict[DeclaredFact, list[QLabel]] = {}
        if evidence_links:
            self.setStyleSheet(_LINK_STYLE)
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

    def fact_links(self, fact: DeclaredFact) -> list[QLabel]:
        """The links shown for `fact` (one per test for a test's facts; none without links)."""
        return list(self._links.get(fact, ()))

    # -- groups ---------------------------------------------------------------------------------

    def _reset(self) -> None:
        self._links = {}
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from view now, not at the next turn of the event loop
                widget.deleteLater()

    def _group(self, title: str, rows: Sequence[_Row], *, name: str = "") -> QGroupBox:
        box = QGroupBox(title)
        if name:
            box.setObjectName(name)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for row in rows:
            label, value = row[0], row[1]
            fact = row[2] if len(row) == 3 else None
            form.addRow(label, self._value(value, fact))
        self._layout.addWidget(box)
        return box

    def _value(self, value: str, fact: DeclaredFact | None) -> QLabel:
        """The value as plain text; a link to the documents when it is a declared fact."""
        if fact is None or not value or not self._evidence_links:
            return _plain(value or "—")
        link = _FactLink(value)
        link.setAccessibleName(self.tr("Show in the document: {0}").format(value))
        link.setToolTip(self.tr("Show where the document states this (Enter)"))
        link.activated.connect(lambda f=fact: self.fact_requested.emit(f))
        self._links.setdefault(fact, []).append(link)
        return link

    def _test_value(self, test: LabTest) -> QWidget:
        """A test's result, sample time and laboratory, each a link to the documents."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        lab = test.laboratory
        place = ", ".join(part for part in (lab.city, country_name(lab.country)) if part)
        for text, fact in (
            (test_result_label(test.result), DeclaredFact.RESULT),
            (self.tr("sampled {0}").format(local_time(test.sample_collected_at)),
             DeclaredFact.SAMPLE_TIME),
            (f"{lab.name}, {place}" if place else lab.name, DeclaredFact.LABORATORY),
        ):  # fmt: skip
            column.addWidget(self._value(text, fact))
        return cell

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
                (self.tr("Name (travel document)"), holder.name.latin, DeclaredFact.HOLDER_NAME),
                (self.tr("Chinese name"), holder.name.chinese or "", DeclaredFact.CHINESE_NAME),
                (self.tr("Sex"), sex_label(holder.sex)),
                (
                    self.tr("Date of birth"),
                    local_date(holder.date_of_birth),
                    DeclaredFact.DATE_OF_BIRTH,
                ),
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
                (self.tr("Number"), document.number, DeclaredFact.DOCUMENT_NUMBER),
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
        if not self._evidence_links or not content.tests:
            rows = [(test_kind_label(t.kind), self._test_line(t)) for t in content.tests]
            self._group(self.tr("Tests"), rows or [(self.tr("Tests"), self.tr("none declared"))],
                        name="testsGroup")  # fmt: skip
            return
        box = self._group(self.tr("Tests"), [], name="testsGroup")
        form = box.layout()
        assert isinstance(form, QFormLayout)
        for test in content.tests:
            form.addRow(test_kind_label(test.kind), self._test_value(test))

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
        rows: list[_Row] = []
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
