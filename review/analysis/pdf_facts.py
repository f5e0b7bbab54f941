"""Facts about a PDF: metadata, revisions, active content, attachments, per-page text and
where its words lie (`text_positions`).

Runs inside the analysis process (`review.analysis.sandbox`), which bounds its memory and
time; this module bounds what it keeps (pages, text, objects scanned).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Final, TypeVar

from pypdf import PasswordType, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NumberObject,
    PdfObject,
)

from review.analysis.facts import DocumentFacts, PageText, clean_text, identify, short_text
from review.analysis.limits import AnalysisLimits
from review.analysis.scanned_pages import read_scanned_pages
from review.analysis.text_positions import place_text_layer
from review.analysis.viewer_engine import read_with_viewer_engine

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Each save (the original and every incremental update) ends with "startxref N %%EOF".
_REVISION_END: Final = re.compile(rb"startxref\s+\d+\s+%%EOF")
# A linearized ("fast web view") file has one extra section for its first page.
_LINEARIZED: Final = re.compile(rb"/Linearized\s")
_RAW_SCRIPT: Final = re.compile(rb"/(?:JavaScript|JS)[\s/<>\[\(]")
#: Where a stream's body starts: compressed bytes (fonts, images, page content) hold any
#: byte sequence, "/JS (" among them by chance, so the raw search for a script marker skips
#: each body up to its "endstream".
_STREAM_START: Final = re.compile(rb"stream\r?\n")
_STREAM_END: Final = b"endstream"
_MAX_LISTED: Final = 20  # scripts, attachments, warnings kept per document
_MAX_NESTING: Final = 32  # direct objects inside one indirect object


def read_pdf(data: bytes, limits: AnalysisLimits) -> DocumentFacts:
    """Facts about the PDF in `data`; `error` says why when it cannot be read."""
    warned = _ParserWarnings()
    crowded: set[int] = set()  # pages too costly for pdfium to place their words
    with warned.collecting():
        facts = _read(data, limits, warned, _structure(identify(data), data), crowded)
    if facts.error is None:
        facts = read_with_viewer_engine(data, facts)
    if facts.error is None:
        # Where the text layer's words are drawn, so the inspector can mark them on the page.
        facts = place_text_layer(data, facts, skip=frozenset(crowded))
    if facts.error is None and not facts.problems:
        # Only a file both engines read cleanly is rendered again, for OCR of its scans.
        facts = read_scanned_pages(data, facts, limits)
    return dataclasses.replace(facts, parser_warnings=warned.messages())


def _read(
    data: bytes,
    limits: AnalysisLimits,
    warned: _ParserWarnings,
    facts: DocumentFacts,
    crowded: set[int],
) -> DocumentFacts:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many kinds on hostile input
        return dataclasses.replace(facts, error=f"not a readable PDF: {_describe(exc)}")

    if reader.is_encrypted:
        facts = dataclasses.replace(facts, encrypted=True)
        # Many reports are encrypted only to forbid editing: the empty password opens them.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as exc:
            return dataclasses.replace(
                facts, error=f"the PDF's encryption cannot be opened: {_describe(exc)}"
            )
        if not opened:
            return dataclasses.replace(
                facts, error="the PDF is protected by a password, so its content cannot be read"
            )

    declared = _declared_page_count(reader)
    if declared is not None and declared > limits.max_pages:
        return dataclasses.replace(
            facts,
            page_count=declared,
            error=f"the PDF declares {declared} pages, more than the limit of {limits.max_pages}",
        )
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        return dataclasses.replace(facts, error=f"the PDF's page tree is damaged: {_describe(exc)}")
    if page_count > limits.max_pages:
        return dataclasses.replace(
            facts,
            page_count=page_count,
            error=f"the PDF has {page_count} pages, more than the limit of {limits.max_pages}",
        )
    if page_count == 0:
        return dataclasses.replace(facts, page_count=0, error="the PDF has no pages")

    facts = _metadata(reader, warned, dataclasses.replace(facts, page_count=page_count))
    scripts, attachments, problems = _active_content(reader, data, limits)
    facts = dataclasses.replace(
        facts, scripts=scripts, attachments=attachments, problems=facts.problems + problems
    )
    pages, truncated = _page_texts(reader, limits, warned, crowded)
    return dataclasses.replace(facts, pages=pages, text_truncated=truncated)


def _structure(facts: DocumentFacts, data: bytes) -> DocumentFacts:
    """Revisions counted from the raw bytes, and signs that the file was cut short."""
    ends = len(_REVISION_END.findall(data))
    if ends > 1 and _LINEARIZED.search(data[:2048]):
        ends -= 1
    problems: list[str] = []
    if b"%%EOF" not in data[-1024:]:
        problems.append(
            "the file does not end with an end-of-file marker: it was cut short "
            "or something was appended to it"
        )
    return dataclasses.replace(
        facts, revisions=ends, incremental_updates=max(0, ends - 1), problems=tuple(problems)
    )


def _declared_page_count(reader: PdfReader) -> int | None:
    """/Count of the page tree's root, read before walking a tree that may be hostile."""
    try:
        pages = _catalog(reader)["/Pages"]
        count = pages["/Count"] if isinstance(pages, DictionaryObject) else None
        return int(count) if isinstance(count, NumberObject) else None
    except Exception:
        return None


