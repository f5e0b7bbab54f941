"""Issue -> PDF -> rendered page -> QR -> verify, and each way a certificate must fail."""

from __future__ import annotations

import io
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import base45
import cbor2
import pypdfium2
import pytest
from pypdf import PdfReader

from printing import hc1
from printing.certificate_pdf import certificate_pdf, certificates_pdf
from printing.claims import ClaimsError
from printing.cose import TAG_COSE_SIGN1
from printing.cwt import CwtClaims
from printing.failures import Failure
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner, KeyStore
from printing.revocation import RevocationIndex, uvci_hash
from printing.scan import codes_in_image
from printing.trustlist import TrustList
from printing.verification import VerificationResult, verify_hc1
from tests.support.approved_cases import approved_case
from tests.unit.printing.conftest import PASSPHRASE
from workstation.domain import TravelDocumentType
from workstation.protocol import RevocationList


def render_and_read(pdf: bytes) -> list[str]:
    """What a phone or scanner would see: each page as a 150 dpi picture, then the QR code."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [codes_in_image(page.render(scale=150 / 72).to_pil())[0] for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def issued(signer: DocumentSigner) -> IssuedCertificate:
    return issue(approved_case(), signer)


def only_failure(result: VerificationResult) -> Failure:
    (problem,) = result.problems
    return problem.failure


def test_issue_print_scan_verify(issued: IssuedCertificate, trust: TrustList) -> None:
    (text,) = render_and_read(certificate_pdf(issued))
    assert text == issued.hc1
    result = verify_hc1(text, trust)
    assert result.valid, result.error
    assert (result.decoded, result.signature_valid, result.expiry_ok) == (True, True, True)
    assert (result.key_usage_ok, result.schema_valid, result.revoked) == (True, True, None)
    assert result.payload == issued.claims.dcc
    assert result.kid == issued.kid


def test_the_page_shows_what_was_signed(signer: DocumentSigner) -> None:
    case = approved_case(
        family="Chan",
        given="Siu Ming",
        chinese="陈小明",
        document_type=TravelDocumentType.HK_MACAO_PERMIT,
        document_number="H1234567801",
    )
    certificate = issue(case, signer, reprint=True)
    text = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    for expected in (
        "健康证明",
        "Health Certificate",
        "陈小明",
        "CHAN Siu Ming",
        "1985-03-14",
        "港澳居民来往内地通行证",
        "H1234567801",
        "URN:UVCI:01:CN:GBRLON0000000001#B",
        certificate.kid,
        "REPRINT",
        "补发件",
        "阴性",
        # The mission by its full names and the place of issue, never its code.
        "中华人民共和国驻伦敦总领事馆",
        "Consulate-General of the People's Republic of China in London",
        "伦敦 London",
        "officer.li",
        "北京时间",
        "Official seal",
    ):
        assert expected in text, expected
    assert "GBR-LON" not in text
    plain = PdfReader(io.BytesIO(certificate_pdf(issue(case, signer))))
    assert "REPRINT" not in plain.pages[0].extract_text()


def test_the_cjk_font_is_embedded(issued: IssuedCertificate) -> None:
    reader = PdfReader(io.BytesIO(certificate_pdf(issued)))
    resources: Any = reader.pages[0]["/Resources"]
    fonts = [f.get_object() for f in resources["/Font"].values()]
    embedded = [f for f in fonts if "/FontFile2" in f.get("/FontDescriptor", {})]
    assert embedded and all("WenQuanYi" in str(f["/BaseFont"]) for f in embedded)


def test_batch_is_one_page_per_certificate(signer: DocumentSigner, trust: TrustList) -> None:
    batch = [issue(approved_case(serial=n, family=f"Zhang{'abcd'[n]}"), signer) for n in (1, 2, 3)]
    texts = render_and_read(certificates_pdf(batch))
    assert texts == [c.hc1 for c in batch]
    assert all(verify_hc1(t, trust).valid for t in texts)
    with pytest.raises(ValueError, match="no certificates"):
        certificates_pdf([])


def test_one_changed_character_is_never_accepted(
    issued: IssuedCertificate, trust: TrustList
) -> None:
    # zlib's checksum catches a change in the compressed text before any signature check.
    position = len(issued.hc1) // 2
    replacement = "A" if issued.hc1[position] != "A" else "B"
    changed = issued.hc1[:position] + replacement + issued.hc1[position + 1 :]
    result = verify_hc1(changed, trust)
    assert not result.valid and result.unreadable
    assert only_failure(result) in (Failure.BASE45, Failure.ZLIB, Failure.CBOR, Failure.COSE)


def test_one_changed_byte_of_signed_content_breaks_the_signature(
    issued: IssuedCertificate, trust: TrustList
) -> None:
    cose = hc1.inflate(hc1.base45_decode(hc1.unprefix(issued.hc1)))
    tampered = cose.replace(b"ZHANG", b"ZHANH", 1)  # the standardised family name
    assert tampered != cose
    text = hc1.PREFIX + base45.b45encode(zlib.compress(tampered)).decode()
    result = verify_hc1(text, trust)
    assert result.decoded and result.signature_valid is False
    assert only_failure(result) is Failure.SIGNATURE
    assert result.payload is not None and result.payload["nam"]["fnt"] == "ZHANH"


def test_a_key_we_do_not_trust(issued: IssuedCertificate, tmp_path: Path) -> None:
    stranger = KeyStore(tmp_path / "stranger")
    stranger.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    result = verify_hc1(issued.hc1, stranger.trust_list())
    assert result.signature_valid is False and result.expiry_ok is None
    assert only_failure(result) is Failure.UNKNOWN_KID


def test_signed_with_the_wrong_key(
    issued: IssuedCertificate, trust: TrustList, tmp_path: Path
) -> None:
    # Right kid, wrong private key: a forger who copied our kid.
    stranger = KeyStore(tmp_path / "stranger")
    stranger.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    forger = stranger.signer(PASSPHRASE)
    ours = trust.lookup(hc1.decode(issued.hc1).kid or b"")
    assert ours is not None
    impostor = DocumentSigner(forger.private_key, forger.certificate, ours.kid)
    result = verify_hc1(hc1.encode(issued.claims, impostor), trust)
    assert only_failure(result) is Failure.SIGNATURE


def test_expired_signer_certificate(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "old")
    then = datetime.now(UTC) - timedelta(days=400)  # the DSC lived 365 days from then
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE, now=then)
    old_signer = store.signer(PASSPHRASE, at=then)
    certificate = issue(approved_case(now=then), old_signer, at=then)
    assert verify_hc1(certificate.hc1, store.trust_list(), at=then + timedelta(hours=1)).valid
    result = verify_hc1(certificate.hc1, store.trust_list())
    assert result.signature_valid is True and result.expiry_ok is False
    assert only_failure(result) is Failure.EXPIRED
    with pytest.raises(ClaimsError, match="not valid at"):
        issue(approved_case(), old_signer)


def test_validity_beyond_the_signer_certificate_is_refused(
    issued: IssuedCertificate, signer: DocumentSigner, trust: TrustList
) -> None:
    too_long = CwtClaims(
        dcc=issued.claims.dcc,
        issuer="CN",
        issued_at=issued.claims.issued_at,
        expires_at=signer.certificate.not_valid_after_utc + timedelta(days=1),
    )
    result = verify_hc1(hc1.encode(too_long, signer), trust)
    assert result.expiry_ok is False and "beyond its signing certificate" in (result.error or "")


def test_a_verifier_clock_a_little_behind_still_accepts_fresh_paper(
    issued: IssuedCertificate, trust: TrustList
) -> None:
    assert verify_hc1(issued.hc1, trust, at=datetime.now(UTC) - timedelta(minutes=3)).valid


def test_not_yet_valid(issued: IssuedCertificate, trust: TrustList) -> None:
    assert issued.claims.issued_at is not None
    result = verify_hc1(issued.hc1, trust, at=issued.claims.issued_at - timedelta(minutes=1))
    assert only_failure(result) is Failure.NOT_YET_VALID


def test_revoked_certificate(issued: IssuedCertificate, trust: TrustList) -> None:
    revocations = RevocationList(
        issued_at=datetime.now(UTC),
        issuer_country="CN",
        revoked_uvci_sha256=[
            uvci_hash("URN:UVCI:01:CN:SOMEONEELSE#A"),
            uvci_hash(issued.certificate_id),
        ],
    )
    result = verify_hc1(issued.hc1, trust, revocations=RevocationIndex(revocations))
    assert result.revoked is True and not result.valid
    assert result.signature_valid is True  # a revoked certificate is genuine, just withdrawn
    assert only_failure(result) is Failure.REVOKED
    clean = RevocationList(issued_at=datetime.now(UTC), issuer_country="CN", revoked_uvci_sha256=[])
    assert verify_hc1(issued.hc1, trust, revocations=RevocationIndex(clean)).revoked is False


def test_schema_invalid_payload(
    issued: IssuedCertificate, signer: DocumentSigner, trust: TrustList
) -> None:
    broken = dict(issued.claims.dcc, nam={"fn": "Zhang", "fnt": "zhang"})
    claims = CwtClaims(
        dcc=broken,
        issuer="CN",
        issued_at=issued.claims.issued_at,
        expires_at=issued.claims.expires_at,
    )
    result = verify_hc1(hc1.encode(claims, signer), trust)
    assert result.signature_valid is True and result.schema_valid is False
    assert only_failure(result) is Failure.SCHEMA
    assert "nam.fnt" in (result.error or "")


def test_key_usage_must_allow_the_certificate_type(
    issued: IssuedCertificate, signer: DocumentSigner, trust: TrustList
) -> None:
    # Our DSC may sign test certificates only; a vaccination payload signed with it is refused.
    vaccination = {k: v for k, v in issued.claims.dcc.items() if k != "t"}
    vaccination["v"] = [
        {
            "tg": "840539006",
            "vp": "J07BX03",
            "mp": "EU/1/20/1528",
            "ma": "ORG-100030215",
            "dn": 1,
            "sd": 2,
            "dt": "2025-05-01",
            "co": "GB",
            "is": "x",
            "ci": "URN:UVCI:01:CN:X#A",
        }
    ]
    claims = CwtClaims(
        dcc=vaccination,
        issuer="CN",
        issued_at=issued.claims.issued_at,
        expires_at=issued.claims.expires_at,
    )
    result = verify_hc1(hc1.encode(claims, signer), trust)
    assert result.key_usage_ok is False and result.schema_valid is True
    assert only_failure(result) is Failure.KEY_USAGE
    assert "vaccination" in (result.error or "")


def test_issued_record_for_the_print_log(issued: IssuedCertificate) -> None:
    assert len(issued.sha256) == 64
    assert issued.certificate_id == "URN:UVCI:01:CN:GBRLON0000000001#B"
    assert isinstance(
        cbor2.loads(hc1.inflate(hc1.base45_decode(hc1.unprefix(issued.hc1)))), cbor2.CBORTag
    )
    assert cbor2.loads(hc1.inflate(hc1.base45_decode(hc1.unprefix(issued.hc1)))).tag == (
        TAG_COSE_SIGN1
    )
