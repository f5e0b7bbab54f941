"""Write the OCR part of the hostile corpus: tests/corpus/hostile/ocr-* (checked in).

    python -m tests.corpus.make_ocr_hostile

Pictures and scans that would make OCR (or the decoding before it) cost too much: an
image that declares billions of pixels, a scanned page the size of a wall, a scan of
dozens of pages without a text layer, a picture of noise. Each is small on disk.
`tests/unit/review/test_ocr_hostile.py` reads them through the real analyser; the JPEG
and PNG bombs of `make_hostile.py` (progressive JPEG with 1500 scans, truncated JPEG,
decompression-bomb PNG) are read there too.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Final

from PIL import Image

from tests.support.hostile_documents import raw_pdf

HOSTILE: Final = Path(__file__).resolve().parent / "hostile"


def huge_dimensions_jpeg(width: int, height: int) -> bytes:
    """A tiny baseline JPEG whose frame header is rewritten to declare `width` x `height`."""
    out = io.BytesIO()
    Image.new("L", (16, 16), 200).save(out, "JPEG", quality=50)
    data = bytearray(out.getvalue())
    frame = data.index(b"\xff\xc0")  # SOF0: length(2) precision(1) height(2) width(2)
    data[frame + 5 : frame + 7] = height.to_bytes(2, "big")
    data[frame + 7 : frame + 9] = width.to_bytes(2, "big")
    return bytes(data)


def _image_object(size: int, grey: int) -> bytes:
    pixels = bytes([grey]) * (size * size)
    return (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length %d >>\nstream\n"
        % (size, size, len(pixels))
        + pixels
        + b"\nendstream"
    )


def scanned_pdf(*, pages: int, width: float, height: float) -> bytes:
    """`pages` pages that only show a picture (a scan): no text layer, nothing for pypdf."""
    content = b"q %g 0 0 %g 0 0 cm /Im1 Do Q" % (width, height)
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        _image_object(8, 235),
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 3 0 R"
            b" /Resources << /XObject << /Im1 4 0 R >> >> >>" % (width, height)
        )
    return raw_pdf(objects)


def noise_png(width: int, height: int, *, seed: int = 11) -> bytes:
    """Grey noise: OCR finds specks, no text."""
    rng = random.Random(seed)
    picture = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def ocr_files() -> dict[str, bytes]:
    return {
        "ocr-jpeg-huge-dimensions.jpg": huge_dimensions_jpeg(60_000, 60_000),
        "ocr-pdf-huge-scanned-page.pdf": scanned_pdf(pages=1, width=14_400, height=14_400),
        "ocr-pdf-many-scanned-pages.pdf": scanned_pdf(pages=40, width=595, height=842),
        "ocr-png-noise.png": noise_png(320, 240),
    }


def main() -> None:
    HOSTILE.mkdir(parents=True, exist_ok=True)
    for name, content in ocr_files().items():
        (HOSTILE / name).write_bytes(content)
        print(f"{len(content):>8}  {name}")


if __name__ == "__main__":
    main()
