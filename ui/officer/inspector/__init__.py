"""The document inspector: a case's uploaded documents, their text and their facts."""

from __future__ import annotations

from ui.officer.inspector.inspector import DocumentInspector

__all__ = ["DocumentInspector"]
