"""Pages and photos rasterised in a sandbox process, for the officer's viewer.

The viewer never parses an uploaded file: it asks `PageRenderer.render` for one page
at a time and shows the RGB pixels that come back (Dangerzone's rule). Each page is
drawn by pdfium (photos decoded by Pillow) in a process of its own, under an
address-space limit and a per-page deadline. A page that blows a limit or crashes the
engine comes back as a `PageRefusal` with the reason; the process is replaced and the
other pages still render. Results are cached per document (sha256), so reopening a
document costs nothing.

    python -m review.analysis.page_images LIMITS_JSON   # the worker; started by PageRenderer
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import math
import sys
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final

from review.analysis.facts import JPEG, PDF, PNG, sniff_media_type
from review.analysis.framing import EXITING, STAYING, frame, read_frame
from review.analysis.limits import MIB, AnalysisLimits
from review.analysis.worker import SandboxWorker, WorkerStopped, WorkerTimedOut, sandbox_pipes

log = logging.getLogger(__name__)

#: A page is drawn to fit this many pixels across: sharp at fit-width on a large screen.
DISPLAY_WIDTH: Final = 1600
#: Pixels of one rendered page at most, whatever its shape (a very long page is narrower).
MAX_PAGE_PIXELS: Final = 4_000_000
#: Pixels of a photo as shown at most (larger photos are scaled down in the sandbox).
MAX_PHOTO_PIXELS: Final = 8_000_000
#: Wall-clock time one page may take in the sandbox before it is refused.
PAGE_SECONDS: Final = 3.0
#: Address space the rendering process may add over its idle size: a normal page needs
#: far less; a page drawing the same form millions of times hits this within a second.
RENDER_MEMORY_BYTES: Final = 384 * MIB
#: Compressed pixels kept for reopening documents, all documents together.
CACHE_BYTES: Final = 96 * MIB

_CHANNELS: Final = 3  # RGB, 8 bits each
_MAX_PAGES_LISTED: Final = 10_000
_MAX_POINTS: Final = 1_000_000.0  # PDF user units are capped at 14,400 by the spec


@dataclass(frozen=True, slots=True)
class PageImage:
    """One page (or a photo, page 1) as the sandbox drew it: RGB, 3 bytes a pixel, no padding.

    `pixels` are zlib-compressed; `rgb()` inflates them, never beyond width × height × 3.
    """

    number: int
    width: int
    height: int
    pixels: bytes

    def rgb(self) -> bytes:
        expected = self.width * self.height * _CHANNELS
        inflater = zlib.decompressobj()
        raw = inflater.decompress(self.pixels, expected)
        if len(raw) != expected or inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("the page's pixels do not match its size")
        return raw


@dataclass(frozen=True, slots=True)
class PageRefusal:
    """A page that could not be drawn safely; `reason` says why (English, from the sandbox)."""

    number: int
    reason: str


RenderedPage = PageImage | PageRefusal


class PageRenderer:
    """Draws pages of untrusted documents in a limited process; thread-safe, one page at a time."""

    def __init__(
        self,
        *,
        limits: AnalysisLimits | None = None,
        page_seconds: float = PAGE_SECONDS,
        memory_bytes: int = RENDER_MEMORY_BYTES,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        base = limits or AnalysisLimits()
        self.limits = dataclasses.replace(
            base, max_seconds=page_seconds, max_memory_bytes=memory_bytes
        )
        self._lock = threading.Lock()  # the process: one page at a time
        self._state = threading.Lock()  # the cache and page sizes: never held for long
        self._worker: SandboxWorker | None = None
        self._closed = False
        self._cache: OrderedDict[tuple[str, int], RenderedPage] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached_bytes = 0
        self._page_sizes: dict[str, tuple[tuple[float, float], ...]] = {}

    def start(self) -> None:
        """Start the process now, so the first page does not wait for Python to start."""
        with self._lock:
            if not self._closed and self._worker is None:
                self._worker = _start_worker(self.limits)

    def render(self, data: bytes, number: int) -> RenderedPage:
        """Page `number` (from 1) of a PDF, or the photo itself (page 1); never raises for
        bad input."""
        sha256 = hashlib.sha256(data).hexdigest()
        cached = self._cached(sha256, number)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._cached(sha256, number)  # drawn while we waited for the process
            if cached is not None:
                return cached
            refusal = self._refusal(data, number)
            if refusal is not None:
                return PageRefusal(number, refusal)
            rendered = self._exchange(data, sha256, number)
            self._remember(sha256, rendered)
            return rendered

    def page_sizes(self, data: bytes) -> tuple[tuple[float, float], ...]:
        """The PDF's page sizes in points, as pdfium read them with its first drawn page
        (empty before any page of it was drawn, or for a photo)."""
        sha256 = hashlib.sha256(data).hexdigest()
        with self._state:
            return self._page_sizes.get(sha256, ())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(kill=False)

    # -- internals (called with the process's lock held, except `_cached`) ---------------------

    def _cached(self, sha256: str, number: int) -> RenderedPage | None:
        with self._state:
            cached = self._cache.get((sha256, number))
            if cached is not None:
                self._cache.move_to_end((sha256, number))
            return cached

    def _refusal(self, data: bytes, number: int) -> str | None:
        if self._closed:
            return "page rendering has been shut down"
        if not data or len(data) > self.limits.max_bytes:
            return "the file is empty or beyond the size limit"
        if sniff_media_type(data) is None:
            return "not a PDF, JPEG or PNG file"
        if not 1 <= number <= self.limits.max_pages:
            return f"page {number} is beyond the page limit"
        return None

    def _exchange(self, data: bytes, sha256: str, number: int) -> RenderedPage:
        request = json.dumps({"page": number}).encode() + b"\n" + data
        try:
            if self._worker is None or not self._worker.alive:
                if self._worker is not None:
                    self._worker.stop(kill=True)
                self._worker = _start_worker(self.limits)
            worker = self._worker
        except OSError as exc:
            log.error("cannot start the page rendering process: %s", exc)
            return PageRefusal(number, f"the rendering process could not be started ({exc})")
        started = time.monotonic()
        try:
            reply = worker.exchange(request, timeout=self.limits.max_seconds)
        except WorkerTimedOut:
            self._replace(worker)
            seconds = f"{self.limits.max_seconds:g}"
            return PageRefusal(number, f"drawing it took longer than {seconds} s and was stopped")
        except WorkerStopped as exc:
            self._replace(worker)
            log.warning("page rendering stopped on %s page %d: %s", sha256[:12], number, exc)
            limit = self.limits.max_memory_bytes // MIB
            return PageRefusal(
                number,
                f"drawing it stopped the rendering process ({exc}); it may need more memory "
                f"than the limit of {limit} MiB",
            )
        if reply[:1] != STAYING:
            self._replace(worker)
        log.debug(
            "rendered %s page %d in %.0f ms",
            sha256[:12],
            number,
            1e3 * (time.monotonic() - started),
        )
        return self._validated(reply[1:], sha256, number)

    def _replace(self, worker: SandboxWorker) -> None:
        worker.stop(kill=True)
        self._worker = None  # a fresh process for the next page

    def _validated(self, reply: bytes, sha256: str, number: int) -> RenderedPage:
        """The worker's reply, checked like any input from outside."""
        head, _, pixels = reply.partition(b"\n")
        try:
            header = json.loads(head)
            return self._page(header, pixels, sha256, number)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("the rendering process sent an invalid reply: %s", exc)
            return PageRefusal(number, "the rendering process sent a reply that does not fit")

    def _page(self, header: Any, pixels: bytes, sha256: str, number: int) -> RenderedPage:
        if not isinstance(header, dict) or header.get("page") != number:
            raise ValueError("a reply for another page")
        sizes = header.get("page_sizes")
        if sizes is not None:
            checked = _checked_sizes(sizes)
            with self._state:
                self._page_sizes[sha256] = checked
        error = header.get("error")
        if error is not None:
            if not isinstance(error, str):
                raise TypeError("error is not text")
            return PageRefusal(number, " ".join(error.split())[:300])
        width, height = header["width"], header["height"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height)):
            raise TypeError("the size is not two integers")
        if width < 1 or height < 1 or width * height > max(MAX_PAGE_PIXELS, MAX_PHOTO_PIXELS):
            raise ValueError(f"a page of {width}×{height} pixels")
        page = PageImage(number, width, height, pixels)
        page.rgb()  # inflates within its size or raises: a bad reply is refused here
        return page

    def _remember(self, sha256: str, rendered: RenderedPage) -> None:
        if isinstance(rendered, PageRefusal) and rendered.reason.startswith("the rendering"):
            return  # our failure to start or to talk, not the page's: try again next time
        size = len(rendered.pixels) if isinstance(rendered, PageImage) else 0
        with self._state:
            self._cache[(sha256, rendered.number)] = rendered
            self._cached_bytes += size
            while self._cached_bytes > self._cache_bytes and len(self._cache) > 1:
                _, dropped = self._cache.popitem(last=False)
                if isinstance(dropped, PageImage):
                    self._cached_bytes -= len(dropped.pixels)


