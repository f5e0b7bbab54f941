"""The paper shows every signed health fact; detected results and exceptions stand out."""

from __future__ import annotations

import io
import logging
import uuid
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from printing.certificate_pdf import certificate_pdf
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner
from tests.support.approved_cases import approved_case
from workstation.domain import CountersignVerdict, ReasonCode, TestResult, TravelDocumentType
from workstation.missions import MissionIdentity, mission_identity
from workstation.protocol import CountersignatureRecord, Vaccination

POSITIVE_BANNER = "检测结果阳性 POSITIVE RESULT"
EXCEPTION_BANNER = "ISSUED BY EXCEPTION"


def page_text(certificate: IssuedCertificate) -> str:
    text: str = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    return text


def test_antibodies_and_vaccinations_are_printed(signer: DocumentSigner) -> None:
    case = approved_case(igg_result=TestResult.NEGATIVE, vaccinated=True)
    text = page_text(issue(case, signer))
    for expected in (
        "核酸检测 NAAT (PCR)",
        "血清IgM抗体 Serum IgM antibody",
        "血清IgG抗体 Serum IgG antibody",
        "疫苗接种 Vaccination",
        "2021-04-01 · BBIBP-CorV",
        "2021-04-29 · BBIBP-CorV",
        "2021-12-10 · Comirnaty (Biontech Manufacturing GmbH) · GB",
        "第3剂 Dose 3/3",
        "All times are Beijing time (UTC+8)",
        "签发日期、地点 Issued on, at",
        "审核官员 Approving officer",
        "officer.li",
        "技术信息 Technical details: kid " + issue(case, signer).kid,
    ):
        assert expected in text, expected
    assert "UTC" not in text.replace("UTC+8", "")  # one time zone throughout
    assert POSITIVE_BANNER not in text and EXCEPTION_BANNER not in text


def test_no_vaccination_is_said_so(signer: DocumentSigner) -> None:
    assert "未申报 None declared" in page_text(issue(approved_case(), signer))


@pytest.mark.parametrize(
    ("naat", "igg", "named"),
    [
        (TestResult.POSITIVE, None, "核酸 NAAT"),
        (TestResult.NEGATIVE, TestResult.POSITIVE, "IgG抗体 IgG antibody"),
    ],
    ids=["NAAT detected", "IgG detected"],
)
def test_a_detected_result_is_unmistakable(
    naat: TestResult, igg: TestResult | None, named: str, signer: DocumentSigner
) -> None:
    text = page_text(issue(approved_case(naat_result=naat, igg_result=igg), signer))
    banner = next(line for line in text.splitlines() if POSITIVE_BANNER in line)
    assert named in banner
    assert "阳性 POSITIVE (detected)" in text


def test_an_exception_is_marked_only_when_the_parameter_says_so(signer: DocumentSigner) -> None:
    case = approved_case()
    assert EXCEPTION_BANNER not in page_text(issue(case, signer))
    marked = issue(case, signer, issued_by_exception=True)
    text = page_text(marked)
    assert "例外签发：经例外审批程序签发 ISSUED BY EXCEPTION" in text  # the banner
    assert "签发方式 Issuance" in text and "例外签发 ISSUED BY EXCEPTION" in text  # the row


def test_the_mission_is_named_from_its_data(signer: DocumentSigner) -> None:
    assert mission_identity("GBR-LON") == MissionIdentity(
        code="GBR-LON",
        name_en="Consulate-General of the People's Republic of China in London",
        name_zh="中华人民共和国驻伦敦总领事馆",
        place_en="London",
        place_zh="伦敦",
    )
    tokyo = mission_identity("JPN-TYO")
    text = page_text(issue(approved_case(), signer, mission=tokyo))
    assert "中华人民共和国驻日本国大使馆" in text and "东京 Tokyo" in text
    # A mission without data is named by the service and its code, never by a guess.
    unknown = mission_identity("FRA-PAR")
    assert unknown.name_zh == "中华人民共和国驻外使领馆" and "(FRA-PAR)" in unknown.name_en


def test_a_crowded_page_still_holds_every_fact(
    signer: DocumentSigner, caplog: pytest.LogCaptureFixture
) -> None:
    case = approved_case(
        naat_result=TestResult.POSITIVE,
        igg_result=TestResult.POSITIVE,
        family="Wolfeschlegelsteinhausenbergerdorff",
        given="Maria-Alexandra Konstantina",
        document_type=TravelDocumentType.HK_MACAO_PERMIT,
        document_number="H12345678",
    )
    doses = [
        Vaccination(
            product="CoronaVac",
            manufacturer="Sinovac",
            dose_number=number,
            total_doses=9,
            date=date(2021, 1, 1) + timedelta(days=60 * number),
            country="CN",
        )
        for number in range(1, 10)
    ]
    content = case.content.model_copy(update={"vaccinations": doses})
    certificate = issue(
        case.model_copy(update={"content": content}),
        signer,
        issued_by_exception=True,
        reprint=True,
    )
    with caplog.at_level(logging.WARNING, logger="printing.certificate_pdf"):
        text = page_text(certificate)
    assert "runs into the foot" not in caplog.text
    for dose in doses:
        assert f"{dose.dose_number}/9 · {dose.date.isoformat()} · CoronaVac · CN" in text
    assert POSITIVE_BANNER in text and EXCEPTION_BANNER in text and "Official seal" in text


def test_an_exception_decision_marks_the_certificate_by_itself(signer: DocumentSigner) -> None:
    case = approved_case()
    assert case.decision is not None
    supervisor = CountersignatureRecord(
        idempotency_key=uuid.UUID(int=99),
        verdict=CountersignVerdict.COUNTERSIGN,
        supervisor="supervisor.wang",
        decided_at=case.decision.decided_at,
        recorded_at=case.decision.recorded_at,
    )
    decision = case.decision.model_copy(
        update={
            "reason_codes": [ReasonCode.OFFICER_JUDGEMENT],
            "justification": "lab accredited since, letter on file",
            "overruled_checks": ["approved_lab"],
            "countersignature": supervisor,
        }
    )
    certificate = issue(case.model_copy(update={"decision": decision}), signer)
    assert certificate.issued_by_exception  # signed into the record
    text = page_text(certificate)
    assert EXCEPTION_BANNER in text
    assert "会签 Countersigned by" in text and "supervisor.wang" in text
    # The explicit parameter still wins, either way.
    assert not issue(
        case.model_copy(update={"decision": decision}), signer, issued_by_exception=False
    ).issued_by_exception
