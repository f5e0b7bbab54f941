"""Deterministic demo data: missions, travellers' declarations, lab reports and their faults.

The reference server seeds its database from `generate`; the review checks
test themselves against it (every `DemoFault` is one thing a check must
catch); the benchmarks make up to 100,000 declarations with it.
"""

from __future__ import annotations

from server.demodata.generator import DemoDeclaration, DemoFault, generate
from server.demodata.missions import (
    DemoMission,
    MissionPolicy,
    PolicyError,
    demo_missions,
    load_policy,
    mission_policies,
)
from server.demodata.reports import LabReport, edit_lab_report, render_lab_report

__all__ = [
    "DemoDeclaration",
    "DemoFault",
    "DemoMission",
    "LabReport",
    "MissionPolicy",
    "PolicyError",
    "demo_missions",
    "edit_lab_report",
    "generate",
    "load_policy",
    "mission_policies",
    "render_lab_report",
]