def _metadata(reader: PdfReader, warned: _ParserWarnings, facts: DocumentFacts) -> DocumentFacts:
    try:
        info = reader.metadata
    except Exception as exc:
        warned.note(f"unreadable document information: {_describe(exc)}")
        return facts
    if info is None:
        return facts
    return dataclasses.replace(
        facts,
        producer=short_text(_attempt(lambda: info.producer, "producer", warned)),
        creator=short_text(_attempt(lambda: info.creator, "creator", warned)),
        created_at=_aware(_attempt(lambda: info.creation_date, "creation date", warned)),
        modified_at=_aware(_attempt(lambda: info.modification_date, "modification date", warned)),
    )


def _attempt(read: Callable[[], _T], what: str, warned: _ParserWarnings) -> _T | None:
    """One metadata field; a malformed one is noted and skipped, not fatal."""
    try:
        return read()
    except Exception as exc:
        warned.note(f"unreadable {what}: {_describe(exc)}")
        return None


def _catalog(reader: PdfReader) -> DictionaryObject:
    catalog = reader.trailer["/Root"]
    if not isinstance(catalog, DictionaryObject):
        raise TypeError("the document catalog is not a dictionary")
    return catalog


def _aware(moment: datetime | None) -> datetime | None:
    # A PDF date without a zone is taken as UTC: what matters is comparing the
    # file's own two dates, which were written by the same producer.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _active_content(
    reader: PdfReader, data: bytes, limits: AnalysisLimits
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """JavaScript, launch actions and embedded files, from every object in the file."""
    scripts: dict[str, None] = {}  # ordered set
    attachments: dict[str, None] = {}
    problems: list[str] = []
    opens = _open_action(reader)
    refs = _object_refs(reader)
    if len(refs) > limits.max_objects:
        problems.append(
            f"the file has {len(refs)} objects; only the first {limits.max_objects} were "
            "inspected for scripts and attachments"
        )
    for idnum, generation in refs[: limits.max_objects]:
        try:
            top = reader.get_object(IndirectObject(idnum, generation, reader))
        except Exception as exc:
            log.debug("object %d unreadable: %s", idnum, exc)
            continue
        for node in _dictionaries(top):
            action = _name(node, "/S")
            if "/JS" in node or action == "/JavaScript":
                runs = idnum in opens or id(node) in opens
                where = f"JavaScript in object {idnum}"
                scripts[where + (", run when the document opens" if runs else "")] = None
            elif action == "/Launch":
                scripts[f"launch action (starts a program) in object {idnum}"] = None
            if "/EF" in node:
                label = _name(node, "/UF") or _name(node, "/F") or f"unnamed file in object {idnum}"
                attachments[short_text(label, limit=120) or "unnamed file"] = None
    if _has_document_scripts(reader):
        scripts["document-level JavaScript, run when the document opens"] = None
    if not scripts and _raw_script_marker(data):
        scripts["a JavaScript marker in the raw file, outside any readable object"] = None
    return tuple(scripts)[:_MAX_LISTED], tuple(attachments)[:_MAX_LISTED], tuple(problems)


def _raw_script_marker(data: bytes) -> bool:
    """A JavaScript key in the file's own syntax, outside stream bodies (where the reader
    missed it: an object too broken to read)."""
    position = 0
    while True:  # one pass over the file, whatever it holds
        start = _STREAM_START.search(data, position)
        if _RAW_SCRIPT.search(data, position, start.start() if start else len(data)):
            return True
        if start is None:
            return False
        end = data.find(_STREAM_END, start.end())
        if end < 0:
            return False  # the last body runs to the end of the file
        position = end + len(_STREAM_END)


