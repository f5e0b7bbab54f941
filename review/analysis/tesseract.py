"""A minimal binding to the system's Tesseract 5 library (its C API), through ctypes.

Why not a wrapper from the package index: the tesserocr wheel bundles its own Tesseract
build that reads nothing with Debian's Simplified Chinese model, building tesserocr needs
headers and a compiler, and pytesseract starts a process (and loads the models) for every
page. Debian's `libtesseract5` with `tesseract-ocr-eng` and `tesseract-ocr-chi-sim`
(scripts/bootstrap installs them) is loaded once per analysis process and kept.

Only what OCR of a report page needs: set an image, optionally a rectangle of it, recognise,
and walk the words with their boxes and confidences; and, when Debian's
`tesseract-ocr-osd` is installed, ask which way up a page is (`Tesseract.orientation`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Final

from PIL import Image

log = logging.getLogger(__name__)

_LEPTONICA_SILENT: Final = 6  # L_SEVERITY_NONE
_LIBRARY_NAMES: Final = ("libtesseract.so.5", "libtesseract.5.dylib", "libtesseract.so")
_TESSDATA_GLOBS: Final = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


class TesseractMissing(Exception):
    """The Tesseract library or a language model is not installed."""


class PageSegmentation(IntEnum):
    ORIENTATION_ONLY = 0
    SINGLE_BLOCK = 6
    SINGLE_LINE = 7
    SPARSE_TEXT = 11


class _Level(IntEnum):
    """Tesseract's PageIteratorLevel."""

    TEXTLINE = 2
    WORD = 3


@dataclass(frozen=True, slots=True)
class RecognisedWord:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float  # 0..1


@dataclass(frozen=True, slots=True)
class PageOrientation:
    """Tesseract's OSD answer: the page shows turned `clockwise` degrees (0, 90, 180, 270)."""

    clockwise: int
    confidence: float  # Tesseract's margin over the next orientation; above ~2 is clear
    script: str  # "Latin", "Han", ...


_library: ctypes.CDLL | None = None


def _load_library() -> ctypes.CDLL:
    global _library
    if _library is not None:
        return _library
    # OpenMP threads only contend with the other analysis process on a small machine
    # (four times slower on two cores); libgomp reads this when the library loads.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    names = [*_LIBRARY_NAMES]
    found = ctypes.util.find_library("tesseract")
    if found:
        names.append(found)
    for name in names:
        try:
            library = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise TesseractMissing("the OCR engine is not installed (Debian: tesseract-ocr)")
    _quiet_leptonica()
    pointer, text, integer, boolean = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int
    signatures: dict[str, tuple[type | None, list[type]]] = {
        "TessBaseAPICreate": (pointer, []),
        "TessBaseAPIDelete": (None, [pointer]),
        "TessBaseAPIEnd": (None, [pointer]),
        "TessBaseAPIInit3": (integer, [pointer, text, text]),
        "TessBaseAPISetPageSegMode": (None, [pointer, integer]),
        "TessBaseAPISetVariable": (boolean, [pointer, text, text]),
        "TessBaseAPISetImage": (None, [pointer, pointer, integer, integer, integer, integer]),
        "TessBaseAPISetSourceResolution": (None, [pointer, integer]),
        "TessBaseAPISetRectangle": (None, [pointer, integer, integer, integer, integer]),
        "TessBaseAPIRecognize": (integer, [pointer, pointer]),
        "TessBaseAPIGetIterator": (pointer, [pointer]),
        "TessBaseAPIClear": (None, [pointer]),
        "TessResultIteratorDelete": (None, [pointer]),
        "TessResultIteratorNext": (boolean, [pointer, integer]),
        "TessResultIteratorGetUTF8Text": (pointer, [pointer, integer]),
        "TessResultIteratorConfidence": (ctypes.c_float, [pointer, integer]),
        "TessResultIteratorGetPageIterator": (pointer, [pointer]),
        "TessPageIteratorBoundingBox": (
            boolean,
            [pointer, integer, *[ctypes.POINTER(ctypes.c_int)] * 4],
        ),
        "TessDeleteText": (None, [pointer]),
        "TessBaseAPIDetectOrientationScript": (
            boolean,
            [
                pointer,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_float),
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_float),
            ],
        ),
    }
    for function, (result, arguments) in signatures.items():
        bound = getattr(library, function)
        bound.restype = result
        bound.argtypes = arguments
    _library = library
    return library


def _quiet_leptonica() -> None:
    """Leptonica (Tesseract's image library) prints every odd box on stderr: not useful here."""
    for name in ("liblept.so.5", "libleptonica.so.6", "libleptonica.6.dylib", "liblept.5.dylib"):
        try:
            leptonica = ctypes.CDLL(name)
        except OSError:
            continue
        leptonica.setMsgSeverity.argtypes = [ctypes.c_int]
        leptonica.setMsgSeverity.restype = ctypes.c_int
        leptonica.setMsgSeverity(_LEPTONICA_SILENT)
        return


