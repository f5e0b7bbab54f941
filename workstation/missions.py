"""Who a mission is, as its certificates name it: full names in Chinese and English, and place.

The facts come from the mission's file in `resources/demo/policies/<CODE>.toml` (the same
file the review policy and the demo server read: one source for a mission's data), keys
`name`, `name_zh`, `place` and `place_zh`. A mission without a file, or a file without the
Chinese name, still gets a certificate: the names then fall back to the consular service
and the mission code, so nothing is invented.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass
from typing import Final

import resources

log = logging.getLogger(__name__)

_MISSION_CODE: Final = re.compile(r"^[A-Z]{3}(-[A-Z]{2,4})?$")
_MAX_FILE_BYTES: Final = 1024 * 1024
SERVICE_NAME_ZH: Final = "中华人民共和国驻外使领馆"
SERVICE_NAME_EN: Final = "Consular Service of the People's Republic of China"


@dataclass(frozen=True)
class MissionIdentity:
    """A mission as its paper names it (e.g. 中华人民共和国驻伦敦总领事馆, London)."""

    code: str
    name_en: str
    name_zh: str
    place_en: str = ""
    place_zh: str = ""

    @classmethod
    def unknown(cls, code: str) -> MissionIdentity:
        """A mission we hold no data for: the service's name with the code, never a guess."""
        return cls(code=code, name_en=f"{SERVICE_NAME_EN} ({code})", name_zh=SERVICE_NAME_ZH)

    @property
    def place(self) -> str:
        """The place in both languages, e.g. "伦敦 London" (or whichever of the two is known)."""
        return " ".join(part for part in (self.place_zh, self.place_en) if part)


def mission_identity(code: str) -> MissionIdentity:
    """The packaged identity of mission `code` (a fallback naming the code when there is none)."""
    if not _MISSION_CODE.match(code):
        raise ValueError(f"{code!r} is not a mission code such as GBR-LON")
    return _packaged(code)


@functools.cache
def _packaged(code: str) -> MissionIdentity:
    path = resources.path("demo", "policies", f"{code}.toml")
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise ValueError("too large")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.info("no mission data for %s; the certificate names the mission by its code", code)
        return MissionIdentity.unknown(code)
    except (OSError, ValueError) as exc:
        log.warning("mission data of %s cannot be read (%s); using its code", code, exc)
        return MissionIdentity.unknown(code)
    names = {key: raw.get(key) for key in ("name", "name_zh", "place", "place_zh")}
    if not all(isinstance(value, str | None) for value in names.values()):
        log.warning("mission data of %s has names that are not text; using its code", code)
        return MissionIdentity.unknown(code)
    fallback = MissionIdentity.unknown(code)
    return MissionIdentity(
        code=code,
        name_en=(names["name"] or fallback.name_en).strip(),
        name_zh=(names["name_zh"] or fallback.name_zh).strip(),
        place_en=(names["place"] or "").strip(),
        place_zh=(names["place_zh"] or "").strip(),
    )
