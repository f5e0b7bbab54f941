"""Report PDFs: page operators written directly, in a document reportlab lays out.

reportlab makes the document itself (fonts, the subset of the packaged WenQuanYi
font for Chinese names, pages, catalogue, cross-reference table) the way its
`ttfonts` module documents for writing `Tf`/`Tj` operators by hand. Formatting
that document costs far more than the page text, and it is the same for every
report that uses the same fonts and the same Chinese characters, so it is made
once per such combination and reused: each report only brings its own page
content and document information. Benchmarks make tens of thousands of reports.
The bytes depend only on the report, never on what was cached before.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Final

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import resources

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
CJK_FONT: Final = "CWDemoWenQuanYi"


@cache
def _register_cjk_font() -> str:
    # Subsets only the glyphs used (asciiReadable=False), keeping each PDF to a few KB.
    path = resources.path("fonts", "wqy-microhei.ttc")
    font = TTFont(CJK_FONT, str(path), subfontIndex=0, asciiReadable=False)
    # reportlab copies whole tables (3.5 MB of glyphs) for every subset; they never change.
    font.face.get_table = cache(font.face.get_table)
    pdfmetrics.registerFont(font)
    return CJK_FONT


def font_for(text: str, *, bold: bool = False) -> str:
    """Helvetica where WinAnsi encodes the text, else the embedded WenQuanYi subset."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return _register_cjk_font()
    return "Helvetica-Bold" if bold else "Helvetica"


_LITERAL: Final = {
    code: f"\\{code:03o}" for code in range(256) if not 32 <= code < 127 or chr(code) in "()\\"
}


def _escape(value: str) -> str:
    """A PDF literal string in WinAnsi (the standard fonts' encoding), ASCII only."""
    return value.encode("cp1252").decode("latin-1").translate(_LITERAL)


def _info_text(value: str) -> str:
    try:
        return "(" + value.encode("latin-1").decode("latin-1").translate(_LITERAL) + ")"
    except UnicodeEncodeError:
        return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    creator: str
    subject: str
    created: datetime  # CreationDate = ModDate


class PageWriter:
    """Graphics and text operators for one page."""

    def __init__(self, document: ReportDocument) -> None:
        self.document = document
        self.graphics: list[str] = []
        self.text: list[str] = ["0 g"]
        self.font: tuple[str, float] = ("", 0.0)
        self.grey = 0.0

    def fill_rect(self, x: float, y: float, w: float, h: float, rgb: Sequence[float]) -> None:
        self.graphics.append(f"{rgb[0]:g} {rgb[1]:g} {rgb[2]:g} rg {x:g} {y:g} {w:g} {h:g} re f")

    def stroke_rect(self, x: float, y: float, w: float, h: float, *, grey: float) -> None:
        self.graphics.append(f"{grey:g} G {x:g} {y:g} {w:g} {h:g} re S")

    def line(self, x1: float, y1: float, x2: float, y2: float, *, grey: float = 0) -> None:
        self.graphics.append(f"{grey:g} G {x1:g} {y1:g} m {x2:g} {y2:g} l S")

    def curve(self, start: tuple[float, float], *controls: float, rgb: Sequence[float]) -> None:
        """A stroked path of cubic Béziers: three points (six numbers) per segment."""
        ops = [f"{rgb[0]:g} {rgb[1]:g} {rgb[2]:g} RG {start[0]:g} {start[1]:g} m"]
        for i in range(0, len(controls), 6):
            ops.append(" ".join(f"{v:g}" for v in controls[i : i + 6]) + " c")
        self.graphics.append(" ".join(ops) + " S")

    def circle(self, x: float, y: float, r: float, *, grey: float) -> None:
        k = r * 0.5523  # Bézier handle length for a quarter circle
        self.curve(
            (x + r, y),
            *(x + r, y + k, x + k, y + r, x, y + r),
            *(x - k, y + r, x - r, y + k, x - r, y),
            *(x - r, y - k, x - k, y - r, x, y - r),
            *(x + k, y - r, x + r, y - k, x + r, y),
            rgb=(grey, grey, grey),
        )

    def put(
        self,
        x: float,
        y: float,
        value: str,
        *,
        size: float = 10,
        bold: bool = False,
        grey: float = 0.0,
        right: bool = False,
    ) -> None:
        font = font_for(value, bold=bold)
        if grey != self.grey:
            self.text.append(f"{grey:g} g")
            self.grey = grey
        if right:
            x -= pdfmetrics.stringWidth(value, font, size)
        self.text.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        doc = self.document.doc
        if font == CJK_FONT:
            dynamic = pdfmetrics.getFont(font)
            self.document.uses(font, value)
            for subset, chunk in dynamic.splitString(value, doc):
                name = dynamic.getSubsetInternalName(subset, doc)
                self.text.append(f"{name} {size:g} Tf <{chunk.hex()}> Tj")
            self.font = ("", 0.0)
            return
        if (font, size) != self.font:
            self.document.uses(font)
            self.text.append(f"{doc.getInternalFontName(font)} {size:g} Tf")
            self.font = (font, size)
        self.text.append(f"({_escape(value)}) Tj")

    def content(self) -> str:
        return "\n".join(["q", *self.graphics, "BT", *self.text, "ET", "Q"])


