"""Hostile inputs for `consular-workstation verify`, made on the fly (none is checked in).

Each is small on disk and would cost an unconfined verifier gigabytes or minutes: PDFium
expanding nested form XObjects or a compressed content stream of millions of paths, a
picture that declares billions of pixels, 50 pages of the largest size a PDF allows, a
progressive JPEG of thousands of scans, and signed codes whose fields carry terminal
escapes, bidi overrides or a 5,000-digit integer.
"""

from __future__ import annotations

import zlib
from typing import Any

import base45
import cbor2
from cryptography.hazmat.primitives.asymmetric import ec

from printing.cose import HEADER_ALG, HEADER_KID, TAG_COSE_SIGN1, sign_es256
from tests.corpus.make_hostile import declared_size_png, many_scans_jpeg
from tests.support.hostile_documents import raw_pdf


def _flate(data: bytes) -> bytes:
    packer = zlib.compressobj(9)
    body = packer.compress(data) + packer.flush()
    return b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def nested_forms_pdf(levels: int = 24, fanout: int = 10) -> bytes:
    """Form k draws form k-1 `fanout` times: fanout**levels paths from a few KB."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
    page += b" /Resources << /XObject << /F 5 0 R >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        b"<< /Length 5 >>\nstream\n/F Do\nendstream",
    ]
    for _ in range(levels):
        number = len(objects) + 1
        draw = b"/F Do " * fanout
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200]"
            b" /Resources << /XObject << /F %d 0 R >> >> /Length %d >>\nstream\n"
            % (number + 1, len(draw))
            + draw
            + b"\nendstream"
        )
    leaf = b"0 0 m 200 200 l 0 200 l h f " * 4
    objects.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Length %d >>\nstream\n" % len(leaf)
        + leaf
        + b"\nendstream"
    )
    return raw_pdf(objects)


def content_bomb_pdf(paths: int = 20_000_000) -> bytes:
    """One page whose compressed content stream (about 1 MB) holds millions of paths."""
    content = b"1 1 m 2 2 l S\n" * paths
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            _flate(content),
        ]
    )


def huge_pages_pdf(pages: int = 50) -> bytes:
    """`pages` pages of 200 x 200 inches (the largest a PDF allows), each painted grey."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _flate(b"0.5 g 0 0 14400 14400 re f 0 g 100 100 m 14000 14000 l S"),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 3 0 R >>"
    ] * pages
    return raw_pdf(objects)


def image_bomb_png() -> bytes:
    """A PNG that declares 100,000 x 100,000 pixels in 69 bytes."""
    return declared_size_png(100_000, 100_000)


def progressive_jpeg(scans: int = 5000) -> bytes:
    return many_scans_jpeg(scans)


def signed_hc1(
    claims: dict[Any, Any], key: ec.EllipticCurvePrivateKey, kid: bytes, *, alg: int = -7
) -> str:
    """`claims` as a signed HC1 code (ES256 with `key`, kid in the protected header)."""
    cose = sign_es256(payload=cbor2.dumps(claims), private_key=key, kid=kid)
    if alg != -7:  # a header that is not what was signed: only for malformed-header cases
        message = cbor2.loads(cose).value
        message[0] = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid})
        cose = cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, message))
    encoded: bytes = base45.b45encode(zlib.compress(cose, 9))
    return "HC1:" + encoded.decode("ascii")
