"""Soak under faults: nothing lost, nothing doubled, while servers and workstations are killed.

Two reference server processes share one database (PostgreSQL when
`CW_TEST_POSTGRES_URL` or `--database-url` names one; a fresh `cw_soak_<hex>`
database is made and dropped; SQLite otherwise). A loopback proxy in front of
them balances the requests, fails over when one is down, and cuts replies after
the server acted (no status line, or a body broken off). Four headless officer
workstations (two missions, each its own SQLite store and outbox) claim and
decide the declarations; two clerk workstations record prints of the approved
ones. Meanwhile the chaos loop SIGKILLs a server now and then (and starts it
again on the same port), SIGKILLs workstations at random moments, and some
right after a decision was committed to the outbox and before it was delivered;
a killed workstation is started again on its own store.

At the end it checks, on the server and in every workstation's store:

- decisions: decisions our officers made (each `DECIDED` audit entry);
- lost: decisions committed to an outbox that the server does not hold under that
  entry's idempotency key (and were not refused);
- duplicated: cases decided more than once, and print ids stored twice;
- double_claimed: claims taken while another officer's claim was live;
- chains_ok: `audit verify --full` of both missions (hash chain and checkpoints);
- rss_peak_mb: the largest peak RSS of a workstation process.

The last line is

    decisions=<n> lost=0 duplicated=0 double_claimed=0 chains_ok=1 rss_peak_mb=<f>

Usage: python benchmarks/soak.py [--cases 1000] [--database-url URL] [--minutes 40]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import itertools
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

MISSIONS = ("GBR-LON", "DEU-BER")
LEASE_SECONDS = 20
#: After committing a decision, this share of officers announce it and wait to be killed.
KILL_AFTER_COMMIT = 0.04
CUT_SHARE = 0.05


# -- the workstations (run as child processes of this script) -----------------------------------


def officer(url: str, user: str, store_url: str) -> int:
    """Claim, decide into the outbox, deliver; until the mission's queue is empty."""
    from workstation import errors
    from workstation.client import CentralClient
    from workstation.domain import DecisionOutcome, ReasonCode
    from workstation.protocol import DecisionRequest
    from workstation.store import Store
    from workstation.sync import SyncEngine

    store = Store.open(store_url)
    client = CentralClient(url, timeout_s=10)
    engine = SyncEngine(client, store)
    _sign_in(client, user)
    empty = 0
    while True:
        try:
            if client.user is None:
                _sign_in(client, user)
            _reject_refused(engine, user, engine.deliver_outbox())
            case = client.next_case(lease_seconds=LEASE_SECONDS)
            if case is None:
                if engine.outbox.counts().pending == 0:
                    empty += 1
                    if empty >= 3:
                        return 0
                time.sleep(1.0)
                continue
            empty = 0
            outcome = random.choice([DecisionOutcome.APPROVE, DecisionOutcome.REJECT])
            decision = DecisionRequest(
                outcome=outcome,
                reason_codes=[
                    ReasonCode.ALL_CHECKS_PASSED
                    if outcome is DecisionOutcome.APPROVE
                    else ReasonCode.OTHER
                ],
                note="soak" if outcome is DecisionOutcome.APPROVE else "soak: rejected",
                decided_at=datetime.now(UTC),
            )
            assert client.user is not None
            entry = engine.outbox.record_decision(
                case_id=case.case_id, actor=client.user.username, decision=decision
            )
            if random.random() < KILL_AFTER_COMMIT:
                print(f"committed {entry}", flush=True)  # the controller kills us here
                time.sleep(30)
            _reject_refused(engine, client.user.username, engine.deliver_outbox())
        except errors.AuthenticationFailed:
            client.user = None
        except errors.CentralError:
            time.sleep(0.5)


def _reject_refused(engine: Any, user: str, summary: Any) -> None:
    """An approval the mission's policy refuses (a positive test, say): the officer rejects."""
    from workstation.domain import DecisionOutcome, ReasonCode
    from workstation.protocol import DecisionRequest

    for case_id, _reason in summary.refused:
        engine.outbox.record_decision(
            case_id=case_id,
            actor=user,
            decision=DecisionRequest(
                outcome=DecisionOutcome.REJECT,
                reason_codes=[ReasonCode.OTHER],
                note="soak: rejected after the server refused the approval",
                decided_at=datetime.now(UTC),
            ),
        )
    if summary.refused:
        engine.deliver_outbox()


