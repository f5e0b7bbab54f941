"""Fixtures for the review tests: demo declarations as cases, and a real document analyser.

The demo generator (`server.demodata`) supplies the passing and failing cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from review.analysis.analyser import DocumentAnalyser
from review.policy import packaged_policy
from server.demodata import DemoDeclaration, DemoFault, generate
from tests.support.review_demo import DEMO_COUNT, REFERENCE_TIME, DemoCase, as_case


@pytest.fixture(scope="session")
def analyser() -> Iterator[DocumentAnalyser]:
    with DocumentAnalyser() as shared:
        yield shared


@pytest.fixture(scope="session")
def demo_declarations() -> list[DemoDeclaration]:
    return list(generate(count=DEMO_COUNT, seed=1, reference_time=REFERENCE_TIME))


@pytest.fixture(scope="session")
def demo_cases(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> list[DemoCase]:
    """Every demo declaration as a case, its documents analysed in the sandbox."""
    versions: dict[int, int] = {}
    cases: list[DemoCase] = []
    for index, declaration in enumerate(demo_declarations):
        earlier = declaration.supersedes_index
        versions[index] = 0 if earlier is None else versions[earlier] + 1
        case, files = as_case(declaration, version=versions[index])
        facts = {doc_id: analyser.analyse(data) for doc_id, data in files.items()}
        policy = packaged_policy(case.mission)
        cases.append(DemoCase(index, declaration, case, files, facts, policy))
    return cases


@pytest.fixture(scope="session")
def demo_case(demo_cases: list[DemoCase]) -> Callable[..., DemoCase]:
    """The first demo case with `fault` that satisfies `where`."""

    def pick(
        fault: DemoFault | None, where: Callable[[DemoCase], bool] = lambda c: True
    ) -> DemoCase:
        for case in demo_cases:
            if case.fault is fault and where(case):
                return case
        raise LookupError(f"no demo case with fault {fault} that fits")

    return pick
