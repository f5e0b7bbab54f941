"""Sub-command `inspect` (no Qt): what the document analysis finds in PDFs and images.

    consular-workstation inspect FILE... [--json]

Each file is analysed exactly as the officer's inspector has it analysed: in the limited
sandbox process, with the same limits (size, pages, pixels, time, memory), OCR for
photos and scanned pages. Shown: the facts a lab report states (names, document number,
sample time and other dates, result, laboratory) with page, position and confidence,
then the integrity signals (metadata, revisions, scripts, attachments, damage, EXIF).
Exit status: 0 every file was read, 2 some file could not be read.

Registering costs nothing: the analyser and the matchers load when the command runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from review.analysis.facts import DocumentFacts
    from review.analysis.limits import AnalysisLimits
    from review.analysis.report_facts import ReportFact

log = logging.getLogger(__name__)

EXIT_READ = 0
EXIT_UNREADABLE = 2


def register_inspect(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "inspect",
        help="show what the document analysis finds in lab reports (PDF, JPEG, PNG)",
        description=(
            "Analyse each file in the same sandbox and within the same limits as the "
            "workstation's inspector (OCR for photos and scanned pages) and show the facts "
            "it states, with page, position and confidence, and the integrity signals. "
            "Exit status: 0 every file was read, 2 some file could not be read."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print one JSON object per file")
    parser.set_defaults(handler=run_inspect)


def run_inspect(args: argparse.Namespace) -> int:
    from review.analysis.analyser import DocumentAnalyser
    from review.analysis.report_facts import report_facts

    status = EXIT_READ
    with DocumentAnalyser(max_workers=1) as analyser:
        analyser.start()
        for path in args.files:
            data, problem = _read(path, analyser.limits)
            if data is None:
                status = EXIT_UNREADABLE
                _show_unopened(path, problem or "cannot be read", as_json=args.json)
                continue
            facts = analyser.analyse(data)
            if facts.error is not None:
                status = EXIT_UNREADABLE
            found = report_facts(facts) if facts.error is None else []
            if args.json:
                print(json.dumps(_as_json(path, facts, found), ensure_ascii=False))
            else:
                _print(path, facts, found)
    return status


def _read(path: Path, limits: AnalysisLimits) -> tuple[bytes | None, str | None]:
    """The file's bytes, never more than one byte past the size limit (the analyser refuses)."""
    try:
        with path.open("rb") as stream:
            return stream.read(limits.max_bytes + 1), None
    except OSError as exc:
        return None, exc.strerror or type(exc).__name__


def _show_unopened(path: Path, problem: str, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"file": str(path), "error": problem}, ensure_ascii=False))
    else:
        print(f"{path}: cannot open it: {problem}", file=sys.stderr)


def _as_json(path: Path, facts: DocumentFacts, found: list[ReportFact]) -> dict[str, object]:
    image = facts.image
    return {
        "file": str(path),
        "sha256": facts.sha256,
        "size": facts.size,
        "media_type": facts.media_type,
        "error": facts.error,
        "pages": [
            {
                "number": page.number,
                "source": page.source,
                "characters": len(page.text),
                "words": len(page.words),
                "confidence": _mean_confidence(page.words),
            }
            for page in facts.pages
        ],
        "ocr_problem": facts.ocr_problem,
        "facts": [fact.as_json() for fact in found],
        "integrity": {
            "page_count": facts.page_count,
            "producer": facts.producer,
            "creator": facts.creator,
            "created_at": facts.created_at.isoformat() if facts.created_at else None,
            "modified_at": facts.modified_at.isoformat() if facts.modified_at else None,
            "edited_after_creation": facts.edited_after_creation,
            "revisions": facts.revisions,
            "incremental_updates": facts.incremental_updates,
            "scripts": list(facts.scripts),
            "attachments": list(facts.attachments),
            "encrypted": facts.encrypted,
            "problems": list(facts.problems),
            "parser_warnings": list(facts.parser_warnings),
            "image": None
            if image is None
            else {
                "format": image.format,
                "width": image.width,
                "height": image.height,
                "camera": image.camera,
                "taken_at": image.taken_at.isoformat() if image.taken_at else None,
                "software": image.software,
            },
        },
    }


def _mean_confidence(words: tuple[object, ...]) -> float | None:
    rated = [getattr(word, "confidence", 0.0) for word in words]
    return round(sum(rated) / len(rated), 3) if rated else None


def _print(path: Path, facts: DocumentFacts, found: list[ReportFact]) -> None:
    print(f"{path}: {facts.media_type or 'unknown type'}, {facts.size} bytes")
    print(f"  sha256 {facts.sha256}")
    if facts.error is not None:
        print(f"  cannot be read: {facts.error}")
        return
    for page in facts.pages:
        how = "read by OCR" if page.ocr else "text layer"
        rated = _mean_confidence(page.words)
        sureness = f", mean confidence {rated:.2f}" if rated is not None else ""
        print(f"  page {page.number}: {how}, {len(page.text)} characters{sureness}")
    if facts.ocr_problem:
        print(f"  OCR: {facts.ocr_problem}")
    print("  facts:" if found else "  facts: none found")
    for fact in found:
        meaning = f" ({fact.meaning})" if fact.meaning and fact.meaning != fact.text else ""
        where = f"page {fact.page}"
        if fact.quads:
            xs = [c for q in fact.quads for c in q[0::2]]
            ys = [c for q in fact.quads for c in q[1::2]]
            where += f" at ({min(xs):.0f},{min(ys):.0f})-({max(xs):.0f},{max(ys):.0f})"
        print(
            f"    {fact.kind:<16} {fact.text!r}{meaning}  {where}, confidence {fact.confidence:.2f}"
        )
    print("  integrity:")
    for line in _integrity_lines(facts):
        print(f"    {line}")


def _integrity_lines(facts: DocumentFacts) -> list[str]:
    lines: list[str] = []
    if facts.page_count is not None:
        lines.append(f"pages: {facts.page_count}")
    if facts.producer or facts.creator:
        lines.append(f"made by: {facts.producer or '-'} / {facts.creator or '-'}")
    if facts.created_at:
        lines.append(f"created: {facts.created_at.isoformat()}")
    if facts.modified_at:
        edited = " (after creation)" if facts.edited_after_creation else ""
        lines.append(f"modified: {facts.modified_at.isoformat()}{edited}")
    if facts.incremental_updates:
        lines.append(f"saved again {facts.incremental_updates} time(s) (incremental updates)")
    lines += [f"active content: {script}" for script in facts.scripts]
    lines += [f"embedded file: {name}" for name in facts.attachments]
    if facts.encrypted:
        lines.append("encrypted")
    lines += [f"damage: {problem}" for problem in facts.problems]
    image = facts.image
    if image is not None:
        lines.append(f"image: {image.format} {image.width}x{image.height}")
        if image.camera:
            lines.append(f"camera: {image.camera}")
        if image.taken_at:
            lines.append(f"taken: {image.taken_at.isoformat()}")
        if image.software:
            lines.append(f"software: {image.software}")
    return lines or ["nothing to note"]
