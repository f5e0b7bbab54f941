"""Traveller intake: uploads checked at the boundary, re-declarations, supersede and revoke."""

from __future__ import annotations

import hashlib
import uuid

import requests

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import (
    Upload,
    answer,
    build_declaration,
    decision_body,
    manifest_entry,
    submit,
)
from workstation.domain import CaseStatus, DecisionOutcome, DocumentKind
from workstation.protocol import (
    API_PREFIX,
    MAX_DOCUMENT_BYTES,
    CaseChanges,
    CaseRecord,
    RevocationList,
    SubmissionReceipt,
)


def _receipt(reply: requests.Response) -> SubmissionReceipt:
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content)


def _case(server: CentralServer, mission: str, case_id: uuid.UUID) -> CaseRecord:
    reply = server.sign_in("auditor", mission).get(f"/cases/{case_id}")
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content)


def _nothing_stored(server: CentralServer, mission: str) -> bool:
    feed = server.sign_in("auditor", mission).get("/cases/changes")
    return CaseChanges.model_validate_json(feed.content).cases == []


def _decide(
    server: CentralServer, mission: str, case_id: uuid.UUID, body: dict[str, object]
) -> None:
    officer = server.sign_in("officer", mission)
    assert officer.post(f"/cases/{case_id}/claim", json={}).status_code == 200
    reply = officer.put(f"/cases/{case_id}/decisions/{uuid.uuid4()}", json=body)
    assert reply.status_code == 201, reply.text


def test_a_declaration_and_its_documents_are_taken_in(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission, kinds=("pdf", "jpg", "png"))
    receipt = _receipt(submit(server.url, upload))
    assert receipt.status is CaseStatus.SUBMITTED and receipt.version == 0
    assert len(receipt.traveller_token) >= 32
    case = _case(server, mission, receipt.case_id)
    assert case.content == upload.submission.content
    assert [(d.filename, d.media_type, d.sha256) for d in case.documents] == [
        (
            "report-1.pdf",
            "application/pdf",
            hashlib.sha256(upload.files["report-1.pdf"]).hexdigest(),
        ),
        ("report-2.jpg", "image/jpeg", hashlib.sha256(upload.files["report-2.jpg"]).hexdigest()),
        ("report-3.png", "image/png", hashlib.sha256(upload.files["report-3.png"]).hexdigest()),
    ]


def test_a_file_that_does_not_match_its_manifest_is_refused(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission)
    tampered = Upload(upload.submission, {"report-1.pdf": upload.files["report-1.pdf"] + b"x"})
    reply = submit(server.url, tampered)
    assert reply.status_code == 422
    assert "does not match its SHA-256" in reply.json()["message"]
    assert _nothing_stored(server, mission)


def test_uploads_that_are_not_documents_or_not_in_the_manifest_are_refused(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission)
    script = b"#!/bin/sh\necho hello\n"
    disguised = upload.submission.model_copy(
        update={"documents": [manifest_entry("report-1.pdf", script, DocumentKind.NAAT_REPORT)]}
    )
    cases = {
        "is not a PDF, JPEG or PNG": Upload(disguised, {"report-1.pdf": script}),
        "no such file was uploaded": Upload(upload.submission, {}),
        "not in the manifest": Upload(
            upload.submission, {**upload.files, "extra.pdf": b"%PDF-1.4"}
        ),
    }
    for expected, bad in cases.items():
        reply = submit(server.url, bad)
        assert reply.status_code == 422, expected
        assert expected in reply.json()["message"]
    invalid_json = requests.post(
        f"{server.url}{API_PREFIX}/declarations",
        files=[("submission", (None, '{"mission": "GBR-LON"}', "application/json"))],
        timeout=30,
    )
    assert invalid_json.status_code == 422
    assert invalid_json.json()["details"], "validation errors say where"
    unknown_mission = build_declaration(mission="ZZZ-NOP")
    assert submit(server.url, unknown_mission).status_code == 422
    assert _nothing_stored(server, mission)


