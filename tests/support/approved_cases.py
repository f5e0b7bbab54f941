"""Approved cases as the central server sends them, for certificate tests and benchmarks."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from workstation.domain import (
    CaseStatus,
    DecisionOutcome,
    IdentityCategory,
    ReasonCode,
    Sex,
    TestKind,
    TestResult,
    TravelDocumentType,
)
from workstation.protocol import (
    Address,
    CaseRecord,
    CertificateRef,
    DecisionRecord,
    DeclarationContent,
    Flight,
    Holder,
    Itinerary,
    Laboratory,
    LabTest,
    PersonName,
    TravelDocument,
    Vaccination,
)


def approved_case(
    *,
    now: datetime | None = None,
    family: str = "Zhang",
    given: str | None = "Wei",
    chinese: str | None = "张伟",
    document_type: TravelDocumentType = TravelDocumentType.ORDINARY_PASSPORT,
    document_number: str = "E12345678",
    naat_result: TestResult = TestResult.NEGATIVE,
    igm: bool = True,
    igg_result: TestResult | None = None,
    vaccinated: bool = False,
    serial: int = 1,
) -> CaseRecord:
    """A case approved at `now` (default: the current time), departing a day later."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    departure = now + timedelta(days=1)
    lab = Laboratory(name="London Bridge Diagnostics", city="London", country="GB")
    tests = [
        LabTest(
            kind=TestKind.NAAT,
            sample_collected_at=now - timedelta(hours=20),
            result=naat_result,
            laboratory=lab,
        )
    ]
    if igm:
        tests.append(
            LabTest(
                kind=TestKind.IGM_ANTIBODY,
                sample_collected_at=now - timedelta(hours=19),
                result=TestResult.NEGATIVE,
                laboratory=lab,
            )
        )
    if igg_result is not None:
        tests.append(
            LabTest(
                kind=TestKind.IGG_ANTIBODY,
                sample_collected_at=now - timedelta(hours=19),
                result=igg_result,
                laboratory=lab,
            )
        )
    vaccinations = (
        [
            Vaccination(
                product="BBIBP-CorV",
                manufacturer="China National Biotec Group Company Limited",
                dose_number=dose,
                total_doses=2,
                date=date(2021, 4, 1) + timedelta(days=28 * (dose - 1)),
                country="CN",
            )
            for dose in (1, 2)
        ]
        + [
            Vaccination(
                product="EU/1/20/1528",
                manufacturer="BioNTech Manufacturing GmbH",
                dose_number=3,
                total_doses=3,
                date=date(2021, 12, 10),
                country="GB",
            )
        ]
        if vaccinated
        else []
    )
    content = DeclarationContent(
        holder=Holder(
            name=PersonName(family=family, given=given, chinese=chinese),
            sex=Sex.MALE,
            date_of_birth=date(1985, 3, 14),
            nationality="CN",
            mobile_phone="+447700900123",
        ),
        travel_document=TravelDocument(
            type=document_type, number=document_number, issuing_country="CN"
        ),
        residence=Address(line="1 Example Road", city="London", country="GB"),
        identity_category=IdentityCategory.STUDENT,
        itinerary=Itinerary(
            flights=[
                Flight(
                    number="CA938",
                    departure_airport="LHR",
                    departure_time=departure,
                    arrival_airport="PEK",
                )
            ],
            port_of_entry="PEK",
            arrival_date=(departure + timedelta(hours=11)).date(),
        ),
        tests=tests,
        vaccinations=vaccinations,
    )
    case_id = uuid.UUID(int=serial)
    return CaseRecord(
        case_id=case_id,
        mission="GBR-LON",
        status=CaseStatus.APPROVED,
        version=0,
        submitted_at=now - timedelta(hours=6),
        change_seq=serial,
        content=content,
        documents=[],
        decision=DecisionRecord(
            idempotency_key=uuid.UUID(int=10_000 + serial),
            outcome=DecisionOutcome.APPROVE,
            reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
            note="",
            officer="officer.li",
            decided_at=now - timedelta(minutes=5),
            recorded_at=now - timedelta(minutes=5),
        ),
        certificate=CertificateRef(
            certificate_id=f"URN:UVCI:01:CN:GBRLON{serial:010d}#{'ABCDEFGHIJ'[serial % 10]}",
            issued_at=now - timedelta(minutes=5),
        ),
    )
