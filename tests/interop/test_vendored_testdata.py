"""The vendored test vectors are the shared ones, unchanged (when the shared copy is here)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata"
VENDORED = Path(__file__).resolve().parent / "testdata"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared test data beside the repository")
@pytest.mark.parametrize("folder", ["dcc", "dcc-schema"])
def test_vendored_copy_has_not_drifted(folder: str) -> None:
    differences: list[str] = []

    def walk(compared: filecmp.dircmp[str]) -> None:
        differences.extend(compared.left_only + compared.right_only + compared.diff_files)
        for sub in compared.subdirs.values():
            walk(sub)

    walk(filecmp.dircmp(SHARED / folder, VENDORED / folder))
    assert differences == []
