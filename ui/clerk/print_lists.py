"""The clerk's lists (all certificates, to print, printed, reprints) and their figures."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication

from workstation.domain import CaseStatus
from workstation.queue import PrintView, QueueFilter, print_counts
from workstation.store import Store

CLERK_STATUSES: Final = frozenset({CaseStatus.APPROVED, CaseStatus.REVOKED})


def print_lists() -> list[tuple[str, QueueFilter]]:
    """What is left to print, what was printed, what was printed again; every certificate
    first, so that a batch selection stays whole when its cases move between lists."""
    approved = frozenset({CaseStatus.APPROVED})
    return [
        (
            QCoreApplication.translate("PrintLists", "All certificates"),
            QueueFilter(statuses=CLERK_STATUSES),
        ),
        (
            QCoreApplication.translate("PrintLists", "To print"),
            QueueFilter(statuses=approved, print_view=PrintView.TO_PRINT),
        ),
        (
            QCoreApplication.translate("PrintLists", "Printed"),
            QueueFilter(statuses=CLERK_STATUSES, print_view=PrintView.PRINTED),
        ),
        (
            QCoreApplication.translate("PrintLists", "Reprints"),
            QueueFilter(statuses=CLERK_STATUSES, print_view=PrintView.REPRINTED),
        ),
    ]


def print_figures(store: Store) -> str:
    """The figures above the list: how many certificates each list holds."""
    counts = print_counts(store)
    return QCoreApplication.translate(
        "PrintLists", "To print {0} · printed {1} · reprints {2}"
    ).format(counts[PrintView.TO_PRINT], counts[PrintView.PRINTED], counts[PrintView.REPRINTED])
