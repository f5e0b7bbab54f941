"""Reading untrusted files at the boundary: bounded size, one clear error type per caller."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type here: reading a file must not load pydantic
    from pydantic import ValidationError

log = logging.getLogger(__name__)


def read_bounded(path: Path, *, limit: int, error: type[ValueError]) -> bytes:
    """The file's bytes, or `error` with a plain message if unreadable or larger than `limit`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(f"{path} is larger than {limit:,} bytes")
    return data


def validation_problems(exc: ValidationError, *, limit: int = 5) -> str:
    """A pydantic validation error as one line: `field.path: message; ...`."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}"
        for e in exc.errors()[:limit]
    )