def test_declaring_the_same_trip_twice_is_a_conflict(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    first = build_declaration(mission=mission, document_number="E12345678")
    _receipt(submit(server.url, first))
    again = build_declaration(mission=mission, document_number="E12345678")
    reply = submit(server.url, again)
    assert reply.status_code == 409
    assert "re-declare" in reply.json()["message"]


def test_redeclaration_supersedes_and_is_limited_to_two(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission)
    v0 = _receipt(submit(server.url, upload))
    wrong_token = submit(server.url, upload.redeclared(v0.case_id), traveller_token="x" * 43)
    assert wrong_token.status_code == 403
    v1 = _receipt(
        submit(server.url, upload.redeclared(v0.case_id), traveller_token=v0.traveller_token)
    )
    assert (v1.version, v1.superseded, v1.revoked_certificate) == (1, v0.case_id, None)
    old = _case(server, mission, v0.case_id)
    assert old.status is CaseStatus.SUPERSEDED and old.superseded_by == v1.case_id
    assert _case(server, mission, v1.case_id).supersedes == v0.case_id
    stale = submit(server.url, upload.redeclared(v0.case_id), traveller_token=v0.traveller_token)
    assert stale.status_code == 409
    v2 = _receipt(
        submit(server.url, upload.redeclared(v1.case_id), traveller_token=v1.traveller_token)
    )
    assert v2.version == 2
    third = submit(server.url, upload.redeclared(v2.case_id), traveller_token=v2.traveller_token)
    assert third.status_code == 409
    assert "re-declaration limit reached" in third.json()["message"]
    assert _case(server, mission, v2.case_id).status is CaseStatus.SUBMITTED


def test_redeclaring_an_approved_case_revokes_its_certificate(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission)
    v0 = _receipt(submit(server.url, upload))
    _decide(server, mission, v0.case_id, decision_body())
    certificate = _case(server, mission, v0.case_id).certificate
    assert certificate is not None and certificate.revoked_at is None
    before = RevocationList.model_validate_json(server.api().get("/revocations").content)
    uvci_hash = hashlib.sha256(certificate.certificate_id.encode()).hexdigest()
    assert uvci_hash not in before.revoked_uvci_sha256
    v1 = _receipt(
        submit(server.url, upload.redeclared(v0.case_id), traveller_token=v0.traveller_token)
    )
    assert v1.revoked_certificate == certificate.certificate_id
    old = _case(server, mission, v0.case_id)
    assert old.status is CaseStatus.REVOKED
    assert old.certificate is not None and old.certificate.revoked_at is not None
    after = RevocationList.model_validate_json(server.api().get("/revocations").content)
    assert uvci_hash in after.revoked_uvci_sha256
    # The clerk's feed shows the revocation, so the certificate is not printed again.
    clerk_feed = CaseChanges.model_validate_json(
        server.sign_in("clerk", mission).get("/cases/changes").content
    )
    assert [(c.case_id, c.status) for c in clerk_feed.cases] == [(v0.case_id, CaseStatus.REVOKED)]


def test_answering_a_request_for_information_requeues_the_case(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    v0 = _receipt(submit(server.url, build_declaration(mission=mission)))
    early = answer(server.url, v0.case_id, traveller_token=v0.traveller_token)
    assert early.status_code == 409, "nothing was asked yet"
    _decide(
        server,
        mission,
        v0.case_id,
        decision_body(DecisionOutcome.REQUEST_INFO, note="test too old"),
    )
    assert answer(server.url, v0.case_id, traveller_token="y" * 43).status_code == 403
    reply = answer(server.url, v0.case_id, traveller_token=v0.traveller_token, kinds=("jpg",))
    assert reply.status_code == 200, reply.text
    case = _case(server, mission, v0.case_id)
    assert case.status is CaseStatus.SUBMITTED
    assert [d.filename for d in case.documents] == ["report-1.pdf", "supplement-1.jpg"]
    assert case.decision is not None and case.decision.outcome is DecisionOutcome.REQUEST_INFO


def test_a_document_over_the_size_limit_is_refused(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission)
    oversized = b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES
    manifest = [manifest_entry("report-1.pdf", oversized, DocumentKind.COMBINED_REPORT)]
    submission = upload.submission.model_copy(update={"documents": manifest})
    reply = submit(server.url, Upload(submission, {"report-1.pdf": oversized}))
    assert reply.status_code == 413
    assert str(MAX_DOCUMENT_BYTES) in reply.json()["message"]
    assert _nothing_stored(server, mission)
