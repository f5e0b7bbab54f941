"""Property-based tests (hypothesis) of the parsers that read untrusted bytes.

Each property drives one target of `tests.fuzz.targets` with arbitrary bytes and
with structured inputs that get further: valid certificates and uploads mutated
byte by byte, CBOR and JSON built to the shape each parser expects, then filled
with hostile values. The example counts keep the whole file to well under a
minute in CI; `CW_FUZZ_EXAMPLES_SCALE=20` runs twenty times as many.
"""

from __future__ import annotations

import functools
import json
import os
import zlib
from typing import Any

import base45
import cbor2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import targets
from workstation import protocol

#: `CW_FUZZ_EXAMPLES_SCALE` multiplies the example counts for a longer run (CI keeps the defaults).
_SCALE = max(1, int(os.environ.get("CW_FUZZ_EXAMPLES_SCALE", "1")))
_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
FAST = settings(max_examples=150 * _SCALE, deadline=None, suppress_health_check=_CHECKS)
#: The analyser parses documents for real (pypdf, Pillow, the viewer engine): fewer examples.
SLOW = settings(max_examples=25 * _SCALE, deadline=None, suppress_health_check=_CHECKS)


@functools.cache
def _seeds(name: str) -> tuple[bytes, ...]:
    return tuple(targets.seeds(name))


@st.composite
def mutated(draw: st.DrawFn, name: str) -> bytes:
    """A seed of target `name`, changed by a few random byte-level edits."""
    data = bytearray(draw(st.sampled_from(_seeds(name))))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            data += draw(st.binary(min_size=1, max_size=8))
            continue
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "set"]))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 32))] * draw(st.integers(1, 20))
        else:
            data[at] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x9F, 0xBF, 0xD8, 0x0A]))
    return bytes(data)


# -- values to fill structures with -------------------------------------------------------------

_HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8")
    | st.sampled_from(["\u202e", "\u200f", "\x00", "\ufeff", "\ud7ff", "\n", ":"]),
    max_size=40,
)
_CBOR_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    # NaN and infinities included: the decoder refuses what JSON cannot carry.
    | st.floats()
    | _HOSTILE_TEXT
    | st.binary(max_size=40)
    | st.sampled_from([cbor2.undefined, cbor2.CBORSimpleValue(99)])
)
CBOR_VALUES = st.recursive(
    _CBOR_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.integers(-300, 300) | _HOSTILE_TEXT, inner, max_size=5)
        | st.builds(cbor2.CBORTag, st.sampled_from([0, 1, 2, 18, 61, 98, 258, 55799]), inner)
    ),
    max_leaves=30,
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_HOSTILE_TEXT, inner, max_size=4),
    max_leaves=20,
)


@st.composite
def cwt_maps(draw: st.DrawFn) -> Any:
    """A CWT claim map: the claims verifiers read (iss, exp, iat, hcert), hostile values."""
    claims: dict[Any, Any] = {}
    for key in draw(st.lists(st.sampled_from([1, 4, 6, -260, "x"]), max_size=5, unique=True)):
        claims[key] = draw(CBOR_VALUES)
    if draw(st.booleans()):
        dcc = draw(
            st.dictionaries(st.sampled_from(["ver", "nam", "dob", "t", "v", "r"]), CBOR_VALUES)
        )
        claims[-260] = {1: dcc}
    return claims


@st.composite
def cose_messages(draw: st.DrawFn) -> bytes:
    """COSE_Sign1-shaped CBOR: headers, payload and signature from hostile parts."""
    protected_map = draw(
        st.dictionaries(
            st.sampled_from([1, 4, 3, -1]),
            st.sampled_from([-7, -37, 2**64]) | CBOR_VALUES,
            max_size=3,
        )
    )
    protected = cbor2.dumps(protected_map) if draw(st.booleans()) else draw(st.binary(max_size=20))
    payload = cbor2.dumps(draw(cwt_maps()), default=None)
    message = [
        protected,
        draw(st.dictionaries(st.sampled_from([1, 4]), CBOR_VALUES, max_size=2)),
        payload,
        draw(st.binary(max_size=80)),
    ]
    tag = draw(st.sampled_from([None, 18, 61]))
    value: Any = message if tag is None else cbor2.CBORTag(tag, message)
    if tag == 61:
        value = cbor2.CBORTag(61, cbor2.CBORTag(18, message))
    return cbor2.dumps(value)


