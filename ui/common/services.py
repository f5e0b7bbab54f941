"""Everything a signed-in window needs, built once and passed down (no global singletons)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from review.analysis.analyser import DocumentAnalyser
from review.assessment import CaseAssessor
from review.policy import MissionPolicy, load_policy, packaged_policy
from ui.common.changes import ChangeHub
from ui.common.operations import ErrorRoute, Pools
from workstation.client import CentralClient
from workstation.config import Settings
from workstation.outbox import Outbox
from workstation.protocol import UserInfo
from workstation.store import Store
from workstation.sync import SyncEngine

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: Store
    client: CentralClient
    sync: SyncEngine
    outbox: Outbox
    analyser: DocumentAnalyser
    assessor: CaseAssessor
    pools: Pools
    errors: ErrorRoute
    changes: ChangeHub

    @property
    def user(self) -> UserInfo:
        assert self.client.user is not None, "services exist only for a signed-in client"
        return self.client.user

    @property
    def policy(self) -> MissionPolicy:
        return self.assessor.policy

    def close(self) -> None:
        self.pools.wait()
        self.assessor.forget_facts()
        self.analyser.close()
        self.client.logout()
        self.client.close()


def mission_policy(settings: Settings, mission: str) -> MissionPolicy:
    return load_policy(settings.policy_file) if settings.policy_file else packaged_policy(mission)


def open_services(
    *, settings: Settings, store: Store, client: CentralClient, pools: Pools, errors: ErrorRoute
) -> Services:
    """Services for a signed-in client (the local store resets if the server or mission changed)."""
    user = client.user
    assert user is not None
    store.reset_for_server(client.base_url, user.mission)
    analyser = DocumentAnalyser()
    analyser.start()  # the first document opens faster with a worker already running
    assessor = CaseAssessor(store, analyser, mission_policy(settings, user.mission))
    # New cases are checked as each page is stored, while their records are in memory.
    sync = SyncEngine(
        client, store, page_size=settings.sync_page_size, check=assessor.declaration_verdict
    )
    return Services(
        settings=settings,
        store=store,
        client=client,
        sync=sync,
        outbox=Outbox(store),
        analyser=analyser,
        assessor=assessor,
        pools=pools,
        errors=errors,
        changes=ChangeHub(),
    )