def _checked_sizes(sizes: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(sizes, list) or len(sizes) > _MAX_PAGES_LISTED:
        raise ValueError("page sizes are not a list")
    checked = []
    for size in sizes:
        if not isinstance(size, list) or len(size) != 2:
            raise ValueError("a page size is not a pair")
        width, height = (float(v) for v in size)
        if not (0 < width <= _MAX_POINTS and 0 < height <= _MAX_POINTS):
            raise ValueError("a page size is out of range")
        checked.append((width, height))
    return tuple(checked)


# -- the workstation's end of the pipes --------------------------------------------------------


#: Largest reply accepted: the biggest photo's pixels even if they did not compress at all.
_MAX_REPLY_BYTES: Final = MAX_PHOTO_PIXELS * _CHANNELS + 1024 * 1024


def _start_worker(limits: AnalysisLimits) -> SandboxWorker:
    return SandboxWorker("review.analysis.page_images", limits, max_reply_bytes=_MAX_REPLY_BYTES)


# -- the sandbox's end: runs only in the rendering process -------------------------------------


class _OpenDocument:
    """The last PDF drawn from, kept open for its next page."""

    def __init__(self) -> None:
        self.sha256: str | None = None
        self.document: Any = None
        self.sizes: list[list[float]] = []

    def open(self, data: bytes, limits: AnalysisLimits) -> Any:
        import pypdfium2

        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 != self.sha256:
            self.close()
            self.document = pypdfium2.PdfDocument(data)
            self.sha256 = sha256
            count = min(len(self.document), limits.max_pages)
            self.sizes = [list(self.document.get_page_size(i)) for i in range(count)]
        return self.document

    def close(self) -> None:
        if self.document is not None:
            self.document.close()
        self.document, self.sha256, self.sizes = None, None, []


def draw_pdf_page(document: Any, number: int, limits: AnalysisLimits) -> tuple[int, int, bytes]:
    """Page `number` of an open pdfium document as RGB pixels: DISPLAY_WIDTH across, at most
    MAX_PAGE_PIXELS (and the pixel limit) in all."""
    if number > len(document):
        raise ValueError(f"the document has no page {number}")
    page = document[number - 1]
    try:
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            raise ValueError("the page has no area")
        cap = min(MAX_PAGE_PIXELS, limits.max_pixels)
        scale = min(DISPLAY_WIDTH / width, math.sqrt(cap / (width * height)))
        bitmap = page.render(scale=scale, draw_annots=True, may_draw_forms=True)
        try:
            picture = bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    finally:
        page.close()
    return picture.width, picture.height, picture.tobytes()


def draw_photo(data: bytes, limits: AnalysisLimits) -> tuple[int, int, bytes]:
    """The photo upright (EXIF orientation applied), scaled to MAX_PHOTO_PIXELS at most."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as opened:
        width, height = opened.size
        if width * height > limits.max_pixels:
            raise ValueError(f"the image has {width * height} pixels, beyond the limit")
        fraction = math.sqrt(min(1.0, MAX_PHOTO_PIXELS / (width * height)))
        target = (max(1, int(width * fraction)), max(1, int(height * fraction)))
        if opened.format == "JPEG":
            opened.draft("RGB", target)  # decode at a lower resolution when that is enough
        picture = ImageOps.exif_transpose(opened.convert("RGB"))
    if picture.width * picture.height > MAX_PHOTO_PIXELS:
        picture.thumbnail(
            (max(1, int(picture.width * fraction)), max(1, int(picture.height * fraction)))
        )
    return picture.width, picture.height, picture.tobytes()


def draw(
    request: bytes, opened: _OpenDocument, limits: AnalysisLimits
) -> tuple[dict[str, object], bytes, bool]:
    """The reply header, the compressed pixels and whether this process should exit."""
    head, _, data = request.partition(b"\n")
    number = int(json.loads(head)["page"])
    header: dict[str, object] = {"page": number}
    try:
        if sniff_media_type(data) == PDF:
            document = opened.open(data, limits)
            header["page_sizes"] = opened.sizes
            width, height, rgb = draw_pdf_page(document, number, limits)
        elif sniff_media_type(data) in (JPEG, PNG) and number == 1:
            width, height, rgb = draw_photo(data, limits)
        else:
            raise ValueError("nothing to draw")
    except MemoryError:
        limit = limits.max_memory_bytes // MIB
        header["error"] = f"drawing it needs more memory than the limit of {limit} MiB"
        return header, b"", True
    except RecursionError:
        header["error"] = "it is nested too deeply to draw"
        return header, b"", True
    except Exception as exc:  # an engine error on hostile input must not end the service
        log.warning("drawing page %d failed: %s", number, exc)
        header["error"] = f"it could not be drawn ({type(exc).__name__}: {exc})"
        return header, b"", False
    header["width"], header["height"] = width, height
    return header, zlib.compress(rgb, 1), False


def serve(limits: AnalysisLimits) -> int:
    from review.analysis.limits import CPU_GRACE_S
    from workstation.confinement import limit_cpu

    requests, replies = sandbox_pipes(limits)
    opened = _OpenDocument()
    while True:
        request = read_frame(requests)
        if request is None:
            return 0
        limit_cpu(limits.max_seconds, grace=CPU_GRACE_S)
        header, pixels, exhausted = draw(request, opened, limits)
        status = EXITING if exhausted else STAYING
        replies.write(frame(status + json.dumps(header).encode() + b"\n" + pixels))
        if exhausted:
            return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m review.analysis.page_images LIMITS_JSON", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="rendering: %(levelname)s %(message)s")
    return serve(AnalysisLimits(**json.loads(args[0])))


if __name__ == "__main__":
    sys.exit(main())
