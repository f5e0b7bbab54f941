"""What the automatic checks say, in the officer's language.

`review/` has no Qt: the checks say things as `Phrase`s (an English template and its fields)
and the re-declaration history names fields the same way. Here each template is looked up
in the catalogue (context "Checks") and its fields, translated the same way, filled in; data
(names, file names, times, numbers) is shown as written. The templates are made at run
time, so lupdate cannot see them where they are used: every one is listed below instead,
and tests/unit/review/test_check_catalogue.py checks that the list is complete.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from review.checks.phrases import Text, render

CONTEXT: Final = "Checks"

# Every template the checks use (review/checks/), for lupdate.
CHECK_TEMPLATES: Final = (
    # How a list, a summary and a piece of evidence are put together (phrases.py, results.py)
    QT_TRANSLATE_NOOP("Checks", "{head}, {tail}"),
    QT_TRANSLATE_NOOP("Checks", "{head} or {tail}"),
    QT_TRANSLATE_NOOP("Checks", "{head} and {tail}"),
    QT_TRANSLATE_NOOP("Checks", "{head}; {tail}"),
    QT_TRANSLATE_NOOP("Checks", "{head} › {tail}"),
    QT_TRANSLATE_NOOP("Checks", "{problems} (and {count} more)"),
    QT_TRANSLATE_NOOP("Checks", "{label} (declared): {value}"),
    QT_TRANSLATE_NOOP("Checks", "{label} (policy): {value}"),
    QT_TRANSLATE_NOOP("Checks", "{label}: {value}"),
    QT_TRANSLATE_NOOP("Checks", "{label}: {value} ({place})"),
    QT_TRANSLATE_NOOP("Checks", "page {page}"),
    QT_TRANSLATE_NOOP("Checks", "{hours} h"),
    # Tests and their results (case_file.py)
    QT_TRANSLATE_NOOP("Checks", "NAAT (PCR)"),
    QT_TRANSLATE_NOOP("Checks", "IgM antibody"),
    QT_TRANSLATE_NOOP("Checks", "IgG antibody"),
    QT_TRANSLATE_NOOP("Checks", "negative"),
    QT_TRANSLATE_NOOP("Checks", "positive"),
    QT_TRANSLATE_NOOP("Checks", "inconclusive"),
    # Sample window, required tests, approved laboratories (lab_tests.py)
    QT_TRANSLATE_NOOP("Checks", "window before departure"),
    QT_TRANSLATE_NOOP("Checks", "first departure"),
    QT_TRANSLATE_NOOP("Checks", "{flight} at {time}"),
    QT_TRANSLATE_NOOP("Checks", "{test} sample taken"),
    QT_TRANSLATE_NOOP("Checks", "{test} sample time is after the declaration was submitted"),
    QT_TRANSLATE_NOOP("Checks", "{test} sample taken after departure"),
    QT_TRANSLATE_NOOP(
        "Checks",
        "{test} sample taken {taken} before departure, more than the {window} allowed",
    ),
    QT_TRANSLATE_NOOP("Checks", "no required test declared, so no sample time to measure"),
    QT_TRANSLATE_NOOP("Checks", "samples taken within {window} before departure"),
    QT_TRANSLATE_NOOP("Checks", "sample time in the report"),
    QT_TRANSLATE_NOOP(
        "Checks", "{file} shows a sample time of {time}, which is not the declared one"
    ),
    QT_TRANSLATE_NOOP("Checks", "required tests"),
    QT_TRANSLATE_NOOP("Checks", "no {test} test declared"),
    QT_TRANSLATE_NOOP("Checks", "{test} result"),
    QT_TRANSLATE_NOOP("Checks", "{test} result is positive"),
    QT_TRANSLATE_NOOP("Checks", "{test} result is inconclusive"),
    QT_TRANSLATE_NOOP("Checks", "all required tests declared, with negative results"),
    QT_TRANSLATE_NOOP("Checks", "no report uploaded for the {test} test"),
    QT_TRANSLATE_NOOP("Checks", "result in the report"),
    QT_TRANSLATE_NOOP("Checks", "{file} says {shown}, the declaration says {declared}"),
    QT_TRANSLATE_NOOP("Checks", "approved laboratories"),
    QT_TRANSLATE_NOOP("Checks", "{test} laboratory"),
    QT_TRANSLATE_NOOP("Checks", "{test} laboratory {lab} is not on the approved list"),
    QT_TRANSLATE_NOOP(
        "Checks", "{test} laboratory {lab} is approved in {approved}, not in {country}"
    ),
    QT_TRANSLATE_NOOP("Checks", "no test declared, so no laboratory to check"),
    QT_TRANSLATE_NOOP("Checks", "every laboratory is on the approved list"),
    # Name and document number in the reports (identity.py)
    QT_TRANSLATE_NOOP("Checks", "holder"),
    QT_TRANSLATE_NOOP("Checks", "travel document number"),
    QT_TRANSLATE_NOOP("Checks", "holder's name"),
    QT_TRANSLATE_NOOP("Checks", "document number"),
    QT_TRANSLATE_NOOP("Checks", "name in the report"),
    QT_TRANSLATE_NOOP("Checks", "family name in the report"),
    QT_TRANSLATE_NOOP("Checks", "given name in the report"),
    QT_TRANSLATE_NOOP("Checks", "document number in the report"),
    QT_TRANSLATE_NOOP("Checks", "no text"),
    QT_TRANSLATE_NOOP("Checks", "the same tests' PDF report was checked"),
    QT_TRANSLATE_NOOP("Checks", "no lab report uploaded to compare with"),
    QT_TRANSLATE_NOOP("Checks", "{file} has not been analysed yet"),
    QT_TRANSLATE_NOOP("Checks", "{file} cannot be read, so its names were not checked"),
    QT_TRANSLATE_NOOP(
        "Checks",
        "{file} is an image with no text to check: compare the name and number by eye",
    ),
    QT_TRANSLATE_NOOP(
        "Checks", "{file} has no text layer (a scan?): compare the name and number by eye"
    ),
    # OCR of photos and scans: what could not be read surely enough to pass or fail
    QT_TRANSLATE_NOOP(
        "Checks", "{file}: could not read the {fact} with certainty, compare it by eye"
    ),
    QT_TRANSLATE_NOOP("Checks", "Chinese name"),
    QT_TRANSLATE_NOOP("Checks", "{file} is made out to {name}"),
    QT_TRANSLATE_NOOP("Checks", "{file} shows document number {number}"),
    QT_TRANSLATE_NOOP("Checks", "holder's name not found in {file}"),
    QT_TRANSLATE_NOOP("Checks", "only the holder's family name found in {file}"),
    QT_TRANSLATE_NOOP("Checks", "travel document number not found in {file}"),
    QT_TRANSLATE_NOOP("Checks", "holder's name and document number found in every report"),
    # Document integrity (integrity.py)
    QT_TRANSLATE_NOOP("Checks", "SHA-256 of the file"),
    QT_TRANSLATE_NOOP("Checks", "analysis"),
    QT_TRANSLATE_NOOP("Checks", "content type"),
    QT_TRANSLATE_NOOP("Checks", "created"),
    QT_TRANSLATE_NOOP("Checks", "modified"),
    QT_TRANSLATE_NOOP("Checks", "producer"),
    QT_TRANSLATE_NOOP("Checks", "incremental updates"),
    QT_TRANSLATE_NOOP("Checks", "image"),
    QT_TRANSLATE_NOOP("Checks", "camera {camera}"),
    QT_TRANSLATE_NOOP("Checks", "taken {time}"),
    QT_TRANSLATE_NOOP("Checks", "software {software}"),
    QT_TRANSLATE_NOOP("Checks", "active content"),
    QT_TRANSLATE_NOOP("Checks", "embedded files"),
    QT_TRANSLATE_NOOP("Checks", "encryption"),
    QT_TRANSLATE_NOOP("Checks", "encrypted"),
    QT_TRANSLATE_NOOP("Checks", "structure"),
    QT_TRANSLATE_NOOP("Checks", "{file} is not the file that was uploaded (SHA-256 differs)"),
    QT_TRANSLATE_NOOP("Checks", "{file} cannot be read: {error}"),
    QT_TRANSLATE_NOOP("Checks", "{file} was uploaded as {declared} but is {actual}"),
    QT_TRANSLATE_NOOP("Checks", "{file} was {signs}"),
    QT_TRANSLATE_NOOP("Checks", "modified after it was created"),
    QT_TRANSLATE_NOOP("Checks", "saved again once"),
    QT_TRANSLATE_NOOP("Checks", "saved again {count} times"),
    QT_TRANSLATE_NOOP("Checks", "modified after it was created and {saved}"),
    QT_TRANSLATE_NOOP("Checks", "{file} contains scripts or actions, which lab reports never need"),
    QT_TRANSLATE_NOOP("Checks", "{file} has files embedded in it"),
    QT_TRANSLATE_NOOP("Checks", "{file} is encrypted"),
    QT_TRANSLATE_NOOP("Checks", "{file} is damaged or incomplete"),
    QT_TRANSLATE_NOOP("Checks", "no documents uploaded"),
    QT_TRANSLATE_NOOP("Checks", "no sign of editing, scripts or damage in any document"),
    # Re-declarations (redeclaration.py)
    QT_TRANSLATE_NOOP("Checks", "re-declarations"),
    QT_TRANSLATE_NOOP("Checks", "most allowed"),
    QT_TRANSLATE_NOOP("Checks", "re-declared {count} times, more than the {allowed} allowed"),
    QT_TRANSLATE_NOOP("Checks", "re-declared {count} times: the traveller cannot re-declare again"),
    QT_TRANSLATE_NOOP("Checks", "first declaration, not a re-declaration"),
    QT_TRANSLATE_NOOP("Checks", "re-declared {count} of {allowed} times allowed"),
    # The same trip at another mission (trips.py)
    QT_TRANSLATE_NOOP("Checks", "trip"),
    QT_TRANSLATE_NOOP("Checks", "same trip declared at {mission}"),
    QT_TRANSLATE_NOOP("Checks", "submitted {when}"),
    QT_TRANSLATE_NOOP("Checks", "this trip is also declared at {missions}: a possible duplicate"),
    QT_TRANSLATE_NOOP("Checks", "no other mission holds a declaration of this trip"),
)

# Every field of a declaration, as `review.versions.field_name` words it (the paths of the
# re-declaration history, joined by "{head} › {tail}" above).
FIELD_NAMES: Final = (
    QT_TRANSLATE_NOOP("Checks", "holder"),
    QT_TRANSLATE_NOOP("Checks", "name"),
    QT_TRANSLATE_NOOP("Checks", "family"),
    QT_TRANSLATE_NOOP("Checks", "given"),
    QT_TRANSLATE_NOOP("Checks", "chinese"),
    QT_TRANSLATE_NOOP("Checks", "sex"),
    QT_TRANSLATE_NOOP("Checks", "date of birth"),
    QT_TRANSLATE_NOOP("Checks", "nationality"),
    QT_TRANSLATE_NOOP("Checks", "mobile phone"),
    QT_TRANSLATE_NOOP("Checks", "travel document"),
    QT_TRANSLATE_NOOP("Checks", "type"),
    QT_TRANSLATE_NOOP("Checks", "number"),
    QT_TRANSLATE_NOOP("Checks", "issuing country"),
    QT_TRANSLATE_NOOP("Checks", "expiry date"),
    QT_TRANSLATE_NOOP("Checks", "residence"),
    QT_TRANSLATE_NOOP("Checks", "line"),
    QT_TRANSLATE_NOOP("Checks", "city"),
    QT_TRANSLATE_NOOP("Checks", "country"),
    QT_TRANSLATE_NOOP("Checks", "employer"),
    QT_TRANSLATE_NOOP("Checks", "identity category"),
    QT_TRANSLATE_NOOP("Checks", "itinerary"),
    QT_TRANSLATE_NOOP("Checks", "flights"),
    QT_TRANSLATE_NOOP("Checks", "departure airport"),
    QT_TRANSLATE_NOOP("Checks", "arrival airport"),
    QT_TRANSLATE_NOOP("Checks", "departure time"),
    QT_TRANSLATE_NOOP("Checks", "transit points"),
    QT_TRANSLATE_NOOP("Checks", "port of entry"),
    QT_TRANSLATE_NOOP("Checks", "arrival date"),
    QT_TRANSLATE_NOOP("Checks", "tests"),
    QT_TRANSLATE_NOOP("Checks", "kind"),
    QT_TRANSLATE_NOOP("Checks", "sample collected at"),
    QT_TRANSLATE_NOOP("Checks", "result"),
    QT_TRANSLATE_NOOP("Checks", "result issued at"),
    QT_TRANSLATE_NOOP("Checks", "laboratory"),
    QT_TRANSLATE_NOOP("Checks", "vaccinations"),
    QT_TRANSLATE_NOOP("Checks", "product"),
    QT_TRANSLATE_NOOP("Checks", "manufacturer"),
    QT_TRANSLATE_NOOP("Checks", "dose number"),
    QT_TRANSLATE_NOOP("Checks", "total doses"),
    QT_TRANSLATE_NOOP("Checks", "date"),
    QT_TRANSLATE_NOOP("Checks", "history"),
    QT_TRANSLATE_NOOP("Checks", "previous tests"),
    QT_TRANSLATE_NOOP("Checks", "diagnoses"),
    QT_TRANSLATE_NOOP("Checks", "confirmed on"),
    QT_TRANSLATE_NOOP("Checks", "recovered on"),
    QT_TRANSLATE_NOOP("Checks", "description"),
    QT_TRANSLATE_NOOP("Checks", "declarant"),
    QT_TRANSLATE_NOOP("Checks", "relationship"),
)

# Not `QCoreApplication.translate(CONTEXT, template)` spelled out: the catalogue gets these
# templates from the lists above, not from the (run-time) call.
_lookup: Final = QCoreApplication.translate


def _translated(template: str) -> str:
    return _lookup(CONTEXT, template)


def check_text(text: Text) -> str:
    """`text` in the current language: a phrase translated, data (a str) as it is."""
    return render(text, _translated)
