"""`CentralClient`: the workstation's only way to talk to the central server.

requests + urllib3 `Retry`: idempotent calls (GET, PUT, DELETE; decisions,
countersignatures and prints are PUTs keyed by their idempotency key) are retried with
backoff on connection errors and 502/503/504; other calls only when the connection was
never made, except `next_case`, whose request id the server replays. A reply
that breaks off (even while its body is read) is `ConnectionLost`, an
`Unreachable`: every transport failure is one of the client's own errors.
TLS verification is always on (a private CA can be added, never turned off).
Every reply is validated against `workstation.protocol`; anything
else raises `MalformedReply` and the caller changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import logging
import time
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import requests
import urllib3.exceptions
from pydantic import BaseModel, TypeAdapter, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from workstation import errors
from workstation.protocol import (
    API_PREFIX,
    MAX_DOCUMENT_BYTES,
    NEXT_CASE_KEY_HEADER,
    AuditCheckpoint,
    AuditPage,
    AuditSigningKey,
    CaseChanges,
    CaseRecord,
    ClaimRequest,
    CountersignRequest,
    DecisionRecord,
    DecisionRequest,
    ErrorReply,
    LoginReply,
    LoginRequest,
    PrintRecord,
    PrintRequest,
    RevocationList,
    ServerInfo,
    UserInfo,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

CONNECT_TIMEOUT_S: Final = 5.0
#: Signing out waits at most this long (one attempt): the token expires by itself anyway.
LOGOUT_TIMEOUT_S: Final = 2.0
USER_AGENT: Final = "consular-workstation/0.1"
#: `next_case` sends its request again this many times when the answer is lost (same request
#: id, so the server replays the case it claimed instead of claiming another).
NEXT_CASE_ATTEMPTS: Final = 3
NEXT_CASE_BACKOFF_S: Final = 0.25

#: What the transport can raise once a request is under way, including while the reply's body
#: is read (outside urllib3's retries): a cut chunked body (`ChunkedEncodingError`), an
#: undecodable one (`ContentDecodingError`), a short Content-Length body or a reset
#: (urllib3's `ProtocolError`, `http.client.IncompleteRead`, `ConnectionResetError`). Every
#: one of them becomes the client's own `ConnectionLost`, never a library exception.
_TRANSPORT_ERRORS: Final = (
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)

_STATUS_ERRORS: Final[dict[int, type[errors.CentralError]]] = {
    400: errors.Rejected,
    401: errors.AuthenticationFailed,
    403: errors.PermissionDenied,
    404: errors.NotFound,
    409: errors.Conflict,
    413: errors.Rejected,
    422: errors.Rejected,
    429: errors.RateLimited,
}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return url.rstrip("/")
    if parts.scheme == "http":
        raise errors.InsecureServerURL(
            f"refusing plain http to {parts.hostname}: use https (http is only for this machine)"
        )
    raise errors.InsecureServerURL(f"not a server address: {url!r}")


def _retry_policy() -> Retry:
    return Retry(
        total=4,
        connect=3,
        read=2,
        status=2,
        backoff_factor=0.25,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )


def _session(adapter: HTTPAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


class CentralClient:
    """One signed-in session with the central server. The bearer token lives only in memory."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 15.0,
        ca_bundle: Path | None = None,
    ) -> None:
        self.base_url = check_server_url(base_url)
        self.timeout = (CONNECT_TIMEOUT_S, timeout_s)
        self._session = _session(HTTPAdapter(max_retries=_retry_policy(), pool_maxsize=8))
        #: For a call that must not linger: one attempt, no retries (signing out).
        self._once = _session(HTTPAdapter(max_retries=0, pool_maxsize=1))
        # TLS verification stays on: a private CA is added, never verification removed. It is
        # passed with every request because requests lets $REQUESTS_CA_BUNDLE override
        # `Session.verify`, which would silently drop the mission's CA.
        self._verify: str | bool = str(ca_bundle) if ca_bundle else True
        self._token: str | None = None
        self.user: UserInfo | None = None
        #: The request id of a `next_case` whose answer never came (see `next_case`).
        self._unanswered_next: UUID | None = None

    def close(self) -> None:
        self._session.close()
        self._once.close()

    @property
    def signed_in(self) -> bool:
        return self._token is not None

    # -- plumbing -------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        stream: bool = False,
        timeout: float | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """One call; with `timeout`, a single attempt that gives up after that many seconds."""
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = body.model_dump_json().encode()
        if extra_headers:
            headers.update(extra_headers)
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            # Always streamed, so that a failure while the body is read is told apart from
            # one before any answer came, and both become the client's own errors.
            response = (self._session if timeout is None else self._once).request(
                method, url, data=data, params=params, headers=headers, stream=True,
                timeout=self.timeout if timeout is None else timeout, verify=self._verify,
            )  # fmt: skip
        except requests.exceptions.SSLError as exc:
            raise errors.TLSNotTrusted(
                f"the server's certificate is not trusted ({urlsplit(url).hostname}): {exc}"
            ) from exc
        except _TRANSPORT_ERRORS as exc:
            raise errors.Unreachable(
                f"the central server at {self.base_url} cannot be reached: {type(exc).__name__}"
            ) from exc
        if not stream or response.status_code >= 400:
            self._read_body(response)
        if response.status_code >= 400:
            raise self._error(response)
        return response

    def _read_body(self, response: requests.Response) -> bytes:
        """The whole body of `response`; a cut or garbled body raises `ConnectionLost`."""
        try:
            return response.content
        except _TRANSPORT_ERRORS as exc:
            response.close()
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> errors.ConnectionLost:
        return errors.ConnectionLost(
            f"the connection to the central server at {self.base_url} broke off before its "
            f"answer was complete ({type(exc).__name__})"
        )

    @staticmethod
    def _error(response: requests.Response) -> errors.CentralError:
        message = f"the server answered {response.status_code} {response.reason}"
        with contextlib.suppress(ValidationError):
            message = ErrorReply.model_validate_json(response.content).message
        if response.status_code >= 500:
            return errors.ServerFault(f"the central server failed: {message}")
        return _STATUS_ERRORS.get(response.status_code, errors.Rejected)(message)

    @staticmethod
    def _parse(response: requests.Response, model: type[M], what: str) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "reply"
            raise errors.MalformedReply(
                f"the server's {what} does not follow the protocol ({where}: {first['msg']}); "
                "nothing was changed"
            ) from exc

    # -- session --------------------------------------------------------------------------------

    def info(self) -> ServerInfo:
        return self._parse(self._request("GET", "/info"), ServerInfo, "information")

    def login(self, username: str, password: str) -> LoginReply:
        request = LoginRequest(username=username, password=password)
        reply = self._parse(self._request("POST", "/auth/login", body=request), LoginReply, "login")
        self._token = reply.token
        self.user = reply.user
        user = reply.user
        log.info("signed in as %s (%s, %s)", user.username, user.role, user.mission)
        return reply

    def logout(self, *, timeout_s: float = LOGOUT_TIMEOUT_S) -> None:
        """End the session on the server; a server that does not answer soon is not waited for
        (the token expires by itself), so closing the app never hangs on a dead network."""
        if self._token:
            try:
                self._request("POST", "/auth/logout", timeout=timeout_s)
            except errors.CentralError as exc:
                log.info("sign-out not confirmed by the server: %s", exc)
        self._token = None
        self.user = None

    def me(self) -> UserInfo:
        return self._parse(self._request("GET", "/auth/me"), UserInfo, "user information")

    # -- cases ----------------------------------------------------------------------------------

    def changes(self, *, since: int, limit: int = 1000) -> CaseChanges:
        response = self._request("GET", "/cases/changes", params={"since": since, "limit": limit})
        page = self._parse(response, CaseChanges, "case feed")
        if page.since != since:
            raise errors.MalformedReply(
                f"the server answered for cursor {page.since}, not {since}; nothing was changed"
            )
        return page

    def case(self, case_id: UUID) -> CaseRecord:
        return self._parse(self._request("GET", f"/cases/{case_id}"), CaseRecord, "case")

    def claim(self, case_id: UUID, *, lease_seconds: int = 900) -> CaseRecord:
        body = ClaimRequest(lease_seconds=lease_seconds)
        response = self._request("POST", f"/cases/{case_id}/claim", body=body)
        return self._parse(response, CaseRecord, "claimed case")

    def release(self, case_id: UUID) -> CaseRecord:
        response = self._request("DELETE", f"/cases/{case_id}/claim")
        return self._parse(response, CaseRecord, "released case")

    def next_case(self, *, lease_seconds: int = 900) -> CaseRecord | None:
        """Claim the next case in the server's order, or None when nothing is waiting.

        The request carries a request id the server stores with the claim and replays
        for the same user: when the answer is lost (the server may have claimed a case),
        the request is sent again under the same id, here a few times and, if the network
        stays down, on the next call, so the officer learns of the case the server gave
        them instead of holding it unknowingly until the lease expires.
        """
        body = ClaimRequest(lease_seconds=lease_seconds)
        if self._unanswered_next is None:
            self._unanswered_next = uuid4()
        headers = {NEXT_CASE_KEY_HEADER: str(self._unanswered_next)}
        for attempt in range(1, NEXT_CASE_ATTEMPTS + 1):
            try:
                response = self._request("POST", "/queue/next", body=body, extra_headers=headers)
                break
            except errors.Unreachable:
                if attempt == NEXT_CASE_ATTEMPTS:
                    raise  # the id is kept: the next call asks again under it
                time.sleep(NEXT_CASE_BACKOFF_S * attempt)
            except errors.CentralError:
                self._unanswered_next = None  # the server answered: the id is spent
                raise
        self._unanswered_next = None
        if response.status_code == 204:
            return None
        return self._parse(response, CaseRecord, "next case")

    def document(self, case_id: UUID, document_id: UUID, *, sha256: str) -> bytes:
        """Download a document; refuse it unless its SHA-256 is the declared one."""
        response = self._request("GET", f"/cases/{case_id}/documents/{document_id}", stream=True)
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        size = 0
        with response:
            try:
                for chunk in response.iter_content(chunk_size=256 * 1024):
                    size += len(chunk)
                    if size > MAX_DOCUMENT_BYTES:
                        raise errors.DocumentIntegrityError(
                            f"document {document_id} is larger than {MAX_DOCUMENT_BYTES} bytes; "
                            "refused"
                        )
                    digest.update(chunk)
                    chunks.append(chunk)
            except _TRANSPORT_ERRORS as exc:
                raise self._lost(exc) from exc
        actual = digest.hexdigest()
        if actual != sha256:
            raise errors.DocumentIntegrityError(
                f"document {document_id} does not match its declared SHA-256 "
                f"(expected {sha256[:16]}…, got {actual[:16]}…); it was not stored"
            )
        return b"".join(chunks)

    def decide(self, case_id: UUID, key: UUID, decision: DecisionRequest) -> DecisionRecord:
        response = self._request("PUT", f"/cases/{case_id}/decisions/{key}", body=decision)
        return self._parse(response, DecisionRecord, "decision receipt")

    def countersign(self, case_id: UUID, key: UUID, request: CountersignRequest) -> CaseRecord:
        """Countersign or send back the case's exception; the case as the server now holds it.

        A replay under the same key answers the case as it is, and records nothing twice.
        """
        response = self._request("PUT", f"/cases/{case_id}/countersignatures/{key}", body=request)
        return self._parse(response, CaseRecord, "countersigned case")

    def record_print(self, print_id: UUID, request: PrintRequest) -> PrintRecord:
        response = self._request("PUT", f"/prints/{print_id}", body=request)
        return self._parse(response, PrintRecord, "print receipt")

    def revocations(self) -> RevocationList:
        return self._parse(self._request("GET", "/revocations"), RevocationList, "revocation list")

    # -- audit ----------------------------------------------------------------------------------

    def audit(self, *, after: int, limit: int = 5000) -> AuditPage:
        response = self._request("GET", "/audit", params={"after": after, "limit": limit})
        return self._parse(response, AuditPage, "audit log page")

    def checkpoints(self, *, after: int = 0) -> list[AuditCheckpoint]:
        response = self._request("GET", "/audit/checkpoints", params={"after": after})
        return self._parse_list(response, AuditCheckpoint, "audit checkpoints")

    def audit_keys(self) -> list[AuditSigningKey]:
        """The public keys the server signs audit checkpoints with."""
        response = self._request("GET", "/audit/keys")
        return self._parse_list(response, AuditSigningKey, "audit signing keys")

    @classmethod
    def _parse_list(cls, response: requests.Response, model: type[M], what: str) -> list[M]:
        try:
            return TypeAdapter(list[model]).validate_json(response.content)  # type: ignore[valid-type]
        except ValidationError as exc:
            raise errors.MalformedReply(
                f"the server's {what} do not follow the protocol: {exc.errors()[0]['msg']}; "
                "nothing was changed"
            ) from exc
