"""What a lab report prints in Simplified Chinese: labels, titles, results and dates.

Chinese laboratories, and laboratories abroad that serve Chinese travellers, print their
reports in Chinese: 姓名, 护照/证件号码, 采样时间, 检测结果：阴性. The passport name and
number, the laboratory's own name and the report number stay in Latin letters, as they
are on such reports. Which reports are printed so is decided from the report number
alone (never from the generator's random sequence, which would move every case after it).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from workstation.domain import Sex, TestKind, TestResult
from workstation.protocol import LabTest

log = logging.getLogger(__name__)

#: One report in this many (by its number) is printed in Chinese.
CHINESE_ONE_IN: Final = 4


#: Of those, one in this many writes its dates 2024年03月01日 08时30分 (the rest 2024-03-01 08:30).
_CHINESE_DATES_ONE_IN: Final = 4


class ReportLayout(StrEnum):
    ENGLISH = "english"
    CHINESE = "chinese"


def _digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def layout_for(report_number: str) -> ReportLayout:
    """The language a demo report is printed in, from its number only."""
    chinese = _digest("layout", report_number) % CHINESE_ONE_IN == 0
    return ReportLayout.CHINESE if chinese else ReportLayout.ENGLISH


# Labels of the Chinese layout, in the order the report prints them.
NAME: Final = "姓名："
CHINESE_NAME: Final = "中文姓名："
BIRTH: Final = "出生日期："
SEX: Final = "性别："
DOCUMENT: Final = "护照/证件号码："
SPECIMEN: Final = "样本类型："
METHOD: Final = "检测方法："
SAMPLE: Final = "采样时间："
RESULT: Final = "检测结果："
MEASURE: Final = "检测值："
ISSUED: Final = "报告时间："
LABORATORY: Final = "检测机构："
AUTHORISED: Final = "审核人："
REPORT_DATE: Final = "报告日期："
INTERPRETATION: Final = "说明：阴性结果不能完全排除感染，须结合临床及流行病学资料综合判断。"

_SEXES: Final = {Sex.FEMALE: "女", Sex.MALE: "男", Sex.UNSPECIFIED: "未说明"}
_ANALYTES: Final = {
    TestKind.NAAT: "新型冠状病毒核酸检测（RT-PCR）",
    TestKind.IGM_ANTIBODY: "新型冠状病毒IgM抗体检测",
    TestKind.IGG_ANTIBODY: "新型冠状病毒IgG抗体检测",
}
_SPECIMENS: Final = {
    TestKind.NAAT: "鼻咽拭子、口咽拭子",
    TestKind.IGM_ANTIBODY: "静脉血清",
    TestKind.IGG_ANTIBODY: "静脉血清",
}
_METHODS: Final = {
    TestKind.NAAT: "实时荧光RT-PCR法（ORF1ab/N基因）",
    TestKind.IGM_ANTIBODY: "化学发光免疫分析法（CLIA）",
    TestKind.IGG_ANTIBODY: "化学发光免疫分析法（CLIA）",
}


def title(kinds: set[TestKind]) -> str:
    antibodies = "及".join(
        name
        for kind, name in ((TestKind.IGM_ANTIBODY, "IgM"), (TestKind.IGG_ANTIBODY, "IgG"))
        if kind in kinds
    )
    if TestKind.NAAT in kinds and antibodies:
        return f"新型冠状病毒核酸及{antibodies}抗体检测报告"
    if TestKind.NAAT in kinds:
        return "新型冠状病毒核酸检测报告"
    return f"新型冠状病毒{antibodies}抗体检测报告"


def report_number(number: str) -> str:
    return f"报告编号：{number}"


def sex(value: Sex) -> str:
    return _SEXES[value]


def analyte(kind: TestKind) -> str:
    return _ANALYTES[kind]


def specimen(kind: TestKind) -> str:
    return _SPECIMENS[kind]


def method(kind: TestKind) -> str:
    return _METHODS[kind]


def result(test: LabTest) -> str:
    positive = test.result is TestResult.POSITIVE
    if test.kind is TestKind.NAAT:
        return "阳性（检出）" if positive else "阴性（未检出）"
    return "阳性（有反应性）" if positive else "阴性（无反应性）"


def moment(value: datetime, report: str) -> str:
    """A time as the report prints it (UTC wall time): ISO or 年月日 style, by report number."""
    utc = value.astimezone(UTC)
    if _digest("dates", report) % _CHINESE_DATES_ONE_IN:
        return utc.strftime("%Y-%m-%d %H:%M")
    return utc.strftime("%Y年%m月%d日 %H时%M分")
