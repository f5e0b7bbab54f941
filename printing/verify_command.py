"""The `verify` command: certificates checked against the lists it is given, or our own.

Lists handed over by another mission (`--trust`, `--revocations`) are used only when they
are signed by a trust anchor (a CSCA: `--trust-anchor`, by default this mission's own)
and young enough (their own expiry, and `--max-list-age` if given). An unsigned list is
refused unless the operator vouches for it with `--allow-unsigned-lists`; then every
result says, under its verdict, which lists were taken on the operator's word. Without
`--trust`, this workstation's own key store is the trust list: it is not handed over.
A signed list whose signature or age fails is refused whatever the options. In a PEM
file of anchors, or of signers (`printing.trustlist`), a certificate that cannot serve
(unreadable, an unusable key, for an anchor not a CA or not valid at the time of the
check) is skipped with a warning that names it, and the others are used.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from printing.cli import CommandError, InputError, mission_key_store, parse_time

if TYPE_CHECKING:
    from cryptography import x509

    from printing.signed_lists import ListKind
    from printing.trustlist import TrustList
    from workstation.protocol import RevocationList

log = logging.getLogger(__name__)


def run_verify(args: argparse.Namespace) -> int:
    # Only what checking an HC1 string needs: the scanner, pydantic and the revocation
    # list are imported further in, when an input or option asks for them.
    from printing.report import UNSIGNED_LISTS_CAVEAT, describe
    from printing.report_language import report_words
    from printing.verify import exit_code, verify

    at = parse_time(args.at) if args.at else None
    unsigned: list[str] = []  # the lists used on the operator's word, for every result
    trust = _trust_list(args, at, unsigned)
    revocations = _revocation_list(args, at, unsigned) if args.revocations else None
    if not len(trust):
        raise CommandError("the trust list is empty: pass --trust FILE or create keys first")
    if unsigned:
        print(
            f"WARNING: {'; '.join(unsigned)} NOT SIGNED: used on your word "
            "(--allow-unsigned-lists); neither origin nor age is checked",
            file=sys.stderr,
        )
    results = verify(args.inputs, trust, at=at, revocations=revocations)
    words = report_words(args.lang)
    for result in results:
        if args.json:
            # ASCII only: a decoded name may hold bidi overrides or C1 controls that a
            # terminal would obey; JSON readers get the same text back from the escapes.
            document = {**result.to_json(), "unsigned_lists": unsigned}
            print(json.dumps(document, ensure_ascii=True))
        else:
            report = describe(result, details=args.details, words=words)
            print(_with_caveat(report, unsigned, words(UNSIGNED_LISTS_CAVEAT)))
    return int(exit_code(results))


def _with_caveat(report: str, unsigned: list[str], heading: str) -> str:
    """The report with, under its verdict, what was taken on the operator's word."""
    if not unsigned:
        return report
    verdict, _, rest = report.partition("\n")
    caveat = f"  {heading} {'; '.join(unsigned)}"
    return "\n".join(part for part in (verdict, caveat, rest) if part)


def _trust_list(args: argparse.Namespace, at: datetime | None, unsigned: list[str]) -> TrustList:
    """--trust (signed, or unsigned when allowed), else this workstation's own key store."""
    from printing.trustlist import MAX_TRUST_FILE_BYTES, TrustListError, parse_trust_list

    if args.trust is None:
        # Our own key store, kept in an owner-only folder of this workstation: no hand-over.
        from printing.keys import KeyStoreError

        try:
            return mission_key_store(None).trust_list()
        except KeyStoreError as exc:
            raise CommandError(str(exc)) from None
    from printing.signed_lists import ListKind

    try:
        payload = _handed_list(
            args.trust, ListKind.TRUST_LIST, args, at, unsigned, limit=MAX_TRUST_FILE_BYTES
        )
        trust = parse_trust_list(payload)
    except TrustListError as exc:
        raise CommandError(f"{args.trust}: {exc}") from None
    _warn_skipped(args.trust, trust.skipped)
    return trust


def _revocation_list(
    args: argparse.Namespace, at: datetime | None, unsigned: list[str]
) -> RevocationList:
    from printing.revocation import (
        MAX_REVOCATION_FILE_BYTES,
        RevocationListError,
        parse_revocations,
    )
    from printing.signed_lists import ListKind

    path = args.revocations
    payload = _handed_list(
        path, ListKind.REVOCATION_LIST, args, at, unsigned, limit=MAX_REVOCATION_FILE_BYTES
    )
    try:
        return parse_revocations(payload, source=str(path))
    except RevocationListError as exc:
        raise CommandError(str(exc)) from None


