"""Sub-commands `verify`, `certificate` and `keys` (no Qt; heavy imports happen when run).

`verify` is registered here and runs in `printing.verify_command`.

`certificate issue --declaration FILE.json` takes one approved case exactly as the
central server sends it (a `workstation.protocol.CaseRecord` JSON object: status
"approved", with `certificate.certificate_id` set), signs it with the given key
and DSC, and writes the paper certificate (and, optionally, the HC1 text).
Key passphrases come from `CW_KEY_PASSPHRASE` or an interactive prompt.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from workstation.private_files import private_file

if TYPE_CHECKING:
    from printing.keys import KeyStore

log = logging.getLogger(__name__)

PASSPHRASE_VARIABLE: Final = "CW_KEY_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
MAX_DECLARATION_BYTES: Final = 1024 * 1024
_Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A command cannot go on; the message is shown to the user as it is."""


class InputError(CommandError, ValueError):
    pass


# --------------------------------------------------------------------------------------------
# Registration (entry points in pyproject.toml)


def register_verify(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "verify",
        help="verify health certificates in PDFs, pictures or HC1 text",
        description="Exit status: 0 all valid, 1 any not valid, 2 any cannot be read.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF, PNG/JPEG, or HC1: text")
    parser.add_argument(
        "--trust",
        type=Path,
        help="trust list handed over: signed (.cose, from keys export-trust-list --signed); "
        "with --allow-unsigned-lists also our JSON or a PEM of signer certificates "
        "(default: this mission's key store)",
    )
    parser.add_argument("--at", help="verify as of this ISO-8601 time (default: now)")
    parser.add_argument(
        "--revocations",
        type=Path,
        help="revocation list: signed (.cose, from keys sign-revocations); with "
        "--allow-unsigned-lists also the server's JSON",
    )
    parser.add_argument(
        "--trust-anchor",
        type=Path,
        action="append",
        metavar="CSCA_PEM",
        help="country signing CA certificate(s) that sign the lists (default: this mission's "
        "CSCA); one that is not a CA or not valid now is skipped with a warning",
    )
    parser.add_argument(
        "--max-list-age",
        type=float,
        metavar="HOURS",
        help="refuse signed lists signed longer ago than this (besides their own expiry)",
    )
    parser.add_argument(
        "--allow-unsigned-lists",
        action="store_true",
        help="also use --trust/--revocations files that are not signed (plain JSON or PEM), "
        "on your word that they are genuine: nothing checks their origin or age, and every "
        "result says so. Without it such files are refused; a signed list is always checked",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per certificate (ASCII only: decoded text is escaped)",
    )
    parser.add_argument(
        "--lang",
        metavar="LANGUAGE",
        help="language of the report, e.g. en or zh_CN (default: the locale's)",
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="also show the test centres, manufacturers, issuer, certificate ID and signing key "
        "(by default only what a border officer needs: every result, vaccination and mark)",
    )
    # Nothing of a verification needs the interpreter's teardown at exit: its scan workers
    # have ended and their files are gone when it returns (workstation.__main__.SKIP_TEARDOWN).
    parser.set_defaults(handler=_guarded(_verify), skip_teardown=True)


def register_certificate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("certificate", help="issue signed health certificates")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    issue = actions.add_parser(
        "issue",
        help="sign an approved case and write the paper certificate",
        description=(
            "--declaration is one case exactly as the central server sends it: a CaseRecord "
            'JSON object (workstation/protocol.py) with "status": "approved" and '
            '"certificate": {"certificate_id": "URN:UVCI:...", "issued_at": ...}. '
            "The key passphrase comes from CW_KEY_PASSPHRASE or is asked for."
        ),
    )
    issue.add_argument("--declaration", type=Path, required=True, help="approved CaseRecord JSON")
    issue.add_argument(
        "--key",
        type=Path,
        required=True,
        help="signing key: encrypted PKCS#12 file (keys/signers/*.key.p12; a legacy "
        "encrypted PKCS#8 .key.pem is also read)",
    )
    issue.add_argument("--cert", type=Path, required=True, help="the key's DSC (PEM)")
    issue.add_argument("--out", type=Path, required=True, help="PDF to write")
    issue.add_argument("--hc1-out", type=Path, help="also write the HC1 text here")
    issue.add_argument("--reprint", action="store_true", help="mark the paper as a reprint")
    issue.set_defaults(handler=_guarded(_issue))


