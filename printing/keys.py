"""The mission's key store: encrypted signing keys and their certificates in one directory.

Layout (created with mode 0o700; private keys 0o600, never written or logged in
plain text)::

    csca.crt.pem   csca.key.p12           the demo country signing CA
    signers/<kid-hex>.crt.pem             one document signer certificate (DSC) each
    signers/<kid-hex>.key.p12             and its encrypted private key

Private keys are PKCS#12 files whose key bag is encrypted with PBES2
(PBKDF2-HMAC-SHA256, at least 600,000 rounds, AES-256-CBC), written without the
optional password MAC (see `_without_mac`). Key stores written before that hold
PKCS#8 PEM files (`*.key.pem`, PBKDF2 with only 2,048 rounds); they are still
read, and re-encrypted as PKCS#12 the first time the passphrase unlocks them.

Several DSCs may be valid at once (rotation); `signer()` picks the newest one
valid at the signing time.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from printing.trustlist import TrustedSigner, TrustList, TrustListError, kid_of
from workstation.private_files import private_folder

log = logging.getLogger(__name__)

CSCA_CERT: Final = "csca.crt.pem"
CSCA_KEY: Final = "csca"
SIGNERS_DIR: Final = "signers"
KEY_SUFFIX: Final = ".key.p12"
LEGACY_KEY_SUFFIX: Final = ".key.pem"  # PKCS#8, read and upgraded, never written
MIN_PASSPHRASE_CHARS: Final = 8
#: OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.1 s per key on a desktop.
DEFAULT_KDF_ROUNDS: Final = 600_000
_PEM_MAGIC: Final = b"-----BEGIN"


class KeyStoreError(Exception):
    """The key store cannot do what was asked; the message says why in plain words."""


class WrongPassphrase(KeyStoreError):
    """The key file did not open with this passphrase (or is not a key file at all)."""


@dataclass(frozen=True)
class DocumentSigner:
    """A DSC with its private key, ready to sign (satisfies `printing.hc1.Signer`)."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    kid: bytes

    @classmethod
    def create(
        cls, *, private_key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate
    ) -> DocumentSigner:
        if private_key.public_key() != certificate.public_key():
            raise KeyStoreError("the private key does not belong to the signer certificate")
        return cls(private_key, certificate, kid_of(certificate))


def write_private_key(
    path: Path,
    key: ec.EllipticCurvePrivateKey,
    passphrase: str,
    *,
    kdf_rounds: int = DEFAULT_KDF_ROUNDS,
) -> None:
    """PKCS#12 (PBES2 AES-256, PBKDF2-SHA256 `kdf_rounds`), created 0o600, never overwriting."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise KeyStoreError(f"the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")
    if kdf_rounds < 1:
        raise KeyStoreError("the key derivation needs at least one round")
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(kdf_rounds)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    data = _without_mac(
        pkcs12.serialize_key_and_certificates(
            path.name.encode("utf-8"), key, None, None, encryption
        )
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyStoreError(f"{path} already exists; refusing to overwrite a key") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _without_mac(pfx: bytes) -> bytes:
    """The PFX without its MacData.

    cryptography derives the MAC key with the PKCS#12 KDF at a fixed 2,048 rounds,
    whatever `kdf_rounds` says, so the MAC would let an attacker test passphrases
    about 300 times faster than the key bag's PBKDF2 allows. The MAC is optional
    (RFC 7292 section 4, `openssl pkcs12 -nomac`); a tampered key is caught anyway
    when it is matched against its certificate's public key.
    """
    from asn1crypto import pkcs12 as asn1_pkcs12  # only when writing a key

    try:
        parsed = asn1_pkcs12.Pfx.load(pfx, strict=True)
        # Children keep their own encoding; only the outer SEQUENCE is written anew.
        return bytes(
            asn1_pkcs12.Pfx({"version": parsed["version"], "auth_safe": parsed["auth_safe"]}).dump()
        )
    except ValueError as exc:
        raise KeyStoreError(f"the PKCS#12 encoder wrote an unexpected structure ({exc})") from None


def read_private_key(path: Path, passphrase: str) -> ec.EllipticCurvePrivateKey:
    """A PKCS#12 key file, or a legacy encrypted PKCS#8 PEM one; plain-text keys are refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyStoreError(f"cannot read key file {path}: {exc.strerror or exc}") from None
    secret = passphrase.encode("utf-8")
    legacy = data.startswith(_PEM_MAGIC)
    key = _read_pkcs8(path, data, secret) if legacy else _read_pkcs12(path, data, secret)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise KeyStoreError(f"{path} does not hold an ECDSA P-256 key")
    return key


