"""Sign-in: scrypt password hashes, bearer tokens stored as hashes, lockout after failures.

A token is `secrets.token_urlsafe(32)`; only its SHA-256 is stored, so a copy of
the database does not let anyone sign in. A wrong user name and a wrong
password get the same answer after the same work (a dummy hash is checked
when the user does not exist), and failures are counted the same way for both
(`FailedSignIns`), so neither answers nor lockouts tell who exists.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
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


@dataclass
class _Failures:
    count: int
    last: datetime
    locked_until: datetime | None = None


class FailedSignIns:
    """Recent failed sign-ins per user name, for real and unknown names alike.

    One memory for every name, so a name's answers (401, then 429 once locked, and their
    order under concurrent attempts) never depend on whether the name exists. Failures count
    towards a lockout until `failure_memory` after the last one; a lock lasts `lockout_for`.

    It is bounded and cannot be flushed: names are kept in the order of their last failure,
    so the ones nothing depends on any more (count forgotten, lock over) are always at the
    front and are the only ones dropped. When `capacity` names are all live, a failure that
    needs a new place is not forgotten or recorded elsewhere: every wrong password (any name)
    is answered 503 until the oldest entry lapses, so spraying names cannot reset a lockout
    and tells nobody anything about any name; a right password still signs in. Filling it
    takes `capacity` failures within `failure_memory`, each costing the sender a scrypt on
    the server (100,000 in 15 minutes is over 100 a second, more than a small server hashes).
    """

    def __init__(self, *, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._names: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def _lapses_at(self, entry: _Failures, settings: ServerSettings) -> datetime:
        end = entry.last + settings.failure_memory
        return max(end, entry.locked_until) if entry.locked_until else end

    def _forget_lapsed(self, settings: ServerSettings, now: datetime) -> None:
        while self._names:
            entry = next(iter(self._names.values()))
            if self._lapses_at(entry, settings) > now:
                return
            self._names.popitem(last=False)

    def _full_for(self, name: str, settings: ServerSettings, now: datetime) -> ApiError | None:
        self._forget_lapsed(settings, now)
        if name in self._names or len(self._names) < self.capacity:
            return None
        wait = self._lapses_at(next(iter(self._names.values())), settings) - now
        log.warning("sign-in failure memory is full (%d names): sign-ins wait", self.capacity)
        return ApiError(
            503,
            "too many failed sign-ins on this server just now; try again later",
            error="busy",
            headers={"Retry-After": str(max(1, math.ceil(wait.total_seconds())))},
        )

    def refusal(self, name: str, *, now: datetime) -> ApiError | None:
        """The answer to give before checking the password (the name is locked), if any."""
        with self._lock:
            entry = self._names.get(name)
            if entry is not None and entry.locked_until is not None and entry.locked_until > now:
                return _locked_out(entry.locked_until, now)
            return None

    def failed(self, name: str, settings: ServerSettings, *, now: datetime) -> ApiError:
        """Count a wrong password; the answer to give (401, 429 if locked meanwhile, or 503)."""
        with self._lock:
            entry = self._names.get(name)
            if entry is not None and entry.locked_until is not None and entry.locked_until > now:
                # Locked by a concurrent attempt while this one was hashing.
                return _locked_out(entry.locked_until, now)
            busy = self._full_for(name, settings, now)
            if busy is not None:
                return busy
            if entry is None or entry.last + settings.failure_memory <= now:
                entry = _Failures(count=0, last=now)
            entry.count += 1
            entry.last = now
            entry.locked_until = None
            if entry.count >= settings.lockout_after:
                entry.count = 0
                entry.locked_until = now + settings.lockout_for
            self._names[name] = entry
            self._names.move_to_end(name)
            return unauthorized(_WRONG_CREDENTIALS)

    def locked_until(self, name: str, *, now: datetime) -> datetime | None:
        with self._lock:
            entry = self._names.get(name)
            if entry is None or entry.locked_until is None or entry.locked_until <= now:
                return None
            return entry.locked_until

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._names.pop(name, None)


def sign_in(
    db: Database,
    settings: ServerSettings,
    request: LoginRequest,
    *,
    now: datetime,
    failures: FailedSignIns,
) -> LoginReply:
    name = request.username
    with db.reader() as session:
        user = session.get(UserRow, name)
        stored = user.password_hash if user else _dummy_hash()
        stored_lock = user.locked_until if user else None
    # A lock written before a restart still holds; every other lock lives in `failures`.
    if stored_lock is not None and stored_lock > now:
        raise _locked_out(stored_lock, now)
    early = failures.refusal(name, now=now)
    if early is not None:
        raise early
    # The KDF runs outside any transaction: it is slow on purpose and must not hold locks.
    # Unknown names check a dummy hash: the same work, the same time.
    password_ok = verify_password(request.password, stored) and user is not None
    with db.writer(changes_cases=False) as session:
        user = session.get(UserRow, name, with_for_update=True)
        refusal: ApiError | None
        if not password_ok or user is None:
            refusal = failures.failed(name, settings, now=now)
            if user is None:
                log.info("sign-in refused: unknown user")
            elif refusal.status == 401:
                append_by(session, principal_of(user), AuditAction.SIGN_IN_FAILED, at=now)
                locked_until = failures.locked_until(name, now=now)
                if locked_until is not None:
                    user.locked_until = locked_until
                    log.warning("user %s locked out after repeated failed sign-ins", name)
                    append_by(
                        session,
                        principal_of(user),
                        AuditAction.LOCKED_OUT,
                        at=now,
                        details={"until": locked_until.isoformat()},
                    )
        elif (lock := failures.locked_until(name, now=now)) is not None:
            # Locked by a concurrent attempt while this one was hashing.
            refusal = _locked_out(lock, now)
        else:
            refusal = None
            failures.succeeded(name)
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