def tessdata_dir(language: str = "eng") -> str | None:
    """The folder holding `language`'s model, from TESSDATA_PREFIX or the usual places."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    for pattern in _TESSDATA_GLOBS:
        root = Path(pattern.split("*")[0]) if "*" in pattern else None
        if root is not None:
            tail = pattern[len(str(root)) + 1 :]
            # Newest version first ("/usr/share/tesseract-ocr/5/tessdata" before "4.00").
            candidates += sorted((str(p) for p in root.glob(tail)), reverse=True)
        else:
            candidates.append(pattern)
    for folder in candidates:
        if folder and (Path(folder) / f"{language}.traineddata").is_file():
            return folder
    return None


class Tesseract:
    """One Tesseract engine with one language set; not thread-safe (one per process is plenty)."""

    def __init__(
        self,
        languages: str,
        *,
        segmentation: PageSegmentation,
        variables: dict[str, str] | None = None,
    ) -> None:
        library = _load_library()
        folder = tessdata_dir(languages.split("+")[0])
        if folder is None:
            raise TesseractMissing(
                f"the OCR model {languages!r} is not installed (Debian: tesseract-ocr-eng)"
            )
        self._lib = library
        self._handle = library.TessBaseAPICreate()
        if library.TessBaseAPIInit3(self._handle, folder.encode(), languages.encode()) != 0:
            library.TessBaseAPIDelete(self._handle)
            raise TesseractMissing(f"the OCR model {languages!r} cannot be loaded from {folder}")
        library.TessBaseAPISetPageSegMode(self._handle, int(segmentation))
        # The resolution Tesseract assumes when an image states none; and its diagnostics
        # (a process-wide setting: "Invalid resolution 0 dpi" for every page OSD reads, and
        # the like) go nowhere, as Leptonica's do.
        variables = {"user_defined_dpi": "200", "debug_file": os.devnull, **(variables or {})}
        for name, value in variables.items():
            if not library.TessBaseAPISetVariable(self._handle, name.encode(), value.encode()):
                log.warning("Tesseract has no setting %r", name)
        self.languages = languages
        self._pixels: bytes | None = None  # kept alive while Tesseract reads it

    def set_segmentation(self, segmentation: PageSegmentation) -> None:
        self._lib.TessBaseAPISetPageSegMode(self._handle, int(segmentation))

    def set_image(self, page: Image.Image, *, dpi: int = 200) -> None:
        """Greyscale pixels Tesseract reads until the next `set_image` (it does not copy them)."""
        grey = page if page.mode == "L" else page.convert("L")
        self._pixels = grey.tobytes()
        width, height = grey.size
        self._lib.TessBaseAPISetImage(self._handle, self._pixels, width, height, 1, width)
        self._lib.TessBaseAPISetSourceResolution(self._handle, dpi)

    def words(self, rectangle: tuple[int, int, int, int] | None = None) -> list[RecognisedWord]:
        """Recognise the image (or `rectangle`: left, top, width, height) and list its words.

        Boxes are in the whole image's pixels either way.
        """
        lib, handle = self._lib, self._handle
        if rectangle is not None:
            lib.TessBaseAPISetRectangle(handle, *rectangle)
        if lib.TessBaseAPIRecognize(handle, None) != 0:
            return []
        iterator = lib.TessBaseAPIGetIterator(handle)
        if not iterator:
            return []
        found: list[RecognisedWord] = []
        level = int(_Level.WORD)
        edges = [ctypes.c_int() for _ in range(4)]
        try:
            page = lib.TessResultIteratorGetPageIterator(iterator)
            while True:
                raw = lib.TessResultIteratorGetUTF8Text(iterator, level)
                if raw:
                    text = ctypes.string_at(raw).decode("utf-8", "replace")
                    lib.TessDeleteText(raw)
                    placed = lib.TessPageIteratorBoundingBox(
                        page, level, *(ctypes.byref(edge) for edge in edges)
                    )
                    if placed and text.strip():
                        confidence = lib.TessResultIteratorConfidence(iterator, level) / 100
                        left, top, right, bottom = (edge.value for edge in edges)
                        found.append(
                            RecognisedWord(
                                text.strip(),
                                left,
                                top,
                                right,
                                bottom,
                                max(0.0, min(1.0, confidence)),
                            )
                        )
                if not lib.TessResultIteratorNext(iterator, level):
                    break
        finally:
            lib.TessResultIteratorDelete(iterator)
        return found

    def orientation(self, page: Image.Image) -> PageOrientation | None:
        """Which way up the text of `page` stands (an engine made with the "osd" model)."""
        self.set_image(page)
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        found = self._lib.TessBaseAPIDetectOrientationScript(
            self._handle,
            ctypes.byref(degrees),
            ctypes.byref(confidence),
            ctypes.byref(script),
            ctypes.byref(script_confidence),
        )
        self._lib.TessBaseAPIClear(self._handle)
        if not found or degrees.value not in (0, 90, 180, 270):
            return None
        return PageOrientation(
            clockwise=degrees.value,
            confidence=float(confidence.value),
            script=(script.value or b"").decode("ascii", "replace"),
        )

    def close(self) -> None:
        if self._handle:
            self._lib.TessBaseAPIEnd(self._handle)  # frees the models' shared dictionaries
            self._lib.TessBaseAPIDelete(self._handle)
            self._handle = None