@dataclass
class ReportDocument:
    """One PDF in the making: pages of operators, and what the fonts must hold."""

    pages: list[PageWriter] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)  # in order of first use
    embedded_text: list[str] = field(default_factory=list)  # drawn in the subset font, in order
    out: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.canvas = Canvas(
            self.out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1
        )
        self.doc = self.canvas._doc  # the document fonts and subsets are registered with

    def page(self) -> PageWriter:
        page = PageWriter(self)
        self.pages.append(page)
        return page

    def uses(self, font: str, text: str = "") -> None:
        if font not in self.fonts:
            self.fonts.append(font)
        if text:
            self.embedded_text.append(text)

    def finish(self, info: DocumentInfo) -> bytes:
        contents = [page.content() for page in self.pages]
        # Everything reportlab writes besides the contents and the information follows from
        # which fonts were used in which order, which characters the subset holds, the pages.
        key = (tuple(self.fonts), "\x00".join(self.embedded_text), len(contents))
        skeleton = _SKELETONS.get(key)
        if skeleton is None:
            for _ in contents:
                self.canvas.showPage()  # pages without contents: each report brings its own
            self.canvas.save()
            skeleton = _Skeleton.parse(self.out.getvalue())
            _SKELETONS.put(key, skeleton)
        return skeleton.assemble(contents, info)


@dataclass(frozen=True)
class _Skeleton:
    """A reportlab PDF taken apart at its objects, to put other contents and information in."""

    header: bytes
    objects: tuple[bytes, ...]  # object 1 first, each ending with "endobj\n"
    info: int
    root: int
    contents: tuple[int, ...]  # the content stream object of each page, in page order

    @classmethod
    def parse(cls, pdf: bytes) -> _Skeleton:
        found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
        table = re.compile(rb"xref\s+0 (\d+)\s+").match(pdf, int(found.group(1))) if found else None
        if found is None or table is None:
            raise ValueError("reportlab wrote no cross-reference table where expected")
        xref_at, count = int(found.group(1)), int(table.group(1))
        first = table.end() + 20  # entry 0 is the head of the free list
        offsets = [int(pdf[first + 20 * i : first + 20 * i + 10]) for i in range(count - 1)]
        ends = sorted([*offsets, xref_at])
        objects = tuple(pdf[start : ends[ends.index(start) + 1]] for start in offsets)
        trailer = pdf[xref_at:]
        info, root = (re.search(rb"/%s (\d+) 0 R" % name, trailer) for name in (b"Info", b"Root"))
        if info is None or root is None:
            raise ValueError("reportlab wrote a trailer without /Info or /Root")
        pages = [
            int(match.group(1))
            for body in objects
            if re.search(rb"/Type /Page\b", body)
            for match in [re.search(rb"/Contents (\d+) 0 R", body)]
            if match
        ]
        return cls(
            pdf[: min(offsets)], objects, int(info.group(1)), int(root.group(1)), tuple(pages)
        )

    def assemble(self, contents: Sequence[str], info: DocumentInfo) -> bytes:
        streams = dict(zip(self.contents, contents, strict=True))
        body = [self.header]
        offsets: list[int] = []
        position = len(self.header)
        for number, chunk in enumerate(self.objects, start=1):
            if number == self.info:
                chunk = _info_object(number, info)
            elif number in streams:
                chunk = _stream_object(number, streams[number].encode("ascii"))
            offsets.append(position)
            body.append(chunk)
            position += len(chunk)
        ident = hashlib.sha256(b"".join(body)).hexdigest()[:32]
        xref = [f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n"]
        xref += [f"{offset:010d} 00000 n \n" for offset in offsets]
        trailer = (
            f"trailer\n<<\n/ID [<{ident}><{ident}>]\n/Info {self.info} 0 R\n/Root {self.root} 0 R\n"
            f"/Size {len(offsets) + 1}\n>>\nstartxref\n{position}\n%%EOF\n"
        )
        return b"".join(body) + "".join(xref).encode() + trailer.encode()


def _info_object(number: int, info: DocumentInfo) -> bytes:
    stamp = "D:" + info.created.astimezone(UTC).strftime("%Y%m%d%H%M%S") + "+00'00'"
    fields = (
        f"/Author {_info_text(info.author)} /CreationDate ({stamp}) "
        f"/Creator {_info_text(info.creator)} /Keywords () /ModDate ({stamp}) "
        f"/Producer {_info_text(pdfdoc.PDFInfo.producer)} /Subject {_info_text(info.subject)} "
        f"/Title {_info_text(info.title)} /Trapped /False"
    )
    return f"{number} 0 obj\n<<\n{fields}\n>>\nendobj\n".encode("ascii")


def _stream_object(number: int, content: bytes) -> bytes:
    data = zlib.compress(content)
    head = f"{number} 0 obj\n<<\n/Filter [ /FlateDecode ] /Length {len(data)}\n>>\nstream\n"
    return head.encode("ascii") + data + b"\nendstream\nendobj\n"


class _SkeletonCache:
    """The most recently used skeletons: Latin-only reports share a handful, Chinese names many."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[tuple[tuple[str, ...], str, int], _Skeleton] = {}
        self.lock = threading.Lock()  # the server may render from several threads

    def get(self, key: tuple[tuple[str, ...], str, int]) -> _Skeleton | None:
        with self.lock:
            skeleton = self.entries.pop(key, None)
            if skeleton is not None:
                self.entries[key] = skeleton  # most recent last
            return skeleton

    def put(self, key: tuple[tuple[str, ...], str, int], skeleton: _Skeleton) -> None:
        with self.lock:
            self.entries[key] = skeleton
            while len(self.entries) > self.size:
                del self.entries[next(iter(self.entries))]


_SKELETONS: Final = _SkeletonCache(2048)
