"""Who is calling: a signed-in user with a role in one mission, and what that role may do."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from server.errors import forbidden
from workstation.domain import Permission, Role, can
from workstation.protocol import UserInfo

log = logging.getLogger(__name__)

_WHAT = {
    Permission.READ_CASES: "read the cases",
    Permission.READ_APPROVED: "read approved cases",
    Permission.CLAIM: "claim or release cases",
    Permission.DECIDE: "decide cases",
    Permission.RELEASE_ANY: "release another officer's claim",
    Permission.PRINT: "print certificates",
    Permission.READ_AUDIT: "read the audit log",
}


@dataclass(frozen=True)
class Principal:
    username: str
    display_name: str
    role: Role
    mission: str

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    def require(self, *permissions: Permission) -> None:
        """403 unless the role has at least one of `permissions`."""
        if not any(self.can(p) for p in permissions):
            raise forbidden(f"a {self.role.value} may not {_WHAT[permissions[0]]}")

    def info(self) -> UserInfo:
        return UserInfo(
            username=self.username,
            display_name=self.display_name,
            role=self.role,
            mission=self.mission,
        )
