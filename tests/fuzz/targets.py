"""Fuzz targets: each takes untrusted bytes and checks the contract of one parser at the boundary.

A target returns normally when the parser kept its contract (it parsed the input,
or refused it with its own documented error) and raises `ContractBroken`, or lets
an unexpected exception through, when it did not. The same targets are driven by
hypothesis (`test_properties.py`), by the checked-in hostile corpus
(`test_hostile_corpus.py`) and by atheris (`python -m tests.fuzz.atheris_run`).

| target | contract |
| --- | --- |
| `hc1` | `verify_hc1` never raises; `hc1.decode` raises only `CertificateError` |
| `cose` | `verify_cose` never raises; `parse_sign1` raises only `CertificateError` |
| `cwt` | CBOR + claim map: only `CertificateError`; what it reads is plain JSON |
| `multipart` | the intake's streaming reader: an `ApiError` (4xx) or a well-formed upload |
| `protocol` | every wire model: a `ValidationError`, or a model that survives a round trip |
| `analyser` | the sandbox's `examine`: never raises, and its reply passes the workstation's check |
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from pydantic import BaseModel, ValidationError

from printing import hc1
from printing.cose import loads, parse_sign1
from printing.cwt import claims_from_map
from printing.failures import CertificateError
from printing.trustlist import TrustedSigner, TrustList, TrustListError
from printing.verification import VerificationResult, verify_cose, verify_hc1
from workstation import protocol

REPOSITORY: Final = Path(__file__).resolve().parents[2]
HOSTILE: Final = REPOSITORY / "tests" / "corpus" / "hostile"
DCC_VECTORS: Final = REPOSITORY / "tests" / "interop" / "testdata" / "dcc"
#: The multipart boundary the `multipart` target's bodies use (corpus files are written with it).
BOUNDARY: Final = "cwfuzzboundary"
#: A verification clock inside the EU test vectors' validity, so seeds reach every check.
CLOCK: Final = datetime(2021, 6, 1, tzinfo=UTC)


class ContractBroken(AssertionError):
    """The parser answered in a way its contract does not allow."""


# -- trust for the certificate targets ----------------------------------------------------------


def dcc_vectors() -> Iterator[dict[str, Any]]:
    """The EU DCC test vectors checked into tests/interop (seeds, and their signers' keys)."""
    for path in sorted(DCC_VECTORS.glob("*/2DCode/raw/*.json")):
        try:
            yield json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue


@functools.cache
def vector_trust() -> TrustList:
    """The signers of the EU test vectors, so an unmutated seed verifies all the way."""
    trust = TrustList()
    for vector in dcc_vectors():
        try:
            der = base64.b64decode(vector["TESTCTX"]["CERTIFICATE"])
            trust.add(TrustedSigner.from_certificate(x509.load_der_x509_certificate(der)))
        except (KeyError, ValueError, TypeError, TrustListError):
            continue
    return trust


def _well_formed(result: VerificationResult) -> None:
    if not isinstance(result, VerificationResult):
        raise ContractBroken(f"verification returned {type(result).__name__}")
    json.dumps(result.to_json(), allow_nan=False)  # what `verify --json` prints


# -- the targets --------------------------------------------------------------------------------


def fuzz_hc1(data: bytes) -> None:
    # Invalid UTF-8 reaches the decoder as lone surrogates, as from a mis-read file.
    text = data.decode("utf-8", "surrogateescape")
    _well_formed(verify_hc1(text, vector_trust(), at=CLOCK))
    with contextlib.suppress(CertificateError):
        hc1.decode(text)


def fuzz_cose(data: bytes) -> None:
    _well_formed(verify_cose(data, vector_trust(), at=CLOCK))
    with contextlib.suppress(CertificateError):
        parse_sign1(data)


def fuzz_cwt(data: bytes) -> None:
    try:
        claims = claims_from_map(loads(data, what="the signed payload"))
    except CertificateError:
        return
    json.dumps(claims.dcc, allow_nan=False)
    json.dumps(claims.extensions, allow_nan=False)
    for moment in (claims.issued_at, claims.expires_at):
        if moment is not None and moment.tzinfo is None:
            raise ContractBroken("a CWT time claim came out without a time zone")


#: Every model that crosses the wire, in either direction.
WIRE_MODELS: Final[tuple[type[BaseModel], ...]] = tuple(
    model
    for model in vars(protocol).values()
    if isinstance(model, type)
    and issubclass(model, protocol.WireModel)
    and model is not protocol.WireModel
)


def fuzz_protocol(data: bytes) -> None:
    for model in WIRE_MODELS:
        try:
            parsed = model.model_validate_json(data)
        except ValidationError:
            continue
        again = model.model_validate_json(parsed.model_dump_json())
        if again != parsed:
            raise ContractBroken(f"{model.__name__} does not survive its own JSON")


def fuzz_multipart(data: bytes) -> None:
    multipart_status(data)


def multipart_status(data: bytes) -> int:
    """The intake's answer to this body: 200 when it was read, else the refusal's status."""
    return asyncio.run(_read_multipart(data))


async def _read_multipart(data: bytes) -> int:
    from server.errors import ApiError
    from server.routes.intake import _Received
    from server.uploads import read_multipart

    request = _request(data, f"multipart/form-data; boundary={BOUNDARY}")
    # The intake's own manifest reader: the JSON part validated as a declaration.
    received = _Received(protocol.DeclarationSubmission, "the declaration")
    try:
        upload = await read_multipart(
            request, json_part="submission", manifest_of=received.manifest_of
        )
    except ApiError as refusal:
        if not 400 <= refusal.status < 500:
            raise ContractBroken(f"a malformed body answered {refusal.status}") from refusal
        return refusal.status
    try:
        if not isinstance(upload.raw_json, bytes):
            raise ContractBroken("the JSON part is not bytes")
        for name, file in upload.files.items():
            if not name or file.size > protocol.MAX_DOCUMENT_BYTES:
                raise ContractBroken(f"file {name!r} of {file.size} bytes was accepted")
    finally:
        upload.close()
    return 200


def _request(body: bytes, content_type: str) -> Any:
    from starlette.requests import Request

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/declarations",
        "headers": [
            (b"content-type", content_type.encode("latin-1")),
            (b"content-length", str(len(body)).encode()),
        ],
        "query_string": b"",
    }
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]

    async def receive() -> dict[str, Any]:
        chunk = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    return Request(scope, receive)


