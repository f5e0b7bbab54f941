"""Files that hold personal data are owner-only (0600 files, 0700 folders), on the workstation
and on the reference server, whatever the umask of the process that made them.

Each test runs under the common umask 022, which would leave new files readable by everyone:
the modes checked here are the ones the code sets, not the ones the environment happens to give.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from printing.keys import KeyStore
from review.audit.columns import REPORT_COLUMNS
from review.audit.export import ReportText, write_csv, write_pdf
from review.audit.queries.history import HistoryOrder
from review.audit.queries.terms import AuditFilter
from server.harness import ReferenceServerProcess
from tests.support.approved_cases import approved_case
from tests.support.declarations import Upload, build_declaration, manifest_entry, submit
from workstation.__main__ import main
from workstation.client import CentralClient
from workstation.private_files import private_folder
from workstation.protocol import SubmissionReceipt
from workstation.store import CURSOR, Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def padded(upload: Upload, extra: int) -> Upload:
    """The same declaration with each document `extra` bytes longer (a PDF comment)."""
    files = {name: content + b"\n%" + b"0" * extra for name, content in upload.files.items()}
    manifest = [
        manifest_entry(entry.filename, files[entry.filename], entry.kind)
        for entry in upload.submission.documents
    ]
    return Upload(
        submission=upload.submission.model_copy(update={"documents": manifest}), files=files
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    """Every file and folder below `folder` (relative name -> permission bits)."""
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


def assert_owner_only(folder: Path) -> None:
    found = modes_under(folder)
    assert found, f"nothing under {folder}"
    wider = {
        name: oct(bits)
        for name, bits in found.items()
        if bits != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert not wider, f"not owner-only: {wider}"


def test_the_local_store_its_journal_and_the_folders_made_for_it_are_owner_only(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data" / "workstation"
    store = Store.open(f"sqlite:///{data / 'workstation.sqlite3'}")
    try:
        with store.session() as session:  # a write: the WAL and its index exist now
            store.set_state(session, CURSOR, "7")
        names = set(modes_under(tmp_path))
        assert {
            "data/workstation/workstation.sqlite3-wal",
            "data/workstation/workstation.sqlite3-shm",
        } <= names
        assert_owner_only(tmp_path / "data")
    finally:
        store.close()


def test_a_store_an_older_version_left_readable_is_made_owner_only_when_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store" / "workstation.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    path.chmod(0o644)
    path.parent.chmod(0o755)  # a folder that exists is left as it is, the store is not
    Store.open(f"sqlite:///{path}").close()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o755


def test_documents_downloaded_by_a_sync_stay_inside_the_owner_only_store(
    tmp_path: Path,
) -> None:
    central = ReferenceServerProcess(
        database_url=f"sqlite:///{tmp_path / 'central' / 'central.sqlite3'}",
        workdir=tmp_path,
    )
    (tmp_path / "central").mkdir()
    central.start()
    data = tmp_path / "officer-data"
    store = Store.open(f"sqlite:///{data / 'workstation.sqlite3'}")
    client = CentralClient(central.url)
    try:
        reply = submit(central.url, build_declaration(mission=MISSION))
        assert reply.status_code == 201, reply.text
        case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
        officer = central.user("officer", MISSION)
        client.login(officer.username, officer.password)
        engine = SyncEngine(client, store)
        engine.pull()
        assert engine.fetch_documents(UUID(str(case_id))) >= 1
        assert_owner_only(data)
    finally:
        client.logout()
        client.close()
        store.close()
        central.stop()


def test_the_reference_server_database_and_everything_it_writes_are_owner_only(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "spool" / "central"  # missing: the server makes it
    central = ReferenceServerProcess(
        database_url=f"sqlite:///{folder / 'central.sqlite3'}", workdir=tmp_path
    ).start()
    try:
        # An upload larger than the multipart parser keeps in memory goes to a spool file.
        reply = submit(central.url, padded(build_declaration(mission=MISSION), 1536 * 1024))
        assert reply.status_code == 201, reply.text
        assert central._process is not None
        status = Path(f"/proc/{central._process.pid}/status").read_text(encoding="ascii")
        (umask,) = [line.split()[1] for line in status.splitlines() if line.startswith("Umask:")]
        # Spool and temporary files are made under this mask, whoever makes them.
        assert int(umask, 8) == 0o077
        assert {"central.sqlite3", "central.sqlite3-wal", "central.sqlite3-shm"} <= set(
            modes_under(folder)
        )
        assert_owner_only(tmp_path / "spool")

        # A database an older version left readable is made owner-only at the next start.
        central.stop()
        (folder / "central.sqlite3").chmod(0o644)
        central.restart()
        assert mode(folder / "central.sqlite3") == 0o600
    finally:
        central.stop()


def test_the_auditors_exports_are_owner_only(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'store' / 'workstation.sqlite3'}")
    exports = tmp_path / "exports"
    exports.mkdir()
    try:
        write_csv(store, AuditFilter(), HistoryOrder(), exports / "history.csv")
        text = ReportText(
            title="Audit history", facts=[("Mission", MISSION)],
            headings={column: column.value for column in REPORT_COLUMNS},
            truncated="{0} of {1}", page="Page {0}",
            action_labels={}, outcome_labels={}, role_labels={},
        )  # fmt: skip
        write_pdf(store, AuditFilter(), HistoryOrder(), exports / "history.pdf", text=text, total=0)
    finally:
        store.close()
    assert modes_under(exports) == {"history.csv": 0o600, "history.pdf": 0o600}


def test_signing_keys_and_the_folders_made_for_them_are_owner_only(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "data" / "keys", kdf_rounds=1_000)
    keys.init_demo(mission=MISSION, passphrase="correct horse battery staple")
    found = modes_under(tmp_path / "data")
    private = {name: bits for name, bits in found.items() if not name.endswith(".pem")}
    assert private and all(
        bits == (0o700 if (tmp_path / "data" / name).is_dir() else 0o600)
        for name, bits in private.items()
    ), {name: oct(bits) for name, bits in private.items()}


def test_a_demo_folder_is_made_owner_only(tmp_path: Path) -> None:
    folder = private_folder(tmp_path / "demo" / "run-1")
    assert (mode(tmp_path / "demo"), mode(folder)) == (0o700, 0o700)


def test_a_certificate_issued_from_the_command_line_is_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CW_KEY_PASSPHRASE", "correct horse battery staple")
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "init-demo", "--mission", MISSION]) == 0
    Path("case.json").write_text(approved_case().model_dump_json(), encoding="utf-8")
    key = next((tmp_path / "keys" / "signers").glob("*.key.p12"))
    cert = key.with_name(key.name.replace(".key.p12", ".crt.pem"))
    out = tmp_path / "out"
    out.mkdir()
    command = ["certificate", "issue", "--declaration", "case.json", "--key", str(key)]
    command += ["--cert", str(cert), "--out", "out/cert.pdf", "--hc1-out", "out/cert.txt"]
    assert main(command) == 0
    assert modes_under(out) == {"cert.pdf": 0o600, "cert.txt": 0o600}