def clerk(url: str, user: str, store_url: str) -> int:
    """Print (record prints of) approved certificates, once each, until told to stop."""
    from sqlalchemy import select

    from workstation import errors
    from workstation.client import CentralClient
    from workstation.models import CaseRow, OutboxEntry
    from workstation.protocol import PrintRequest
    from workstation.store import Store
    from workstation.sync import SyncEngine

    store = Store.open(store_url)
    client = CentralClient(url, timeout_s=10)
    engine = SyncEngine(client, store)
    _sign_in(client, user)
    stop = Path(store_url.removeprefix("sqlite:///") + ".stop")
    while True:
        try:
            if client.user is None:
                _sign_in(client, user)
            engine.deliver_outbox()
            engine.pull()
            with store.reader() as session:
                printed = set(session.scalars(select(OutboxEntry.case_id)).all())
                approved = session.scalars(
                    select(CaseRow).where(CaseRow.status == "approved")
                ).all()
                todo = [row.case_id for row in approved if row.case_id not in printed]
            for case_id in todo[:20]:
                case = client.case(UUID(case_id))
                if case.certificate is None:
                    continue
                assert client.user is not None
                engine.outbox.record_print(
                    case_id=case.case_id,
                    actor=client.user.username,
                    print_request=PrintRequest(
                        certificate_id=case.certificate.certificate_id,
                        case_id=case.case_id,
                        printed_at=datetime.now(UTC),
                        certificate_sha256=hashlib.sha256(case_id.encode()).hexdigest(),
                        kid="soakkid1",
                    ),
                )
            engine.deliver_outbox()
            if not todo and stop.exists() and engine.outbox.counts().pending == 0:
                return 0
            time.sleep(1.0)
        except errors.AuthenticationFailed:
            client.user = None
        except errors.CentralError:
            time.sleep(0.5)


def _sign_in(client: Any, user: str) -> None:
    from workstation import errors

    while True:
        try:
            client.login(user, os.environ["CW_PASSWORD"])
            return
        except errors.Unreachable:
            time.sleep(0.5)


# -- the balancing, connection-cutting proxy ----------------------------------------------------


