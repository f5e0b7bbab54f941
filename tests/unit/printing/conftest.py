"""A real key store (demo CSCA and signer) shared by the certificate tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from printing.keys import DocumentSigner, KeyStore
from printing.trustlist import TrustList

PASSPHRASE = "correct horse battery"


@pytest.fixture(scope="session")
def key_store(tmp_path_factory: pytest.TempPathFactory) -> KeyStore:
    store = KeyStore(tmp_path_factory.mktemp("keys") / "store")
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    return store


@pytest.fixture(scope="session")
def signer(key_store: KeyStore) -> DocumentSigner:
    return key_store.signer(PASSPHRASE)


@pytest.fixture(scope="session")
def trust(key_store: KeyStore) -> TrustList:
    return key_store.trust_list()


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    return tmp_path / "keys"
