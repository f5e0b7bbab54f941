"""Finding the declaration in report text: names, numbers, dates, results, with their spans."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from review.matching import MatchKind, highlights, read_page
from review.matching.dates import find_dates
from review.matching.folding import fold
from review.matching.names import NameOrder, NamePart, find_holder_name, find_labelled_names
from review.matching.numbers import find_document_number, find_labelled_numbers
from review.matching.results import find_results
from workstation.domain import IdentityCategory, Sex, TestKind, TestResult, TravelDocumentType
from workstation.protocol import (
    Address,
    DeclarationContent,
    Flight,
    Holder,
    Itinerary,
    Laboratory,
    LabTest,
    PersonName,
    TravelDocument,
)

SAMPLE = datetime(2024, 2, 29, 8, 30, tzinfo=UTC)


def _content(name: PersonName, number: str = "E12345678") -> DeclarationContent:
    return DeclarationContent(
        holder=Holder(
            name=name,
            sex=Sex.FEMALE,
            date_of_birth=date(1990, 1, 2),
            nationality="CN",
            mobile_phone="+447700900123",
        ),
        travel_document=TravelDocument(
            type=TravelDocumentType.ORDINARY_PASSPORT, number=number, issuing_country="CN"
        ),
        residence=Address(line="1 Long Road", city="London", country="GB"),
        identity_category=IdentityCategory.STUDENT,
        itinerary=Itinerary(
            flights=[
                Flight(
                    number="CA938",
                    departure_airport="LHR",
                    departure_time=SAMPLE + timedelta(hours=30),
                    arrival_airport="PEK",
                )
            ],
            port_of_entry="PEK",
            arrival_date=date(2024, 3, 2),
        ),
        tests=[
            LabTest(
                kind=TestKind.NAAT,
                sample_collected_at=SAMPLE,
                result=TestResult.NEGATIVE,
                laboratory=Laboratory(name="Harley Diagnostics Laboratory", country="GB"),
            )
        ],
    )


def _spans(text: str, found: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in found]


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("Name: ZHANG Wei", NameOrder.FAMILY_FIRST),
        ("Name: Wei Zhang", NameOrder.GIVEN_FIRST),
        ("Patient: ZHANG, Wei", NameOrder.FAMILY_FIRST),
        ("Patient: zhang   wei", NameOrder.FAMILY_FIRST),
        ("Patient: WEI\nZHANG", NameOrder.GIVEN_FIRST),
    ],
)
def test_the_name_is_found_in_either_order(text: str, order: NameOrder) -> None:
    found = find_holder_name(fold(text), PersonName(family="Zhang", given="Wei"))
    assert [f.order for f in found] == [order]
    assert _spans(text, [(f.start, f.end) for f in found])[0].lower().startswith(("zhang", "wei"))


@pytest.mark.parametrize(
    ("family", "given", "text", "shown"),
    [
        ("Łukasiewicz", "Zoë", "Name: LUKASIEWICZ ZOE", "LUKASIEWICZ ZOE"),
        ("Lukasiewicz", "Zoe", "Name: Łukasiewicz, Zoë", "Łukasiewicz, Zoë"),
        ("Strauß", "Jürgen", "Name: STRAUSS JUERGEN", "STRAUSS JUERGEN"),
        ("Müller", "Anna", "Name: Mueller Anna", "Mueller Anna"),
        ("Mueller", "Anna", "Name: Müller Anna", "Müller Anna"),
        ("Østergård", "Søren", "Name: OSTERGARD SOREN", "OSTERGARD SOREN"),
        ("O'Brien", "Siobhán", "Name: OBRIEN SIOBHAN", "OBRIEN SIOBHAN"),
        ("Nguyễn", "Thị Minh", "Name: NGUYEN THI MINH", "NGUYEN THI MINH"),
    ],
)
def test_diacritics_and_transliterations_match_and_keep_original_spans(
    family: str, given: str, text: str, shown: str
) -> None:
    found = find_holder_name(fold(text), PersonName(family=family, given=given))
    assert found and found[0].complete
    assert text[found[0].start : found[0].end] == shown


def test_a_chinese_name_is_found_even_with_spaces_between_characters() -> None:
    text = "姓名：张 伟\nName: ZHANG Wei"
    found = find_holder_name(fold(text), PersonName(family="Zhang", given="Wei", chinese="张伟"))
    assert {f.order for f in found} == {NameOrder.CHINESE, NameOrder.FAMILY_FIRST}
    chinese = next(f for f in found if f.order is NameOrder.CHINESE)
    assert text[chinese.start : chinese.end] == "张 伟"


def test_a_family_name_alone_is_a_partial_match_and_a_longer_word_is_none() -> None:
    name = PersonName(family="Li", given="Na")
    assert [f.order for f in find_holder_name(fold("Patient: LI"), name)] == [NameOrder.FAMILY_ONLY]
    assert find_holder_name(fold("Clinical laboratory"), name) == []


@pytest.mark.parametrize(
    ("text", "part", "agrees"),
    [
        ("Name:\nZHANG Wei\nDate of birth:\n1990-01-02", NamePart.FULL, True),
        ("Name: Wei ZHANG   Sex: F", NamePart.FULL, True),
        ("Patient name: SMITH John", NamePart.FULL, False),
        ("Surname: ZHANG\nGiven names: Wei", NamePart.FAMILY, True),
        ("Surname: WANG", NamePart.FAMILY, False),
        ("Chinese name: 张伟", NamePart.FULL, True),
        ("Chinese name: 马敏", NamePart.FULL, False),
    ],
)
def test_labelled_names_are_compared_with_the_holder(
    text: str, part: NamePart, agrees: bool
) -> None:
    found = find_labelled_names(fold(text), PersonName(family="Zhang", given="Wei", chinese="张伟"))
    assert found[0].part is part
    assert found[0].agrees is agrees


def test_a_test_name_label_is_not_a_persons_name() -> None:
    text = "Test name: SARS-CoV-2 RT-PCR\nName of test: PCR"
    assert find_labelled_names(fold(text), PersonName(family="Zhang", given="Wei")) == []


def test_the_document_number_is_found_ignoring_spaces_dashes_and_case() -> None:
    text = "Passport no.: e 1234-5678 and again E12345678, not E123456789"
    found = find_document_number(fold(text), "E12345678")
    assert _spans(text, [(f.start, f.end) for f in found]) == ["e 1234-5678", "E12345678"]


def test_a_labelled_number_that_differs_is_reported() -> None:
    text = "Passport / travel document no.:\nE12345679\n1. SARS-CoV-2 RNA"
    found = find_labelled_numbers(fold(text), "E12345678")
    assert [(f.compact, f.agrees) for f in found] == [("E12345679", False)]
    assert text[found[0].start : found[0].end] == "E12345679"


def test_prose_after_a_passport_label_is_not_a_number() -> None:
    assert find_labelled_numbers(fold("Please bring your passport holder card"), "E1") == []


@pytest.mark.parametrize(
    ("text", "days", "at"),
    [
        ("2024-02-29 08:30 UTC", (date(2024, 2, 29),), time(8, 30)),
        ("29/02/2024", (date(2024, 2, 29),), None),
        ("03/04/2024", (date(2024, 4, 3), date(2024, 3, 4)), None),
        ("29 February 2024 at 4:30 pm", (date(2024, 2, 29),), time(16, 30)),
        ("Feb. 29, 2024", (date(2024, 2, 29),), None),
        ("2024年2月29日 16:30", (date(2024, 2, 29),), time(16, 30)),
        ("31/02/2024", (), None),
    ],
)
def test_dates_are_read_in_the_usual_formats(
    text: str, days: tuple[date, ...], at: time | None
) -> None:
    found = find_dates(fold(text))
    if not days:
        assert found == []
        return
    assert (found[0].days, found[0].at) == (days, at)


def test_a_date_under_a_sample_label_is_the_sample_time() -> None:
    text = "Date of birth:\n1990-01-02\nSample collected:\n2024-02-29 08:30 UTC\nIssued: 2024-02-29"
    found = find_dates(fold(text))
    assert [d.sample for d in found] == [False, True, False]


@pytest.mark.parametrize(
    ("written", "possible"),
    [
        ("2024-02-29 08:30 UTC", True),
        ("2024-02-29 09:30 +01:00", True),
        ("2024-02-29 08:31 UTC", False),
        ("2024-02-29 16:30", True),  # the lab's local time in UTC+8
        ("2024-02-29 16:47", False),  # no zone is 8 h 17 min away from UTC
        ("2024-02-29", True),
        ("2024-02-27", False),
        ("2024-02-28 08:30 UTC", False),
    ],
)
def test_a_written_sample_time_may_be_the_declared_one_only_within_time_zones(
    written: str, possible: bool
) -> None:
    found = find_dates(fold(written))[0]
    assert found.may_be(SAMPLE) is possible


def test_zones_are_read() -> None:
    found = find_dates(fold("2024-02-29 09:30 +01:00"))[0]
    assert found.zone == timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "results"),
    [
        ("Result: Negative / Not detected", [TestResult.NEGATIVE, TestResult.NEGATIVE]),
        ("Result: POSITIVE / Detected", [TestResult.POSITIVE, TestResult.POSITIVE]),
        ("Result: non-reactive", [TestResult.NEGATIVE]),
        ("Result: Inconclusive", [TestResult.INCONCLUSIVE]),
        ("检测结果：阴性", [TestResult.NEGATIVE]),
        ("检测结果：阳性", [TestResult.POSITIVE]),
        ("positively undetectable", []),
    ],
)
def test_results_are_read(text: str, results: list[TestResult]) -> None:
    assert [r.result for r in find_results(fold(text))] == results


def test_only_results_after_a_result_label_are_labelled() -> None:
    text = "Result:\nNegative\nInterpretation: a negative result does not exclude infection"
    assert [r.labelled for r in find_results(fold(text))] == [True, False]


def test_highlights_cover_the_declaration_and_flag_what_disagrees() -> None:
    content = _content(PersonName(family="Zhang", given="Wei", chinese="张伟"))
    text = (
        "Name: ZHANG Wei\nChinese name: 张伟\nDate of birth: 1990-01-02\n"
        "Passport / travel document no.: E12345678\n"
        "Sample collected: 2024-02-29 08:30 UTC\nResult: Negative / Not detected\n"
        "Name: SMITH John\nPassport: G99887766\n"
    )
    found = highlights(text, content)
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(text[m.start : m.end] == m.text for m in found)
    kinds = {(m.kind, m.text, m.agrees) for m in found}
    assert (MatchKind.HOLDER_NAME, "ZHANG Wei", True) in kinds
    assert (MatchKind.HOLDER_NAME, "张伟", True) in kinds
    assert (MatchKind.DOCUMENT_NUMBER, "E12345678", True) in kinds
    assert (MatchKind.DATE, "1990-01-02", True) in kinds
    assert (MatchKind.DATE, "2024-02-29 08:30 UTC", True) in kinds
    assert (MatchKind.RESULT, "Negative", True) in kinds
    assert (MatchKind.OTHER_NAME, "SMITH John", False) in kinds
    assert (MatchKind.OTHER_NUMBER, "G99887766", False) in kinds


def test_a_page_reading_keeps_the_page_number_and_text() -> None:
    reading = read_page(
        "Name: ZHANG Wei", _content(PersonName(family="Zhang", given="Wei")), page=3
    )
    assert reading.page == 3 and reading.text == "Name: ZHANG Wei"
    assert reading.names and reading.labelled_names[0].agrees