def _read_pkcs8(path: Path, data: bytes, secret: bytes) -> object:
    try:
        return serialization.load_pem_private_key(data, secret)
    except TypeError:
        # Raised for a key stored without encryption: we never accept one.
        raise KeyStoreError(f"{path} is not encrypted; refusing to use a plain-text key") from None
    except ValueError:
        raise WrongPassphrase(
            f"cannot decrypt {path}: wrong passphrase, or not a key file"
        ) from None


def _read_pkcs12(path: Path, data: bytes, secret: bytes) -> object:
    try:
        key, _certificate, _others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        if _opens_without_passphrase(data):
            raise KeyStoreError(
                f"{path} is not encrypted; refusing to use a plain-text key"
            ) from None
        raise WrongPassphrase(
            f"cannot decrypt {path}: wrong passphrase, or not a key file"
        ) from None
    if key is None:
        raise KeyStoreError(f"{path} holds no private key")
    return key


def _opens_without_passphrase(data: bytes) -> bool:
    try:
        pkcs12.load_key_and_certificates(data, None)
    except ValueError:
        return False
    return True


def read_certificate(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except OSError as exc:
        raise KeyStoreError(f"cannot read certificate {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise KeyStoreError(f"{path} is not a PEM certificate ({exc})") from None


def load_signer(*, key_file: Path, certificate_file: Path, passphrase: str) -> DocumentSigner:
    """A signer from explicit files (the offline `certificate issue` command)."""
    return DocumentSigner.create(
        private_key=read_private_key(key_file, passphrase),
        certificate=read_certificate(certificate_file),
    )


def _write_public(path: Path, certificate: x509.Certificate) -> None:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


class KeyStore:
    def __init__(self, directory: Path, *, kdf_rounds: int = DEFAULT_KDF_ROUNDS) -> None:
        self.directory = directory
        #: For keys this store writes; reading takes the rounds from each file.
        self.kdf_rounds = kdf_rounds

    @property
    def _signers_dir(self) -> Path:
        return self.directory / SIGNERS_DIR

    def csca(self) -> x509.Certificate | None:
        path = self.directory / CSCA_CERT
        return read_certificate(path) if path.exists() else None

    def signers(self) -> list[TrustedSigner]:
        """Every DSC in the store, oldest first."""
        if not self._signers_dir.is_dir():
            return []
        found = []
        for path in sorted(self._signers_dir.glob("*.crt.pem")):
            try:
                found.append(TrustedSigner.from_certificate(read_certificate(path)))
            except TrustListError as exc:
                raise KeyStoreError(f"{path}: {exc}") from None
        return sorted(found, key=lambda s: (s.not_before, s.kid))

    def trust_list(self) -> TrustList:
        return TrustList(self.signers())

    def current(self, at: datetime | None = None) -> TrustedSigner:
        """The newest DSC valid at `at` (default now): the one that signs."""
        at = at or datetime.now(UTC)
        valid = [s for s in self.signers() if s.valid_at(at)]
        if not valid:
            raise KeyStoreError(
                f"no signer certificate in {self.directory} is valid at {at:%Y-%m-%d %H:%M} UTC; "
                "create one (keys init-demo --rotate)"
            )
        return valid[-1]

    def key_file(self, signer: TrustedSigner) -> Path:
        """The signer's private key file (PKCS#12, or a legacy PKCS#8 one not yet upgraded)."""
        return self._key_path(self._signers_dir / signer.kid.hex())

    def signer(self, passphrase: str, *, at: datetime | None = None) -> DocumentSigner:
        chosen = self.current(at)
        key = self._unlock(self._signers_dir / chosen.kid.hex(), passphrase)
        return DocumentSigner.create(private_key=key, certificate=chosen.certificate)

    def list_signer(self, passphrase: str) -> DocumentSigner:
        """The CSCA's key and certificate: they sign the lists handed to other countries."""
        csca = self.csca()
        if csca is None:
            raise KeyStoreError(
                f"{self.directory} holds no country signing CA to sign lists with (keys init-demo)"
            )
        key = self._unlock(self.directory / CSCA_KEY, passphrase)
        return DocumentSigner.create(private_key=key, certificate=csca)

    def init_demo(
        self, *, mission: str, passphrase: str, rotate: bool = False, now: datetime | None = None
    ) -> TrustedSigner:
        """Create the demo CSCA (first time) and a new DSC; with `rotate`, add one more DSC."""
        # Imported here: reading the trust list (`verify`) needs none of the issuing side.
        from pydantic import TypeAdapter, ValidationError

        from printing.certs import create_csca, create_dsc, new_signing_key
        from workstation.protocol import MissionCode

        now = now or datetime.now(UTC)
        try:
            mission = TypeAdapter(MissionCode).validate_python(mission)
        except ValidationError:
            raise KeyStoreError(f"{mission!r} is not a mission code such as GBR-LON") from None
        if self.signers() and not rotate:
            raise KeyStoreError(
                f"{self.directory} already holds signer certificates; use --rotate to add one"
            )
        private_folder(self._signers_dir)  # owner-only, and so are the folders made for it
        csca = self.csca()
        if csca is None:
            csca_key = new_signing_key()
            csca = create_csca(key=csca_key, now=now)
            self._write_key(self.directory / CSCA_KEY, csca_key, passphrase)
            _write_public(self.directory / CSCA_CERT, csca)
            log.info("created demo CSCA in %s", self.directory)
        else:
            csca_key = self._unlock(self.directory / CSCA_KEY, passphrase)
            if csca_key.public_key() != csca.public_key():
                raise KeyStoreError("the CSCA private key does not belong to the CSCA certificate")
        key = new_signing_key()
        try:
            dsc = create_dsc(key=key, mission=mission, csca=csca, csca_key=csca_key, now=now)
        except ValueError as exc:
            raise KeyStoreError(str(exc)) from None
        signer = TrustedSigner.from_certificate(dsc)
        self._write_key(self._signers_dir / signer.kid.hex(), key, passphrase)
        _write_public(self._signers_dir / f"{signer.kid.hex()}.crt.pem", dsc)
        log.info("created document signer kid=%s for %s", signer.kid_text, mission)
        return signer

    @staticmethod
    def _key_path(stem: Path) -> Path:
        legacy = stem.with_name(stem.name + LEGACY_KEY_SUFFIX)
        current = stem.with_name(stem.name + KEY_SUFFIX)
        return legacy if legacy.exists() and not current.exists() else current

    def _write_key(self, stem: Path, key: ec.EllipticCurvePrivateKey, passphrase: str) -> None:
        path = stem.with_name(stem.name + KEY_SUFFIX)
        write_private_key(path, key, passphrase, kdf_rounds=self.kdf_rounds)

    def _unlock(self, stem: Path, passphrase: str) -> ec.EllipticCurvePrivateKey:
        path = self._key_path(stem)
        key = read_private_key(path, passphrase)
        if path.name.endswith(LEGACY_KEY_SUFFIX):
            self._upgrade(stem, path, key, passphrase)
        return key

    def _upgrade(
        self, stem: Path, legacy: Path, key: ec.EllipticCurvePrivateKey, passphrase: str
    ) -> None:
        """Re-encrypt a legacy PKCS#8 key as PKCS#12, then remove the weaker copy."""
        try:
            self._write_key(stem, key, passphrase)
            legacy.unlink()
        except (KeyStoreError, OSError) as exc:
            # The key still works; the upgrade is tried again at the next unlock.
            log.warning("could not re-encrypt %s as PKCS#12: %s", legacy.name, exc)
            return
        log.info("re-encrypted %s as PKCS#12 (%d KDF rounds)", legacy.name, self.kdf_rounds)