def _handed_list(
    path: Path,
    kind: ListKind,
    args: argparse.Namespace,
    at: datetime | None,
    unsigned: list[str],
    *,
    limit: int,
) -> bytes:
    """The JSON (or PEM) of a list handed over in `path`: a signed list once its signature
    (by a trust anchor) and age check out; an unsigned one only with --allow-unsigned-lists."""
    from printing.boundary import read_bounded
    from printing.signed_lists import MAX_SIGNED_LIST_BYTES, is_signed_list

    data = read_bounded(path, limit=max(limit, MAX_SIGNED_LIST_BYTES), error=InputError)
    if is_signed_list(data):
        return _opened_signed_list(path, data, kind, args, at)
    if not args.allow_unsigned_lists:
        raise CommandError(
            f"{path} is not a signed {kind.description}, so neither its origin nor its age can "
            "be checked: ask the issuing mission for the signed list (keys export-trust-list "
            "--signed, keys sign-revocations), or, for a list you vouch for yourself, pass "
            "--allow-unsigned-lists"
        )
    if len(data) > limit:
        raise CommandError(f"{path} is larger than {limit:,} bytes")
    unsigned.append(f"{kind.description} {path}")
    return data


def _opened_signed_list(
    path: Path, data: bytes, kind: ListKind, args: argparse.Namespace, at: datetime | None
) -> bytes:
    """The payload of a signed list, once its signature (by a trust anchor) and age check out."""
    from datetime import timedelta

    from printing.signed_lists import SignedListError, open_signed_list

    anchors = _trust_anchors(args, at)
    max_age = timedelta(hours=args.max_list_age) if args.max_list_age is not None else None
    if max_age is not None and max_age <= timedelta(0):
        raise CommandError("--max-list-age must be more than 0 hours")
    try:
        signed = open_signed_list(data, kind, anchors, at=at, max_age=max_age)
    except SignedListError as exc:
        raise CommandError(f"{path}: {exc}") from None
    print(
        f"{path}: {kind.description} signed {signed.signed_at:%Y-%m-%d %H:%M} UTC by CSCA "
        f"{signed.anchor_kid}, usable until {signed.expires_at:%Y-%m-%d %H:%M} UTC",
        file=sys.stderr,
    )
    return signed.payload


def _trust_anchors(args: argparse.Namespace, at: datetime | None) -> list[x509.Certificate]:
    """The CSCA certificates given with --trust-anchor, else this mission's own CSCA.

    In an anchor file, a certificate that cannot vouch for lists now (not readable, not a
    CA, not valid at the time of the check) is skipped with a warning naming it."""
    from datetime import UTC

    from printing.boundary import read_bounded
    from printing.signed_lists import anchor_problem
    from printing.trustlist import TrustListError, pem_certificates, skipped_certificate

    if args.trust_anchor:
        anchors: list[x509.Certificate] = []
        for path in args.trust_anchor:
            data = read_bounded(path, limit=1024 * 1024, error=InputError)
            try:
                certificates = pem_certificates(data)
            except TrustListError:
                raise CommandError(f"{path} holds no PEM certificate") from None
            skipped: list[str] = []
            for number, certificate in enumerate(certificates, 1):
                if isinstance(certificate, str):
                    skipped.append(certificate)  # a block that is not a certificate
                    continue
                problem = anchor_problem(certificate, at or datetime.now(UTC))
                if problem is None:
                    anchors.append(certificate)
                else:
                    skipped.append(skipped_certificate(number, certificate, problem))
            _warn_skipped(path, skipped)
        if not anchors:
            raise CommandError("no certificate given with --trust-anchor can vouch for lists")
        return anchors
    csca = mission_key_store(None).csca()
    if csca is None:
        raise CommandError("a signed list needs a trust anchor: pass --trust-anchor CSCA.pem")
    return [csca]


def _warn_skipped(path: Path, skipped: Sequence[str]) -> None:
    """A warning per certificate left out of a file; past a few, only how many more."""
    from printing.trustlist import MAX_SKIPPED_SHOWN

    for reason in skipped[:MAX_SKIPPED_SHOWN]:
        print(f"warning: {path}: skipped {reason}", file=sys.stderr)
    if len(skipped) > MAX_SKIPPED_SHOWN:
        hidden = len(skipped) - MAX_SKIPPED_SHOWN
        print(f"warning: {path}: skipped {hidden} more certificate(s)", file=sys.stderr)
