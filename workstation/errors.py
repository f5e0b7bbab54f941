"""What can go wrong talking to the central server, in words an officer can act on."""

from __future__ import annotations


class CentralError(Exception):
    """Base of every client error; `str(error)` is a sentence for the user."""


class Unreachable(CentralError):
    """No answer: the network is down, the server is stopped, or it took too long."""


class ConnectionLost(Unreachable):
    """The answer broke off mid-way (connection cut, truncated or undecodable body).

    The server may have done what was asked; only calls that are safe to repeat
    (idempotent, or carrying a request id the server replays) are sent again.
    """


class TLSNotTrusted(CentralError):
    """The server's certificate is not trusted (unknown CA, wrong host name, expired)."""


class InsecureServerURL(CentralError):
    """Plain http to a host that is not this machine: refused, credentials would travel in clear."""


class AuthenticationFailed(CentralError):
    """Wrong user name or password, or the session expired: sign in again."""


class PermissionDenied(CentralError):
    """The signed-in role may not do this."""


class NotFound(CentralError):
    """No such case or document (or it belongs to another mission)."""


class Conflict(CentralError):
    """The server's state forbids it: someone else holds or decided the case, a limit is reached."""


class Rejected(CentralError):
    """The server refused the request as invalid (it says why)."""


class RateLimited(CentralError):
    """Too many attempts; wait before trying again."""


class ServerFault(CentralError):
    """The server failed (5xx)."""


class MalformedReply(CentralError):
    """The server's answer does not follow the protocol; nothing was changed locally."""


class DocumentIntegrityError(CentralError):
    """A downloaded document's SHA-256 differs from the declared one; it was not stored."""
