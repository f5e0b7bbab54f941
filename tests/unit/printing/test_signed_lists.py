"""Signed trust and revocation lists: signed by the CSCA, checked for signature, kind and age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import cbor2
import pytest

from printing.keys import DocumentSigner, KeyStore
from printing.revocation import uvci_hash
from printing.signed_lists import (
    ListKind,
    SignedListError,
    is_signed_list,
    open_signed_list,
    sign_list,
)
from printing.trustlist import kid_of, kid_text, parse_trust_list
from tests.support.approved_cases import approved_case
from tests.support.certificate_cli import issue_certificate
from tests.unit.printing.conftest import PASSPHRASE
from workstation.__main__ import main
from workstation.protocol import RevocationList

#: After the session's CSCA came into being (it is made "now"), on a whole minute.
#: Lists are signed a few hours ahead of the clock: the CSCA is made when a test first needs
#: it, after collection, and every moment a test checks (even an hour before signing)
#: must fall within the CSCA's validity, however long the session has run by then.
SIGNED_AT = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=3)


@pytest.fixture(scope="module")
def csca(key_store: KeyStore) -> DocumentSigner:
    return key_store.list_signer(PASSPHRASE)


@pytest.fixture(scope="module")
def trust_json(key_store: KeyStore) -> bytes:
    return key_store.trust_list().to_json(exported_at=SIGNED_AT).encode("utf-8")


def signed(payload: bytes, kind: ListKind, csca: DocumentSigner, **kwargs: object) -> bytes:
    return sign_list(
        payload,
        kind,
        private_key=csca.private_key,
        certificate=csca.certificate,
        signed_at=SIGNED_AT,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_signed_trust_list_opens_with_the_csca(
    csca: DocumentSigner, trust_json: bytes, key_store: KeyStore
) -> None:
    data = signed(trust_json, ListKind.TRUST_LIST, csca)
    assert is_signed_list(data) and not is_signed_list(trust_json)
    opened = open_signed_list(
        data, ListKind.TRUST_LIST, [csca.certificate], at=SIGNED_AT + timedelta(days=1)
    )
    assert opened.payload == trust_json
    assert opened.signed_at == SIGNED_AT
    assert opened.expires_at == SIGNED_AT + timedelta(days=7)
    assert opened.anchor_kid == kid_text(kid_of(csca.certificate))
    assert [s.kid for s in parse_trust_list(opened.payload)] == [
        s.kid for s in key_store.trust_list()
    ]


def test_a_changed_list_is_refused(csca: DocumentSigner, trust_json: bytes) -> None:
    protected, unprotected, _, signature = cbor2.loads(
        signed(trust_json, ListKind.TRUST_LIST, csca)
    ).value
    changed = trust_json.replace(b'"signers"', b'"signers" ')
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, changed, signature]))
    with pytest.raises(SignedListError, match="the signature is not valid"):
        open_signed_list(forged, ListKind.TRUST_LIST, [csca.certificate], at=SIGNED_AT)


def test_a_revocation_list_is_not_a_trust_list(csca: DocumentSigner) -> None:
    data = signed(b"{}", ListKind.REVOCATION_LIST, csca)
    with pytest.raises(SignedListError, match="this is not a trust list"):
        open_signed_list(data, ListKind.TRUST_LIST, [csca.certificate], at=SIGNED_AT)


@pytest.mark.parametrize(
    ("at", "max_age", "refusal"),
    [
        (
            SIGNED_AT + timedelta(days=2, seconds=1),
            None,
            f"expired {SIGNED_AT + timedelta(days=2):%Y-%m-%d %H:%M} UTC",
        ),
        (SIGNED_AT + timedelta(hours=30), timedelta(hours=24), "more than 24 hours ago"),
        (SIGNED_AT - timedelta(hours=1), None, "signed in the future"),
    ],
    ids=["past its expiry", "older than the verifier accepts", "from the future"],
)
def test_the_age_of_a_list_is_checked(
    csca: DocumentSigner, at: datetime, max_age: timedelta | None, refusal: str
) -> None:
    data = signed(b"{}", ListKind.REVOCATION_LIST, csca)  # valid for 2 days
    with pytest.raises(SignedListError, match=refusal):
        open_signed_list(data, ListKind.REVOCATION_LIST, [csca.certificate], at=at, max_age=max_age)
    # Inside its age it opens.
    open_signed_list(
        data, ListKind.REVOCATION_LIST, [csca.certificate], at=SIGNED_AT + timedelta(hours=12)
    )


def test_only_a_trusted_ca_may_sign(
    csca: DocumentSigner, signer: DocumentSigner, tmp_path: Path
) -> None:
    other = KeyStore(tmp_path / "other", kdf_rounds=1000)
    other.init_demo(mission="DEU-BER", passphrase=PASSPHRASE)
    foreign = other.list_signer(PASSPHRASE)
    data = signed(b"{}", ListKind.TRUST_LIST, foreign)
    with pytest.raises(SignedListError, match="not a trust anchor"):
        open_signed_list(data, ListKind.TRUST_LIST, [csca.certificate], at=SIGNED_AT)
    # A document signer is no CA, even when a verifier was given its certificate.
    by_dsc = sign_list(
        b"{}",
        ListKind.TRUST_LIST,
        private_key=signer.private_key,
        certificate=signer.certificate,
        signed_at=signer.certificate.not_valid_before_utc,
    )
    with pytest.raises(SignedListError, match="not a certificate authority"):
        open_signed_list(
            by_dsc,
            ListKind.TRUST_LIST,
            [signer.certificate],
            at=signer.certificate.not_valid_before_utc + timedelta(hours=1),
        )


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CW_KEY_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "init-demo", "--mission", "GBR-LON"]) == 0
    Path("case.json").write_text(approved_case().model_dump_json(indent=2), encoding="utf-8")
    assert issue_certificate(tmp_path) == 0
    return tmp_path


def test_handing_over_signed_lists_from_the_command_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csca = str(workdir / "keys" / "csca.crt.pem")
    assert main(["keys", "export-trust-list", "--signed", "trust.cose", "--json", "t.json"]) == 0
    assert is_signed_list(Path("trust.cose").read_bytes())
    capsys.readouterr()
    assert main(["verify", "--trust", "trust.cose", "--trust-anchor", csca, "cert.txt"]) == 0
    assert "trust list signed" in capsys.readouterr().err
    # With an anchor given, an unsigned list is not accepted.
    assert main(["verify", "--trust", "t.json", "--trust-anchor", csca, "cert.txt"]) == 2
    assert "is not a signed trust list" in capsys.readouterr().err
    # A signed list whose signature fails is refused before any certificate is checked.
    tampered = bytearray(Path("trust.cose").read_bytes())
    tampered[-70] ^= 1  # inside the payload's JSON, before the 64-byte signature
    Path("tampered.cose").write_bytes(bytes(tampered))
    assert main(["verify", "--trust", "tampered.cose", "cert.txt"]) == 2

    ci = approved_case().certificate
    assert ci is not None
    revocations = RevocationList(
        issued_at=datetime.now(UTC),
        issuer_country="CN",
        revoked_uvci_sha256=[uvci_hash(ci.certificate_id)],
    )
    Path("revoked.json").write_text(revocations.model_dump_json())
    assert main(["keys", "sign-revocations", "--in", "revoked.json", "--out", "revoked.cose"]) == 0
    capsys.readouterr()
    assert (
        main(["verify", "--revocations", "revoked.cose", "--trust-anchor", csca, "cert.txt"]) == 1
    )
    assert "revoked" in capsys.readouterr().out
    # Too old for this verifier: the list is refused (exit 2), not silently ignored.
    later = (datetime.now(UTC) + timedelta(hours=5)).isoformat()
    assert (
        main(
            [
                "verify",
                "--revocations",
                "revoked.cose",
                "--max-list-age",
                "4",
                "--at",
                later,
                "cert.txt",
            ]
        )
        == 2
    )
    assert "more than 4 hours ago" in capsys.readouterr().err
