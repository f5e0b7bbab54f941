"""`certificate issue` run as an operator would, in a folder prepared with demo keys."""

from __future__ import annotations

from pathlib import Path

from workstation.__main__ import main


def issue_certificate(workdir: Path, *extra: str) -> int:
    key = next((workdir / "keys" / "signers").glob("*.key.p12"))
    cert = key.with_name(key.name.replace(".key.p12", ".crt.pem"))
    return main(
        [
            "certificate",
            "issue",
            "--declaration",
            "case.json",
            "--key",
            str(key),
            "--cert",
            str(cert),
            "--out",
            "cert.pdf",
            "--hc1-out",
            "cert.txt",
            *extra,
        ]
    )