@functools.cache
def _analysis_limits() -> Any:
    from review.analysis.limits import AnalysisLimits

    # Tight limits: a fuzz run must stay quick and small; OCR is left out (its own tests).
    return AnalysisLimits(max_pages=5, max_pixels=4_000_000, max_ocr_pages=0, max_seconds=5)


def fuzz_analyser(data: bytes) -> None:
    from review.analysis.analyser import DocumentAnalyser
    from review.analysis.facts import facts_to_json, identify
    from review.analysis.sandbox import examine

    facts, _restart = examine(data, _analysis_limits())
    reply = facts_to_json(facts)
    checked = DocumentAnalyser._validated(reply, identify(data))
    if checked.error == "the analysis process sent a reply that does not fit":
        raise ContractBroken("the sandbox's reply fails the workstation's validation")


Target = Callable[[bytes], None]

#: name -> (target, prefixes of its hostile corpus files).
TARGETS: Final[dict[str, tuple[Target, tuple[str, ...]]]] = {
    "hc1": (fuzz_hc1, ("hc1-",)),
    "cose": (fuzz_cose, ("cose-",)),
    "cwt": (fuzz_cwt, ("cwt-",)),
    "multipart": (fuzz_multipart, ("multipart-",)),
    "protocol": (fuzz_protocol, ("protocol-",)),
    "analyser": (fuzz_analyser, ("pdf-", "png-", "jpeg-")),
}


def hostile_files(name: str) -> list[Path]:
    """The checked-in hostile files for target `name`."""
    prefixes = TARGETS[name][1]
    return sorted(p for p in HOSTILE.iterdir() if p.is_file() and p.name.startswith(prefixes))


def seeds(name: str) -> list[bytes]:
    """Starting inputs for a fuzzer: the hostile corpus, plus valid certificates for the
    certificate targets (so mutations start from something that gets far)."""
    found = [path.read_bytes() for path in hostile_files(name)]
    for vector in dcc_vectors():
        try:
            if name == "hc1":
                found.append(str(vector["PREFIX"]).encode())
            elif name == "cose" and vector.get("COSE"):
                found.append(bytes.fromhex(vector["COSE"]))
            elif name == "cwt" and vector.get("CBOR"):
                found.append(bytes.fromhex(vector["CBOR"]))
        except (KeyError, ValueError, TypeError):
            continue
    return found
