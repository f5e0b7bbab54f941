"""Write the hostile corpus in tests/corpus/hostile/ (checked in; run again to regenerate).

    python -m tests.corpus.make_hostile

Every file is small on disk: bombs are compressed, huge images only declare their
size. Bigger variants (more scans, deeper nesting, larger bombs) are made on the fly
by `tests/fuzz/test_hostile_corpus.py`. The name's prefix says which parser it is
for (`hc1-`, `cose-`, `cwt-`, `multipart-`, `protocol-`, `pdf-`, `png-`, `jpeg-`);
other suites share the folder under other names.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import base45
import cbor2
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image

from printing.cose import sign_es256
from tests.support.hostile_documents import page_tree_bomb, png, raw_pdf, scripted_pdf

HOSTILE: Final = Path(__file__).resolve().parent / "hostile"
BOUNDARY: Final = "cwfuzzboundary"  # as tests.fuzz.targets.BOUNDARY
#: A fixed key (it signs nothing real): regenerated certificates keep their kid.
_KEY: Final = ec.derive_private_key(0x5EED, ec.SECP256R1())
_KID: Final = b"fuzzkid!"


def hc1_text(cose: bytes) -> bytes:
    return b"HC1:" + bytes(base45.b45encode(zlib.compress(cose, 9)))


def signed(payload: bytes) -> bytes:
    return sign_es256(payload=payload, private_key=_KEY, kid=_KID)


def dcc(name: str = "Anna") -> dict[str, object]:
    return {
        "ver": "1.3.0",
        "nam": {"fn": "Lindqvist", "fnt": "LINDQVIST", "gn": name, "gnt": "ANNA"},
        "dob": "1990-05-17",
        "t": [
            {
                "tg": "840539006",
                "tt": "LP6464-4",
                "sc": "2021-05-30T10:00:00Z",
                "tr": "260415000",
                "tc": "Central Test Laboratory",
                "co": "GB",
                "is": "Ministry",
                "ci": "URN:UVCI:01:GB:FUZZ#1",
            }
        ],
    }


def cwt(claims: dict[object, object]) -> bytes:
    return cbor2.dumps(claims)


def claims(changes: dict[object, object] | None = None) -> dict[object, object]:
    """A CWT claim map (iss, exp, iat, hcert) with `changes` applied."""
    base: dict[object, object] = {1: "CN", 4: 1_700_000_000, 6: 1_600_000_000, -260: {1: dcc()}}
    base.update(changes or {})
    return base


# -- certificates -------------------------------------------------------------------------------


def certificate_files() -> dict[str, bytes]:
    valid_cose = signed(cwt(claims()))
    deep = b"\x81" * 100_000 + b"\x00"
    files = {
        "hc1-signed-unknown-kid.txt": hc1_text(valid_cose),
        "hc1-zlib-bomb.txt": b"HC1:" + base45.b45encode(zlib.compress(b"\0" * 2_000_000, 9)),
        "hc1-deep-cbor.txt": hc1_text(deep),
        "hc1-tag-chain.txt": hc1_text(b"\xd8\x3d" * 20_000 + b"\xd2\x80"),
        "hc1-truncated-zlib.txt": b"HC1:" + base45.b45encode(zlib.compress(valid_cose)[:-20]),
        "hc1-invalid-utf8.bin": b"HC1:" + b"\xff\xfe\xc0\xaf\xed\xa0\x80" + b"6BFOXN%TS",
        "hc1-too-long.txt": b"HC1:" + b"A" * 5000,
        "hc1-bad-base45.txt": b"HC1:abc:::~~~\x00\n\r::::",
        "hc1-bidi-controls.txt": hc1_text(
            signed(cwt(claims({-260: {1: dcc("\u202egnA\u202c\u0000\u200f\ufeff")}})))
        ),
        "cose-huge-bstr-length.cbor": b"\xd2\x84\x5b" + (2**62).to_bytes(8, "big") + b"\0" * 8,
        "cose-huge-array-length.cbor": b"\xd2\x9b" + (2**62).to_bytes(8, "big"),
        "cose-indefinite-nesting.cbor": b"\x9f" * 10_000,
        "cose-wrong-tag.cbor": cbor2.dumps(cbor2.CBORTag(98, [b"", {}, b"x", b""])),
        "cose-protected-not-map.cbor": cbor2.dumps(cbor2.CBORTag(18, [b"\x01", {}, b"x", b""])),
        "cose-alg-bignum.cbor": cbor2.dumps(
            cbor2.CBORTag(18, [cbor2.dumps({1: 2**200, 4: _KID}), {}, cwt(claims()), b"\0" * 64])
        ),
        "cose-alg-in-both-headers.cbor": cbor2.dumps(
            [cbor2.dumps({1: -37}), {1: -7, 4: b""}, cwt(claims()), b"\1" * 3]
        ),
        "cose-payload-not-cwt.cbor": signed(b"\xff\xff\xff"),
        "cwt-duplicate-keys.cbor": b"\xa2\x01\x61a\x01\x61b",
        "cwt-exp-bignum.cbor": cwt(claims({4: 2**100})),
        "cwt-exp-nan.cbor": cwt(claims({4: float("nan")})),
        "cwt-exp-infinite.cbor": cwt(claims({6: float("-inf")})),
        "cwt-exp-bool.cbor": cwt(claims({4: True})),
        "cwt-deep-dcc.cbor": cwt(claims({-260: {1: _nested_maps(5000)}})),
        "cwt-odd-values.cbor": cwt(
            claims(
                {
                    -260: {
                        1: {
                            b"bytes-key": 1,
                            2.5: "float key",
                            "undefined": cbor2.undefined,
                            "tagged": cbor2.CBORTag(0, "not a date"),
                            "epoch": cbor2.CBORTag(1, 2**80),
                            "simple": cbor2.CBORSimpleValue(99),
                            "frozen": frozenset({1}),
                        }
                    },
                    "extension": cbor2.CBORTag(12345, [1, 2]),
                }
            )
        ),
        "cwt-not-a-map.cbor": cbor2.dumps([1, 2, 3]),
    }
    return files


def _nested_maps(depth: int) -> dict[str, object]:
    node: dict[str, object] = {"v": 1}
    for _ in range(depth):
        node = {"n": node}
    return node


# -- multipart ----------------------------------------------------------------------------------


def part(headers: list[str], body: bytes) -> bytes:
    return (
        b"--"
        + BOUNDARY.encode()
        + b"\r\n"
        + "\r\n".join(headers).encode()
        + b"\r\n\r\n"
        + body
        + b"\r\n"
    )


def end() -> bytes:
    return b"--" + BOUNDARY.encode() + b"--\r\n"


def submission_json() -> tuple[bytes, dict[str, bytes]]:
    from tests.support.declarations import build_declaration

    upload = build_declaration(
        mission="GBR-LON", document_number="E1234567",
        departure=datetime(2030, 1, 2, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    return upload.submission.model_dump_json().encode(), upload.files


def json_part(body: bytes, name: str = "submission") -> bytes:
    return part(
        [f'Content-Disposition: form-data; name="{name}"', "Content-Type: application/json"], body
    )


def file_part(filename: str, body: bytes, *, name: str = "documents") -> bytes:
    return part(
        [
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"',
            "Content-Type: application/pdf",
        ],
        body,
    )


def multipart_files() -> dict[str, bytes]:
    raw, files = submission_json()
    filename, content = next(iter(files.items()))
    nested_inner = (
        b'--inner\r\nContent-Disposition: file; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--inner--\r\n'
    )
    return {
        "multipart-valid-submission.txt": json_part(raw) + file_part(filename, content) + end(),
        "multipart-file-before-json.txt": file_part(filename, content) + json_part(raw) + end(),
        "multipart-nested.txt": json_part(raw)
        + part(
            [
                'Content-Disposition: form-data; name="documents"',
                "Content-Type: multipart/mixed; boundary=inner",
            ],
            nested_inner,
        )
        + end(),
        "multipart-many-parts.txt": json_part(raw)
        + b"".join(file_part(f"f{i}.pdf", b"%PDF-1.4 x") for i in range(100))
        + end(),
        "multipart-no-closing-boundary.txt": json_part(raw) + file_part(filename, content[:100]),
        "multipart-invalid-utf8-json.txt": json_part(b'{"mission": "\xff\xfe\xc0\xaf"}') + end(),
        "multipart-invalid-utf8-filename.txt": json_part(raw)
        + file_part(
            "r\udcff\udcfe.pdf".encode("utf-8", "surrogateescape").decode("latin-1"), content
        )
        + end(),
        "multipart-huge-header.txt": json_part(raw)
        + part(
            ['Content-Disposition: form-data; name="documents"; filename="' + "a" * 12_000 + '"'],
            b"%PDF-",
        )
        + end(),
        "multipart-duplicate-json.txt": json_part(raw) + json_part(raw) + end(),
        "multipart-header-injection.txt": json_part(raw)
        + file_part('x.pdf"\r\nContent-Type: text/html\r\nX: "', content)
        + end(),
        "multipart-no-disposition.txt": part(["Content-Type: application/json"], raw) + end(),
        "multipart-wrong-hash.txt": json_part(raw) + file_part(filename, content + b" ") + end(),
        "multipart-garbage.txt": b"\r\n--" + BOUNDARY.encode() + b"\x00\xff--\r\n\r\n" * 50,
    }


# -- protocol -----------------------------------------------------------------------------------


def protocol_files() -> dict[str, bytes]:
    raw, _files = submission_json()
    declaration = json.loads(raw)
    declaration["content"]["holder"]["name"]["given"] = "\u202eAnna\u202c\u0000\u200f"
    return {
        "protocol-valid-submission.json": raw,
        "protocol-bidi-and-nul.json": json.dumps(declaration).encode(),
        "protocol-deep-json.json": b"[" * 20_000 + b"]" * 20_000,
        "protocol-deep-object.json": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        "protocol-invalid-utf8.json": b'{"username": "\xff\xfe\xed\xa0\x80", "password": "x"}',
        "protocol-huge-int.json": b'{"since": ' + b"9" * 5000 + b', "cursor": 1}',
        "protocol-float-overflow.json": b'{"lease_seconds": 1e999999}',
        "protocol-lone-surrogate.json": b'{"username": "\\ud800", "password": "\\udfff"}',
        "protocol-duplicate-keys.json": b'{"lease_seconds": 60, "lease_seconds": 1e308}',
        "protocol-huge-date.json": b'{"outcome": "approve", "reason_codes": [], "note": "n",'
        b' "decided_at": "99999-12-31T23:59:59+99:99"}',
    }


# -- documents ----------------------------------------------------------------------------------


def _form_xobject_loop() -> bytes:
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> /Length 6 >>\nstream\n/X Do\nendstream"  # noqa: E501
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R"
            b" /Resources << /XObject << /X 5 0 R >> >> >>",
            b"<< /Length 5 >>\nstream\n/X Do\nendstream",
            form,
            b"<< /FT /Tx /T (loop) /Kids [7 0 R] >>",
            b"<< /Parent 6 0 R /Kids [6 0 R] /T (child) >>",
        ]
    )


def page_two_form_bomb(*, copies: int = 16, depth: int = 8) -> bytes:
    """Issue 12: page 1 an ordinary report, page 2 a form drawn `copies` times, nested
    `depth` deep (16**8 draws). Both pages have a text layer, so the analysis (which draws
    page 1 and OCRs only pages without text) admits it; drawing page 2 takes gigabytes."""
    first_text = b"BT /F1 14 Tf 72 760 Td (Laboratory report: SARS-CoV-2 RT-PCR) Tj ET"
    second_text = b"BT /F1 12 Tf 72 760 Td (Quality control) Tj ET /X Do"
    font = b"/Font << /F1 6 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << " + font + b" >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R"
        b" /Resources << " + font + b" /XObject << /X 8 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(first_text) + first_text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(second_text) + second_text + b"\nendstream",
    ]
    for level in range(depth):
        number = len(objects) + 1
        last = level == depth - 1
        body = b"0 0 1 1 re f" if last else b"/X Do " * copies
        resources = b"" if last else b" /Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842]%s /Length %d >>\nstream\n"
            % (resources, len(body))
            + body
            + b"\nendstream"
        )
    return raw_pdf(objects)


def _broken_xref() -> bytes:
    good = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )
    xref = good.index(b"xref\n")
    damaged = good[:xref] + good[xref:].replace(b" 00000 n", b" 99999 n")
    return damaged.replace(b"startxref\n%d" % xref, b"startxref\n999999999")


def _xref_loop() -> bytes:
    body = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    xref = body.index(b"xref\n")
    return body.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)


def _page_tree_cycle() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def flate_bomb_pdf(inflated_bytes: int) -> bytes:
    """One page whose content stream inflates to `inflated_bytes` of spaces."""
    packer = zlib.compressobj(9)
    block = b" " * 1_000_000
    body = b"".join(packer.compress(block) for _ in range(inflated_bytes // len(block)))
    body += packer.flush()
    stream = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>",
            stream,
        ]
    )


def declared_size_png(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels and holds almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def many_scans_jpeg(scans: int) -> bytes:
    """A small progressive JPEG whose last scan is repeated until it has `scans` scans."""
    out = io.BytesIO()
    Image.new("L", (16, 16), 128).save(out, "JPEG", progressive=True, quality=50)
    data = out.getvalue()
    starts = [i for i in range(len(data) - 1) if data[i : i + 2] == b"\xff\xda"]
    last = data[starts[-1] : data.rindex(b"\xff\xd9")]
    extra = max(0, scans - len(starts))
    return data[: data.rindex(b"\xff\xd9")] + last * extra + b"\xff\xd9"


def document_files() -> dict[str, bytes]:
    truncated = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 30)).save(truncated, "JPEG")
    return {
        "pdf-javascript-actions.pdf": scripted_pdf(),
        "pdf-page-tree-bomb.pdf": page_tree_bomb(),
        "pdf-page-tree-cycle.pdf": _page_tree_cycle(),
        "pdf-nested-forms.pdf": _form_xobject_loop(),
        "pdf-page-two-form-bomb.pdf": page_two_form_bomb(),
        "pdf-broken-xref.pdf": _broken_xref(),
        "pdf-xref-loop.pdf": _xref_loop(),
        "pdf-flate-bomb.pdf": flate_bomb_pdf(8_000_000),
        "pdf-header-only.pdf": b"%PDF-1.7\n%%EOF\n",
        "png-huge-pixels.png": declared_size_png(100_000, 100_000),
        "png-decompression-bomb.png": png(9000, 9000),
        "png-truncated.png": png(64, 64)[:60],
        "jpeg-progressive-many-scans.jpg": many_scans_jpeg(1500),
        "jpeg-truncated.jpg": truncated.getvalue()[: len(truncated.getvalue()) // 2],
    }


MAKERS: Final[tuple[Callable[[], dict[str, bytes]], ...]] = (
    certificate_files,
    multipart_files,
    protocol_files,
    document_files,
)


def main() -> None:
    HOSTILE.mkdir(parents=True, exist_ok=True)
    for make in MAKERS:
        for name, content in make().items():
            (HOSTILE / name).write_bytes(content)
            print(f"{len(content):>8}  {name}")


if __name__ == "__main__":
    main()
