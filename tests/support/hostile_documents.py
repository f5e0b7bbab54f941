"""Hostile and odd documents made from scratch, byte by byte, for the analysis tests."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF with these objects (numbered from 1, object 1 the catalog) and a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _flate_stream(data: bytes) -> bytes:
    body = zlib.compress(data, 9)
    return b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def slow_text_pdf(operations: int) -> bytes:
    """One page whose (tiny, compressed) content has `operations` text operations to parse."""
    content = b"BT /F1 1 Tf " + b"(a) Tj 0 1 Td " * operations + b"ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _flate_stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def page_tree_bomb(*, levels: int = 9, fanout: int = 10, declared: int = 1) -> bytes:
    """A page tree whose every node lists the next one `fanout` times: fanout**levels pages
    from a few hundred bytes, while its root may declare any `/Count`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        kids = b" ".join(b"%d 0 R" % (level + 3) for _ in range(fanout))
        count = declared if level == 0 else fanout ** (levels - level)
        objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    objects.append(b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    return raw_pdf(objects)


def png(width: int, height: int, *, bit_depth: int = 1, colour_type: int = 0) -> bytes:
    """A blank PNG of any size, compressed row by row (a 30000 x 30000 one is ~100 KB)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = b"\0" * (1 + (width * channels * bit_depth + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def scripted_pdf() -> bytes:
    """A one-page PDF with document JavaScript, an open action script and an attachment."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_open_action(JavaScript("app.alert('document-level');"))  # the Names tree
    writer.add_attachment("invoice.exe", b"MZ not really a program")
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('opened');"),
        }
    )
    writer.root_object[NameObject("/OpenAction")] = action  # inline, not a reference
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def photo(
    *, exif: dict[int, str], sub_ifd: dict[int, str], size: tuple[int, int] = (640, 480)
) -> bytes:
    """A JPEG with the given EXIF tags (main IFD and Exif sub-IFD)."""
    image = Image.new("RGB", size, (200, 180, 150))
    tags = Image.Exif()
    for tag, value in exif.items():
        tags[tag] = value
    sub = tags.get_ifd(0x8769)
    for tag, value in sub_ifd.items():
        sub[tag] = value
    out = io.BytesIO()
    image.save(out, "JPEG", exif=tags, quality=80)
    return out.getvalue()