class Balancer:
    """Round-robin over the live servers; cuts `CUT_SHARE` of the replies after forwarding."""

    def __init__(self, upstreams: list[str], rng: random.Random) -> None:
        self.upstreams = upstreams
        self.cuts = 0
        self._turn = itertools.count()
        self._lock = threading.Lock()
        balancer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("connection", "content-length", "transfer-encoding")
                }
                reply = balancer._send(self.command, self.path, body, headers)
                if reply is None:
                    self.close_connection = True
                    return  # no server answered: the client sees the connection drop
                status, reply_headers, content = reply
                with balancer._lock:
                    cut = rng.random() < CUT_SHARE
                    balancer.cuts += cut
                self.send_response(status)
                for key, value in reply_headers:
                    if key.lower() not in ("connection", "content-length", "transfer-encoding"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                if cut:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(content[: len(content) // 2])
                    self.close_connection = True
                    return
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up on a cut reply: expected here, not news

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        first = next(self._turn)
        for attempt in range(len(self.upstreams)):
            upstream = urlsplit(self.upstreams[(first + attempt) % len(self.upstreams)])
            connection = http.client.HTTPConnection(
                upstream.hostname or "127.0.0.1", upstream.port, timeout=30
            )
            try:
                connection.connect()
            except OSError:
                continue  # that server is down: the other one
            try:
                connection.request(method, path, body=body, headers=headers)
                reply = connection.getresponse()
                return reply.status, reply.getheaders(), reply.read()
            except (OSError, http.client.HTTPException):
                return None  # it died mid-request: the client must cope
            finally:
                connection.close()
        return None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- the controller -----------------------------------------------------------------------------


class Workstation:
    def __init__(self, role: str, user: str, password: str, folder: Path, url: str) -> None:
        self.role, self.user, self.password, self.url = role, user, password, url
        self.store_url = f"sqlite:///{folder / f'{role}-{user}.sqlite3'}"
        self.process: subprocess.Popen[str] | None = None
        self.kills = 0
        self.rss_peak_kb = 0
        self.done = False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", self.role, self.url, self.user, self.store_url],
            stdout=subprocess.PIPE, text=True, cwd=REPOSITORY,
            env={**os.environ, "CW_PASSWORD": self.password, "PYTHONPATH": str(REPOSITORY)},
        )  # fmt: skip
        threading.Thread(target=self._watch, args=(self.process,), daemon=True).start()

    def _watch(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("committed "):
                self.kill()  # between the outbox commit and the delivery

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.sample_rss()
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.kills += 1

    def sample_rss(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.rss_peak_kb = max(self.rss_peak_kb, int(line.split()[1]))

    def poll(self) -> None:
        """Restart after a kill; note when it finished its work."""
        if self.done or self.process is None:
            return
        code = self.process.poll()
        if code == 0:
            self.done = True
        elif code is not None:
            self.start()


def _database(url: str | None, folder: Path) -> tuple[str, Any]:
    if not url:
        return f"sqlite:///{folder / 'central.sqlite3'}", None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = make_url(url)
    name = f"cw_soak_{secrets.token_hex(6)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return admin.set(database=name).render_as_string(hide_password=False), drop


def run(args: argparse.Namespace) -> str:
    from server.harness import ReferenceServerProcess

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="cw-soak-"))
    database_url, drop = _database(args.database_url, folder)
    servers: list[ReferenceServerProcess] = []
    try:
        return _soak(args, rng, folder, database_url, servers)
    finally:
        for server in servers:
            server.stop()
        if drop is not None:
            drop()


def _soak(
    args: argparse.Namespace, rng: random.Random, folder: Path, database_url: str, servers: Any
) -> str:
    from server.harness import ReferenceServerProcess

    # About one demo declaration in twenty is not waiting for an officer (withdrawn by a
    # re-declaration, ...): seed a margin so that at least `--cases` get decided.
    seeded = args.cases * 11 // 10 + len(MISSIONS)
    first = ReferenceServerProcess(
        database_url=database_url,
        workdir=folder,
        seed=seeded,
        extra_args=["--seed-missions", *MISSIONS],
    )
    servers.append(first)
    first.start()
    second = ReferenceServerProcess(database_url=database_url, workdir=folder, demo_users=False)
    servers.append(second)
    second.start()
    second.users = dict(servers[0].users)
    users = servers[0].users
    balancer = Balancer([server.url for server in servers], rng)
    officers = [
        Workstation("officer", name, users[name].password, folder, balancer.url)
        for mission in MISSIONS
        for name in servers[0].usernames("officer", mission)
    ]
    clerks = [
        Workstation("clerk", name, users[name].password, folder, balancer.url)
        for mission in MISSIONS
        for name in servers[0].usernames("clerk", mission)
    ]
    server_kills = 0
    started = time.monotonic()
    try:
        for workstation in officers + clerks:
            workstation.start()
        while not all(w.done for w in officers):
            if time.monotonic() - started > args.minutes * 60:
                raise TimeoutError("the officers did not finish in time")
            time.sleep(1.0)
            for workstation in officers + clerks:
                workstation.sample_rss()
                workstation.poll()
            roll = rng.random()
            if roll < 0.04:
                server = rng.choice(servers)
                port = server.port
                server.kill()
                server_kills += 1
                time.sleep(rng.uniform(0.5, 2.0))
                keep = dict(server.users)
                server.demo_users = False
                server.start(port=port)
                server.users = keep
            elif roll < 0.10:
                victim = rng.choice([w for w in officers + clerks if not w.done] or officers)
                victim.kill()
        for workstation in clerks:
            Path(workstation.store_url.removeprefix("sqlite:///") + ".stop").touch()
        while not all(w.done for w in clerks):
            if time.monotonic() - started > args.minutes * 60:
                raise TimeoutError("the clerks did not finish in time")
            time.sleep(1.0)
            for workstation in clerks:
                workstation.sample_rss()
                workstation.poll()
        figures = _check(servers[0], officers, clerks)
    finally:
        for workstation in officers + clerks:
            workstation.kill()
        balancer.close()
    rss_peak_mb = max(w.rss_peak_kb for w in officers + clerks) / 1024
    print(
        f"cases={args.cases} server_kills={server_kills} "
        f"workstation_kills={sum(w.kills for w in officers + clerks)} cuts={balancer.cuts} "
        f"prints={figures['prints']} refused={figures['refused']} "
        f"seconds={time.monotonic() - started:.0f}"
    )
    return (
        f"decisions={figures['decisions']} lost={figures['lost']} "
        f"duplicated={figures['duplicated']} double_claimed={figures['double_claimed']} "
        f"chains_ok={figures['chains_ok']} rss_peak_mb={rss_peak_mb:.1f}"
    )


def _check(server: Any, officers: list[Workstation], clerks: list[Workstation]) -> dict[str, int]:
    from sqlalchemy import select

    from workstation.client import CentralClient
    from workstation.domain import AuditAction
    from workstation.models import OutboxEntry
    from workstation.store import Store

    entries = []
    for mission in MISSIONS:
        auditor = CentralClient(server.url)
        name = server.user("auditor", mission).username
        auditor.login(name, server.users[name].password)
        after = 0
        while True:
            page = auditor.audit(after=after)
            entries += page.entries
            if not page.has_more:
                break
            after = page.entries[-1].seq
        auditor.close()
    ours = {w.user for w in officers}
    decided = Counter(
        e.case_id for e in entries if e.action is AuditAction.DECIDED and e.actor in ours
    )
    prints = Counter(
        e.details.get("print_id")
        for e in entries
        if e.action in (AuditAction.PRINTED, AuditAction.REPRINTED)
    )
    duplicated = sum(n - 1 for n in decided.values() if n > 1)
    duplicated += sum(n - 1 for key, n in prints.items() if key and n > 1)
    holder: dict[UUID, str | None] = defaultdict(lambda: None)
    double_claimed = 0
    for entry in sorted(entries, key=lambda e: (e.mission, e.seq)):
        if entry.case_id is None:
            continue
        if entry.action is AuditAction.CLAIMED:
            current = holder[entry.case_id]
            if current is not None and current != entry.actor:
                double_claimed += 1
            holder[entry.case_id] = entry.actor
        elif entry.action in (
            AuditAction.RELEASED, AuditAction.LEASE_EXPIRED, AuditAction.DECIDED,
        ):  # fmt: skip
            holder[entry.case_id] = None

    lost = refused = 0
    reader = CentralClient(server.url)
    first = officers[0].user
    reader.login(first, server.users[first].password)
    by_mission = {w.user: w for w in officers}
    for workstation in officers + clerks:
        store = Store.open(workstation.store_url)
        with store.reader() as session:
            rows = session.execute(
                select(
                    OutboxEntry.entry_id, OutboxEntry.case_id, OutboxEntry.state, OutboxEntry.kind
                )
            ).all()
        store.close()
        for entry_id, case_id, state, kind in rows:
            if state == "refused":
                refused += 1
                continue
            if state != "delivered":
                lost += 1
                continue
            if kind == "decision" and workstation.user in by_mission:
                checker = CentralClient(server.url)
                checker.login(workstation.user, server.users[workstation.user].password)
                case = checker.case(UUID(case_id))
                checker.close()
                if case.decision is None or str(case.decision.idempotency_key) != entry_id:
                    lost += 1
    reader.close()
    return {
        "decisions": sum(decided.values()),
        "lost": lost,
        "duplicated": duplicated,
        "double_claimed": double_claimed,
        "chains_ok": int(all(_audit_verify(server, mission) for mission in MISSIONS)),
        "prints": sum(prints.values()),
        "refused": refused,
    }


def _audit_verify(server: Any, mission: str) -> bool:
    name = server.user("auditor", mission).username
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "CW_PASSWORD": server.users[name].password,
            "CW_SERVER_URL": server.url,
            "CW_DATABASE_URL": f"sqlite:///{folder}/audit.sqlite3",
            "CW_CONFIG": f"{folder}/settings.toml",
        }
        result = subprocess.run(
            [sys.executable, "-m", "workstation", "audit", "verify", "--user", name, "--full"],
            env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        print(f"audit verify {mission}: exit {result.returncode}\n{result.stdout[-2000:]}")
    return result.returncode == 0


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        role, url, user, store_url = sys.argv[2:6]
        sys.exit((officer if role == "officer" else clerk)(url, user, store_url))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="declarations to decide")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CW_TEST_POSTGRES_URL"),
        help="an admin URL of a PostgreSQL server (default: $CW_TEST_POSTGRES_URL; else SQLite)",
    )
    parser.add_argument("--minutes", type=float, default=40, help="give up after this long")
    parser.add_argument("--seed", type=int, default=12, help="random seed of the chaos")
    args = parser.parse_args()
    print(json.dumps({"database": (args.database_url or "sqlite").split("://")[0]}))
    print(run(args))


if __name__ == "__main__":
    main()
