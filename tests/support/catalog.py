"""The Simplified Chinese catalog as data, for the tests that check it and those that use it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import resources

CATALOG = resources.path("translations", "consular_zh_CN.ts")
#: A word in Latin letters (untranslated English), and a Chinese character.
LETTERS = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    state: str  # "" when finished; else unfinished, obsolete or vanished

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 (our own catalog, or lupdate's copy of it)


def read_catalog(path: Path) -> list[Message]:
    root = parse(path)
    return [
        Message(
            context=context.findtext("name") or "",
            source=message.findtext("source") or "",
            comment=message.findtext("comment") or "",
            translation=message.findtext("translation") or "",
            state=(message.find("translation") or ET.Element("t")).get("type", ""),
        )
        for context in root.iter("context")
        for message in context.iter("message")
    ]
