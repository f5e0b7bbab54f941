"""The key store (encrypted keys, rotation) and the trust list in its two file forms."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import core as asn1_core
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from printing.certs import new_signing_key
from printing.keys import (
    DEFAULT_KDF_ROUNDS,
    KeyStore,
    KeyStoreError,
    load_signer,
    read_private_key,
    write_private_key,
)
from printing.trustlist import TrustList, TrustListError, load_trust_list, parse_trust_list
from printing.validity import EKU_TEST
from tests.unit.printing.conftest import PASSPHRASE


def test_init_demo_writes_encrypted_private_keys(keys_dir: Path) -> None:
    store = KeyStore(keys_dir)
    signer = store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    key_files = sorted(keys_dir.rglob("*.key.p12"))
    assert len(key_files) == 2  # the CSCA's and the signer's
    assert not list(keys_dir.rglob("*.key.pem"))
    for path in key_files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = path.read_bytes()
        assert PASSPHRASE.encode() not in data
        with pytest.raises(ValueError):
            pkcs12.load_key_and_certificates(data, None)  # nothing readable without the passphrase
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    assert signer.extended_key_usage == frozenset({EKU_TEST})
    assert signer.kid == store.signer(PASSPHRASE).kid
    assert "GBR-LON" in signer.subject and signer.country == "CN"
    csca = store.csca()
    assert csca is not None and signer.issuer == csca.subject.rfc4514_string()


def test_wrong_passphrase_is_a_clear_error(keys_dir: Path) -> None:
    store = KeyStore(keys_dir)
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        store.signer("not the passphrase")
    with pytest.raises(KeyStoreError, match="at least 8"):
        KeyStore(keys_dir / "other").init_demo(mission="GBR-LON", passphrase="short")
    with pytest.raises(KeyStoreError, match="not a mission code"):
        KeyStore(keys_dir / "other").init_demo(mission="London, CN=evil", passphrase=PASSPHRASE)


def test_a_plain_text_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.key.pem"
    path.write_bytes(
        new_signing_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(KeyStoreError, match="not encrypted"):
        read_private_key(path, PASSPHRASE)


def test_a_plain_text_pkcs12_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.key.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"plain", new_signing_key(), None, None, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyStoreError, match="not encrypted"):
        read_private_key(path, PASSPHRASE)


def test_private_keys_use_pbes2_aes256_with_at_least_600k_pbkdf2_rounds(keys_dir: Path) -> None:
    # The security review's finding: PKCS#8 BestAvailableEncryption derives the key with PBKDF2
    # at 2,048 rounds. Read the rounds out of the file's DER, not out of our own code.
    assert DEFAULT_KDF_ROUNDS >= 600_000
    KeyStore(keys_dir).init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    key_files = list(keys_dir.rglob("*.key.p12"))
    assert key_files
    for path in key_files:
        pfx = asn1_pkcs12.Pfx.load(path.read_bytes(), strict=True)
        # No password MAC: cryptography would derive its key with 2,048 rounds, a cheaper way
        # to test passphrases.
        assert isinstance(pfx["mac_data"], asn1_core.Void)
        bags = [
            bag
            for content in pfx.authenticated_safe
            for bag in asn1_pkcs12.SafeContents.load(content["content"].native)
        ]
        assert [bag["bag_id"].native for bag in bags] == ["pkcs8_shrouded_key_bag"]
        encryption = bags[0]["bag_value"]["encryption_algorithm"]
        assert encryption["algorithm"].native == "pbes2"
        assert (encryption.kdf, encryption.kdf_hmac) == ("pbkdf2", "sha256")
        assert (encryption.encryption_cipher, encryption.key_length) == ("aes", 32)
        assert len(encryption.kdf_salt) >= 16
        assert encryption.kdf_iterations >= 600_000


def test_rounds_are_a_parameter_and_read_back_from_each_file(tmp_path: Path) -> None:
    fast = tmp_path / "fast.key.p12"
    key = new_signing_key()
    write_private_key(fast, key, PASSPHRASE, kdf_rounds=1000)
    assert read_private_key(fast, PASSPHRASE).private_numbers() == key.private_numbers()
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        read_private_key(fast, "not the passphrase")
    with pytest.raises(KeyStoreError, match="refusing to overwrite"):
        write_private_key(fast, key, PASSPHRASE)


def test_a_legacy_pkcs8_store_still_unlocks_and_is_upgraded(keys_dir: Path) -> None:
    store = KeyStore(keys_dir)
    signer = store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    # Rewrite the store as the previous version left it: PKCS#8 PEM with 2,048 PBKDF2 rounds.
    for path in list(keys_dir.rglob("*.key.p12")):
        key = read_private_key(path, PASSPHRASE)
        legacy = path.with_name(path.name.replace(".key.p12", ".key.pem"))
        legacy.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(PASSPHRASE.encode()),
            )
        )
        path.unlink()
    (legacy_key,) = keys_dir.glob("signers/*.key.pem")
    assert store.key_file(signer) == legacy_key
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        store.signer("not the passphrase")
    assert legacy_key.exists()  # a failed unlock changes nothing
    unlocked = store.signer(PASSPHRASE)
    assert unlocked.kid == signer.kid
    assert not legacy_key.exists()
    upgraded = store.key_file(signer)
    assert upgraded.name.endswith(".key.p12") and stat.S_IMODE(upgraded.stat().st_mode) == 0o600
    assert store.signer(PASSPHRASE).kid == signer.kid
    # The CSCA key upgrades when it is next needed (rotation).
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE, rotate=True)
    assert not list(keys_dir.rglob("*.key.pem"))


def test_rotation_the_newest_valid_signer_signs(keys_dir: Path) -> None:
    store = KeyStore(keys_dir)
    start = datetime.now(UTC) - timedelta(days=30)
    first = store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE, now=start)
    with pytest.raises(KeyStoreError, match="--rotate"):
        store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    second = store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE, rotate=True)
    assert [s.kid for s in store.signers()] == [first.kid, second.kid]
    assert store.signer(PASSPHRASE).kid == second.kid
    assert store.current(start + timedelta(days=1)).kid == first.kid  # before the second existed
    assert len(store.trust_list()) == 2  # both stay trusted while both are valid


def test_no_valid_signer_is_a_clear_error(keys_dir: Path) -> None:
    store = KeyStore(keys_dir)
    store.init_demo(
        mission="GBR-LON", passphrase=PASSPHRASE, now=datetime.now(UTC) - timedelta(days=800)
    )
    with pytest.raises(KeyStoreError, match="no signer certificate"):
        store.signer(PASSPHRASE)


def test_load_signer_checks_key_and_certificate_match(key_store: KeyStore, keys_dir: Path) -> None:
    other = KeyStore(keys_dir)
    other.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    own_key = next(key_store.directory.glob("signers/*.key.p12"))
    foreign_cert = next(other.directory.glob("signers/*.crt.pem"))
    with pytest.raises(KeyStoreError, match="does not belong"):
        load_signer(key_file=own_key, certificate_file=foreign_cert, passphrase=PASSPHRASE)


def test_trust_list_json_and_pem_round_trip(key_store: KeyStore, tmp_path: Path) -> None:
    trust = key_store.trust_list()
    (tmp_path / "trust.json").write_text(trust.to_json())
    (tmp_path / "trust.pem").write_text(trust.to_pem())
    document = json.loads((tmp_path / "trust.json").read_text())
    assert document["format"] == "consular-workstation/trust-list"
    (entry,) = document["signers"]
    (signer,) = list(trust)
    assert entry["kid"] == signer.kid_text and len(base64.b64decode(entry["kid"])) == 8
    assert entry["extended_key_usage"] == [EKU_TEST]
    for name in ("trust.json", "trust.pem"):
        loaded = load_trust_list(tmp_path / name)
        assert [s.kid for s in loaded] == [signer.kid]
        assert loaded.lookup(signer.kid) is not None


def test_tampered_trust_list_is_refused(key_store: KeyStore, tmp_path: Path) -> None:
    document = json.loads(key_store.trust_list().to_json())
    document["signers"][0]["extended_key_usage"] = [ExtendedKeyUsageOID.SERVER_AUTH.dotted_string]
    with pytest.raises(TrustListError, match="differ from its DER"):
        parse_trust_list(json.dumps(document).encode())
    document["signers"][0]["surprise"] = 1
    with pytest.raises(TrustListError, match="not a trust list"):
        parse_trust_list(json.dumps(document).encode())
    for garbage in (b"{not json", b"\x00\x01garbage", b"-----BEGIN CERTIFICATE-----\nAAAA\n"):
        with pytest.raises(TrustListError):
            parse_trust_list(garbage)
    with pytest.raises(TrustListError, match="cannot read"):
        load_trust_list(tmp_path / "missing.json")


def test_the_same_certificate_twice_is_kept_once(key_store: KeyStore) -> None:
    (signer,) = list(key_store.trust_list())
    trust = TrustList([signer])
    trust.add(signer)  # the same certificate again is harmless
    assert len(trust) == 1