def register_keys(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("keys", help="the mission's signing keys and trust list")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init-demo", help="create a demo CSCA and document signer")
    init.add_argument("--mission", required=True, help="mission code, e.g. GBR-LON")
    init.add_argument("--rotate", action="store_true", help="add a new signer to an existing store")
    listing = actions.add_parser("list", help="show the signer certificates")
    export = actions.add_parser(
        "export-trust-list", help="write the trust list for other countries"
    )
    export.add_argument("--json", type=Path, help="write our JSON trust list here")
    export.add_argument("--pem", type=Path, help="write the signer certificates (PEM) here")
    export.add_argument(
        "--signed",
        type=Path,
        help="write the JSON trust list signed by the CSCA here (COSE_Sign1, for hand-over)",
    )
    sign_revocations = actions.add_parser(
        "sign-revocations",
        help="sign the server's revocation list with the CSCA for hand-over",
        description="--in is the JSON of GET /api/v1/revocations; --out gets the signed list.",
    )
    sign_revocations.add_argument("--in", dest="source", type=Path, required=True)
    sign_revocations.add_argument("--out", type=Path, required=True)
    for action in (init, listing, export, sign_revocations):
        action.add_argument("--dir", type=Path, help="key directory (default: from settings)")
    init.set_defaults(handler=_guarded(_keys_init))
    listing.set_defaults(handler=_guarded(_keys_list))
    export.set_defaults(handler=_guarded(_keys_export))
    sign_revocations.set_defaults(handler=_guarded(_keys_sign_revocations))


def _guarded(handler: _Handler) -> _Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    return run


# --------------------------------------------------------------------------------------------
# Handlers


def _verify(args: argparse.Namespace) -> int:
    from printing.verify_command import run_verify

    return run_verify(args)


def _issue(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from printing.boundary import read_bounded, validation_problems
    from printing.certificate_pdf import certificate_pdf
    from printing.claims import ClaimsError
    from printing.issuance import issue
    from printing.keys import KeyStoreError, load_signer
    from workstation.protocol import CaseRecord

    data = read_bounded(args.declaration, limit=MAX_DECLARATION_BYTES, error=InputError)
    try:
        case = CaseRecord.model_validate_json(data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise CommandError(f"{args.declaration} is not a case record: {problems}") from None
    try:
        signer = load_signer(
            key_file=args.key, certificate_file=args.cert, passphrase=_passphrase()
        )
        issued = issue(case, signer, reprint=args.reprint)
    except (KeyStoreError, ClaimsError) as exc:
        raise CommandError(str(exc)) from None
    _write(args.out, certificate_pdf(issued), owner_only=True)
    if args.hc1_out:
        _write(args.hc1_out, (issued.hc1 + "\n").encode("ascii"), owner_only=True)
    print(f"issued {issued.certificate_id} (kid {issued.kid}) -> {args.out}")
    return 0


def _keys_init(args: argparse.Namespace) -> int:
    from printing.keys import KeyStoreError

    store = mission_key_store(args.dir)
    try:
        signer = store.init_demo(
            mission=args.mission, passphrase=_passphrase(confirm=True), rotate=args.rotate
        )
    except KeyStoreError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"created document signer {signer.kid_text} valid {signer.not_before:%Y-%m-%d} to "
        f"{signer.not_after:%Y-%m-%d} in {store.directory}"
    )
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from printing.keys import KeyStoreError

    store = mission_key_store(args.dir)
    try:
        signers = store.signers()
    except KeyStoreError as exc:
        raise CommandError(str(exc)) from None
    if not signers:
        print(f"no signer certificates in {store.directory} (create them: keys init-demo)")
        return 1
    now = datetime.now(UTC)
    try:
        signing_kid = store.current(now).kid
    except KeyStoreError:
        signing_kid = None
    for signer in signers:
        state = (
            "valid, signs now"
            if signer.kid == signing_kid
            else ("valid" if signer.valid_at(now) else "not valid now")
        )
        print(
            f"{signer.kid_text}  {signer.not_before:%Y-%m-%d} to {signer.not_after:%Y-%m-%d}  "
            f"{signer.key_type}  EKU {','.join(sorted(signer.extended_key_usage)) or '-'}  "
            f"{state}\n    {signer.subject}"
        )
    return 0


def _keys_sign_revocations(args: argparse.Namespace) -> int:
    from printing.boundary import read_bounded
    from printing.keys import KeyStoreError
    from printing.revocation import (
        MAX_REVOCATION_FILE_BYTES,
        RevocationListError,
        parse_revocations,
    )
    from printing.signed_lists import ListKind, SignedListError, sign_list

    data = read_bounded(args.source, limit=MAX_REVOCATION_FILE_BYTES, error=InputError)
    try:
        revocations = parse_revocations(data, source=str(args.source))
        csca = mission_key_store(args.dir).list_signer(_passphrase())
        signed = sign_list(
            data,
            ListKind.REVOCATION_LIST,
            private_key=csca.private_key,
            certificate=csca.certificate,
            issuer=revocations.issuer_country,
        )
    except (RevocationListError, KeyStoreError, SignedListError) as exc:
        raise CommandError(str(exc)) from None
    _write(args.out, signed)
    print(
        f"signed the revocation list of {len(revocations.revoked_uvci_sha256)} certificate(s) "
        f"-> {args.out} (valid {ListKind.REVOCATION_LIST.default_validity.days} days)"
    )
    return 0


def _keys_export(args: argparse.Namespace) -> int:
    if not args.json and not args.pem and not args.signed:
        raise CommandError("say where to write: --json FILE, --pem FILE and/or --signed FILE")
    store = mission_key_store(args.dir)
    trust = store.trust_list()
    if not len(trust):
        raise CommandError("there are no signer certificates to export")
    if args.signed:
        from printing.keys import KeyStoreError
        from printing.signed_lists import ListKind, sign_list

        try:
            csca = store.list_signer(_passphrase())
        except KeyStoreError as exc:
            raise CommandError(str(exc)) from None
        document = trust.to_json().encode("utf-8")
        signed = sign_list(
            document,
            ListKind.TRUST_LIST,
            private_key=csca.private_key,
            certificate=csca.certificate,
        )
        _write(args.signed, signed)
    if args.json:
        _write(args.json, trust.to_json().encode("utf-8"))
    if args.pem:
        _write(args.pem, trust.to_pem().encode("ascii"))
    print(f"exported {len(trust)} signer certificate(s)")
    return 0


# --------------------------------------------------------------------------------------------
# Shared pieces


def mission_key_store(directory: Path | None) -> KeyStore:
    from printing.keys import KeyStore
    from workstation.settings_sources import SettingsError, keys_dir

    if directory is None:
        try:
            # The one setting these commands use, read without building every setting.
            directory = keys_dir()
        except SettingsError as exc:
            raise CommandError(str(exc)) from None
    return KeyStore(directory)


def _passphrase(*, confirm: bool = False) -> str:
    """From `CW_KEY_PASSPHRASE`, else asked for without echo; never logged or stored."""
    from_environment = os.environ.get(PASSPHRASE_VARIABLE)
    if from_environment:
        return from_environment
    if not sys.stdin.isatty():
        raise CommandError(f"no terminal to ask for the key passphrase; set {PASSPHRASE_VARIABLE}")
    import getpass

    passphrase = getpass.getpass("Key passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != passphrase:
        raise CommandError("the passphrases differ")
    return passphrase


def parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at {text!r} is not an ISO-8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _write(path: Path, data: bytes, *, owner_only: bool = False) -> None:
    """`owner_only` for what holds personal data (a certificate): 0600 from the start."""
    try:
        if owner_only:
            private_file(path)  # created 0600 before the data is in it
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