# -- certificates -------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=600))
def test_hc1_verification_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    targets.fuzz_hc1(b"HC1:" + data)


@FAST
@given(mutated("hc1"))
def test_hc1_verification_never_raises_on_damaged_certificates(data: bytes) -> None:
    targets.fuzz_hc1(data)


@FAST
@given(cose_messages())
def test_hc1_of_hostile_cose_is_refused_cleanly(cose: bytes) -> None:
    targets.fuzz_hc1(b"HC1:" + base45.b45encode(zlib.compress(cose)))


@FAST
@given(cose_messages() | mutated("cose"))
def test_cose_parsing_keeps_its_contract(data: bytes) -> None:
    targets.fuzz_cose(data)


@FAST
@given(cwt_maps())
def test_cwt_claims_keep_their_contract(claims: Any) -> None:
    try:
        data = cbor2.dumps(claims)
    except (ValueError, TypeError, OverflowError):
        return  # not encodable at all: nothing a certificate could carry
    targets.fuzz_cwt(data)


@FAST
@given(mutated("cwt") | st.binary(max_size=300))
def test_cwt_parsing_keeps_its_contract_on_damaged_bytes(data: bytes) -> None:
    targets.fuzz_cwt(data)


# -- protocol -----------------------------------------------------------------------------------


@st.composite
def wire_documents(draw: st.DrawFn) -> bytes:
    """JSON shaped like one of the wire models (its own field names), hostile values."""
    model = draw(st.sampled_from(targets.WIRE_MODELS))
    fields = list(model.model_fields)
    document = {
        name: draw(JSON_VALUES)
        for name in draw(st.lists(st.sampled_from(fields), max_size=len(fields), unique=True))
    }
    return json.dumps(document).encode()


@FAST
@given(wire_documents() | mutated("protocol") | st.binary(max_size=200))
def test_wire_models_refuse_or_round_trip(data: bytes) -> None:
    targets.fuzz_protocol(data)


def test_every_wire_model_is_fuzzed() -> None:
    assert protocol.CaseRecord in targets.WIRE_MODELS
    assert protocol.DeclarationSubmission in targets.WIRE_MODELS
    assert len(targets.WIRE_MODELS) >= 30


# -- multipart intake ---------------------------------------------------------------------------

_HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FF)
    | st.sampled_from(['"', ";", "\r", "\n"]),
    max_size=30,
)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> bytes:
    """Parts with hostile names, filenames, headers and bodies around the real JSON part."""
    boundary = targets.BOUNDARY.encode()
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.sampled_from(["submission", "documents", "answer", ""]) | _HEADER_TEXT)
        disposition = f'form-data; name="{name}"'
        if draw(st.booleans()):
            disposition += f'; filename="{draw(_HEADER_TEXT)}"'
        headers = f"Content-Disposition: {disposition}\r\n"
        if draw(st.booleans()):
            headers += f"Content-Type: {draw(_HEADER_TEXT)}\r\n"
        body = draw(
            st.sampled_from([b"{}", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"])
            | st.binary(max_size=60)
        )
        parts.append(
            b"--"
            + boundary
            + b"\r\n"
            + headers.encode("utf-8", "surrogateescape")
            + b"\r\n"
            + body
            + b"\r\n"
        )
    closing = draw(st.sampled_from([b"--" + boundary + b"--\r\n", b"", b"--" + boundary]))
    return b"".join(parts) + closing


@FAST
@given(multipart_bodies() | mutated("multipart"))
def test_multipart_intake_refuses_cleanly_or_reads_a_well_formed_upload(body: bytes) -> None:
    targets.fuzz_multipart(body)


# -- documents ----------------------------------------------------------------------------------


@SLOW
@given(mutated("analyser"))
def test_document_analysis_answers_for_every_damaged_document(data: bytes) -> None:
    targets.fuzz_analyser(data)
