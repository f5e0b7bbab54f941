"""Sign-in: scrypt password hashes, bearer tokens stored as hashes, lockout after failures.

A token is `secrets.token_urlsafe(32)`; only its SHA-256 is stored, so a copy of
the database does not let anyone sign in. A wrong user name and a wrong
password get the same answer after the same work (a dummy hash is checked
when the user does not exist).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import secrets
import threading
from collections import OrderedDict
from datetime import datetime
from functools import cache

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.audit import append_by
from server.db import Database
from server.errors import ApiError, unauthorized
from server.models import BearerTokenRow, UserRow
from server.principal import Principal
from server.settings import ServerSettings
from workstation.domain import AuditAction, Role
from workstation.protocol import LoginReply, LoginRequest

log = logging.getLogger(__name__)

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_KEY_BYTES = 32
_SALT_BYTES = 16
_WRONG_CREDENTIALS = "wrong user name or password"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$key` with a random salt (base64 parts)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = Scrypt(salt=salt, length=_KEY_BYTES, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        password.encode("utf-8")
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check (`Scrypt.verify`) against a stored `hash_password` string."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=_KEY_BYTES, n=int(n), r=int(r), p=int(p))
        kdf.verify(password.encode("utf-8"), base64.b64decode(key))
    except (InvalidKey, ValueError):
        return False
    return True


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(user: UserRow) -> Principal:
    return Principal(
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        mission=user.mission,
    )


def _locked_out(until: datetime, now: datetime) -> ApiError:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    seconds = max(1, math.ceil((until - now).total_seconds()))
    return ApiError(
        429,
        f"too many failed sign-ins: this account is locked, try again in {minutes} minute(s)",
        headers={"Retry-After": str(seconds)},
    )


class UnknownNames:
    """Failed sign-ins for user names that do not exist, counted like an account's.

    Without this a lockout (429) would only ever happen to real accounts and so tell an
    attacker which names exist. Kept in memory and bounded: unknown names are not worth a
    database row each.
    """

    def __init__(self, *, limit: int = 10_000) -> None:
        self._limit = limit
        self._failures: OrderedDict[str, tuple[int, datetime | None]] = OrderedDict()
        self._lock = threading.Lock()

    def locked_until(self, name: str) -> datetime | None:
        with self._lock:
            return self._failures.get(name, (0, None))[1]

    def failed(self, name: str, settings: ServerSettings, *, now: datetime) -> None:
        with self._lock:
            count, _until = self._failures.pop(name, (0, None))
            count += 1
            until = None
            if count >= settings.lockout_after:
                count, until = 0, now + settings.lockout_for
            self._failures[name] = (count, until)
            while len(self._failures) > self._limit:
                self._failures.popitem(last=False)


def sign_in(
    db: Database,
    settings: ServerSettings,
    request: LoginRequest,
    *,
    now: datetime,
    unknown_names: UnknownNames,
) -> LoginReply:
    with db.reader() as session:
        user = session.get(UserRow, request.username)
        stored = user.password_hash if user else _dummy_hash()
        locked_until = user.locked_until if user else unknown_names.locked_until(request.username)
    if locked_until is not None and locked_until > now:
        raise _locked_out(locked_until, now)
    # The KDF runs outside any transaction: it is slow on purpose and must not hold locks.
    password_ok = verify_password(request.password, stored) and user is not None
    with db.writer(changes_cases=False) as session:
        user = session.get(UserRow, request.username, with_for_update=True)
        refusal: ApiError | None
        if user is None:
            log.info("sign-in refused: unknown user")
            unknown_names.failed(request.username, settings, now=now)
            refusal = unauthorized(_WRONG_CREDENTIALS)
        elif user.locked_until is not None and user.locked_until > now:
            # Locked by a concurrent attempt while this one was hashing.
            refusal = _locked_out(user.locked_until, now)
        elif not password_ok:
            user.failed_sign_ins += 1
            refusal = unauthorized(_WRONG_CREDENTIALS)
            append_by(session, principal_of(user), AuditAction.SIGN_IN_FAILED, at=now)
            if user.failed_sign_ins >= settings.lockout_after:
                user.failed_sign_ins = 0
                user.locked_until = now + settings.lockout_for
                log.warning("user %s locked out after repeated failed sign-ins", user.username)
                append_by(
                    session,
                    principal_of(user),
                    AuditAction.LOCKED_OUT,
                    at=now,
                    details={"until": user.locked_until.isoformat()},
                )
        else:
            refusal = None
            user.failed_sign_ins = 0
            user.locked_until = None
            token = secrets.token_urlsafe(32)
            expires_at = now + settings.token_ttl
            session.add(
                BearerTokenRow(
                    token_sha256=token_digest(token),
                    username=user.username,
                    issued_at=now,
                    expires_at=expires_at,
                )
            )
            session.execute(
                delete(BearerTokenRow).where(
                    BearerTokenRow.username == user.username, BearerTokenRow.expires_at <= now
                )
            )
            principal = principal_of(user)
            append_by(session, principal, AuditAction.SIGNED_IN, at=now)
    if refusal is not None:
        raise refusal
    log.info("%s signed in (%s, %s)", principal.username, principal.role.value, principal.mission)
    return LoginReply(token=token, expires_at=expires_at, user=principal.info())


def sign_out(db: Database, token: str, *, now: datetime) -> None:
    with db.writer(changes_cases=False) as session:
        user = session.execute(
            select(UserRow)
            .join(BearerTokenRow, BearerTokenRow.username == UserRow.username)
            .where(BearerTokenRow.token_sha256 == token_digest(token))
        ).scalar_one_or_none()
        session.execute(
            delete(BearerTokenRow).where(BearerTokenRow.token_sha256 == token_digest(token))
        )
        if user is not None:
            append_by(session, principal_of(user), AuditAction.SIGNED_OUT, at=now)


def principal_for_token(session: Session, token: str, *, now: datetime) -> Principal:
    row = session.execute(
        select(UserRow, BearerTokenRow.expires_at)
        .join(BearerTokenRow, BearerTokenRow.username == UserRow.username)
        .where(BearerTokenRow.token_sha256 == token_digest(token))
    ).first()
    if row is None:
        raise unauthorized("not signed in, or the session was ended: sign in again")
    user, expires_at = row
    if expires_at <= now:
        raise unauthorized("the session has expired: sign in again")
    return principal_of(user)
