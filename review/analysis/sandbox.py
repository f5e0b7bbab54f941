"""The analysis process: reads documents from stdin, writes their facts to stdout as JSON.

Started by `review.analysis.analyser` as `python -m review.analysis.sandbox LIMITS_JSON`.
Hostile bytes are parsed only here, under an address-space limit, a CPU-time backstop
and no core dumps; the workstation kills this process when a document takes too long.
Replies are plain JSON (never pickle) so a subverted process cannot run code in the
workstation; the workstation validates every reply.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import threading

from review.analysis.facts import (
    JPEG,
    PDF,
    PNG,
    DocumentFacts,
    facts_to_json,
    identify,
    sniff_media_type,
)
from review.analysis.framing import EXITING, STAYING, frame, read_frame
from review.analysis.image_facts import read_image
from review.analysis.limits import CPU_GRACE_S, MIB, AnalysisLimits
from review.analysis.ocr import warm_up
from review.analysis.orientation import with_orientation
from review.analysis.pdf_facts import read_pdf
from review.analysis.worker import sandbox_pipes
from workstation.confinement import limit_cpu

log = logging.getLogger(__name__)


def examine(data: bytes, limits: AnalysisLimits) -> tuple[DocumentFacts, bool]:
    """Facts about one document, and whether this process should exit afterwards."""
    media_type = sniff_media_type(data)
    try:
        if media_type == PDF:
            return read_pdf(data, limits), False
        if media_type in (JPEG, PNG):
            return with_orientation(data, read_image(data, limits)), False
        return dataclasses.replace(identify(data), error="not a PDF, JPEG or PNG file"), False
    except MemoryError:
        # The heap may be in a poor state after this: answer, then start afresh.
        limit = limits.max_memory_bytes // MIB
        message = f"reading it needs more memory than the limit of {limit} MiB"
        return dataclasses.replace(identify(data), error=message), True
    except RecursionError:
        return dataclasses.replace(identify(data), error="it is nested too deeply to read"), False
    except Exception as exc:  # a parser bug on hostile input must not end the service
        log.warning("analysis failed: %s", exc, exc_info=True)
        message = f"it could not be analysed ({type(exc).__name__})"
        return dataclasses.replace(identify(data), error=message), False


def serve(limits: AnalysisLimits) -> int:
    requests, replies = sandbox_pipes(limits)
    # The OCR engine loads beside the first document (a PDF with a text layer never needs
    # it); a photo that arrives first waits for it. Its ~150 MB fit in the memory cap.
    threading.Thread(target=warm_up, name="ocr-warm-up", daemon=True).start()
    while True:
        data = read_frame(requests)
        if data is None:
            return 0  # the workstation closed the pipe
        limit_cpu(limits.max_seconds, grace=CPU_GRACE_S)
        facts, exhausted = examine(data, limits)
        replies.write(frame((EXITING if exhausted else STAYING) + facts_to_json(facts)))
        if exhausted:
            return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m review.analysis.sandbox LIMITS_JSON", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="analysis: %(levelname)s %(message)s")
    return serve(AnalysisLimits(**json.loads(args[0])))


if __name__ == "__main__":
    sys.exit(main())