def _object_refs(reader: PdfReader) -> list[tuple[int, int]]:
    refs = [(idnum, gen) for gen, table in reader.xref.items() for idnum in table]
    refs.extend((idnum, 0) for idnum in reader.xref_objStm)
    return sorted(set(refs))


def _open_action(reader: PdfReader) -> set[int]:
    """Object numbers (and ids of direct dictionaries) of the action run on opening."""
    try:
        raw = dict.get(_catalog(reader), "/OpenAction")
    except Exception:
        return set()
    if isinstance(raw, IndirectObject):
        return {raw.idnum}
    return {id(raw)} if isinstance(raw, DictionaryObject) else set()


def _has_document_scripts(reader: PdfReader) -> bool:
    try:
        names = _catalog(reader)["/Names"]
        return isinstance(names, DictionaryObject) and "/JavaScript" in names
    except Exception:
        return False


def _dictionaries(top: PdfObject | None) -> Iterator[DictionaryObject]:
    """`top` and the dictionaries nested directly in it (not following references)."""
    stack: list[tuple[object, int]] = [(top, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, DictionaryObject):
            yield node
            children: list[object] = list(dict.values(node))
        elif isinstance(node, ArrayObject):
            children = list(node)
        else:
            continue
        if depth < _MAX_NESTING:
            stack.extend((c, depth + 1) for c in children if not isinstance(c, IndirectObject))


def _name(node: DictionaryObject, key: str) -> str | None:
    if key not in node:
        return None
    try:
        return str(node[key])  # resolves an indirect value, unlike dict.get
    except Exception:
        return None


def _page_texts(
    reader: PdfReader, limits: AnalysisLimits, warned: _ParserWarnings, crowded: set[int]
) -> tuple[tuple[PageText, ...], bool]:
    """Each page's text; `crowded` gets the pages whose content is too costly to read twice."""
    pages: list[PageText] = []
    budget = limits.max_text_chars
    truncated = False
    for number, page in enumerate(reader.pages, start=1):
        operations = _Operations()
        try:
            text = clean_text(page.extract_text(visitor_operand_before=operations.visit))
        except Exception as exc:
            warned.note(f"page {number}: no text ({_describe(exc)})")
            text = ""
        if operations.crowded:
            crowded.add(number)
        if len(text) > budget:
            text, truncated = text[:budget], True
        budget -= len(text)
        pages.append(PageText(number=number, text=text))
    return tuple(pages), truncated


class _Operations:
    """Counts the content operations pypdf walks on a page, forms' content included.

    pypdf stops expanding forms after a few thousand; pdfium, which places the words
    (`text_positions`), does not: a page that invokes forms by the thousand (a "form
    bomb") or runs to hundreds of thousands of operations is not handed to it.
    """

    MAX_FORMS = 1000
    MAX_OPERATIONS = 300_000

    def __init__(self) -> None:
        self.forms = 0
        self.operations = 0

    def visit(self, operator: bytes, _operands: object, _cm: object, _tm: object) -> None:
        self.operations += 1
        if operator == b"Do":
            self.forms += 1

    @property
    def crowded(self) -> bool:
        return self.forms >= self.MAX_FORMS or self.operations >= self.MAX_OPERATIONS


def _describe(exc: BaseException) -> str:
    return short_text(f"{type(exc).__name__}: {exc}", limit=300) or type(exc).__name__


class _ParserWarnings(logging.Handler):
    """Collects what pypdf logs and warns about while one document is read."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self._messages: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.note(record.getMessage())

    def note(self, message: str) -> None:
        text = short_text(message, limit=200)
        if text and len(self._messages) < _MAX_LISTED:
            self._messages[text] = None

    def messages(self) -> tuple[str, ...]:
        return tuple(self._messages)

    @contextlib.contextmanager
    def collecting(self) -> Iterator[None]:
        logger = logging.getLogger("pypdf")
        propagate = logger.propagate
        logger.addHandler(self)
        logger.propagate = False  # keep hostile files' noise out of the process's log
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                yield
        finally:
            logger.removeHandler(self)
            logger.propagate = propagate
        for record in caught:
            self.note(str(record.message))
