"""A demo traveller: holder, travel document, residence, occupation and, for some, a declarant."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, TypeVar

from server.demodata.people import (
    NATIONALITIES,
    Nationality,
    document_number,
    draw_name,
    family_of,
)
from server.demodata.places import HostCountry, format_address
from workstation.domain import IdentityCategory, Sex, TravelDocumentType
from workstation.protocol import Address, Declarant, Holder, PersonName, TravelDocument

log = logging.getLogger(__name__)

K = TypeVar("K")

_C = IdentityCategory
_CHINESE_MIX: Final = (
    (_C.STUDENT, 40),
    (_C.WORKER, 25),
    (_C.RESIDENT_ABROAD, 15),
    (_C.SHORT_TERM_VISITOR, 12),
    (_C.CREW, 3),
    (_C.OTHER, 5),
)
_FOREIGN_MIX: Final = (
    (_C.WORKER, 50),
    (_C.STUDENT, 12),
    (_C.SHORT_TERM_VISITOR, 18),
    (_C.RESIDENT_ABROAD, 10),
    (_C.OTHER, 10),
)
_AGES: Final = {
    _C.STUDENT: (18, 32),
    _C.WORKER: (23, 62),
    _C.RESIDENT_ABROAD: (25, 69),
    _C.SHORT_TERM_VISITOR: (20, 65),
    _C.CREW: (22, 58),
    _C.OTHER: (18, 69),
}
_VISITING_FROM_CHINA: Final = (
    "China National Petroleum Corporation",
    "Zhejiang Geely Holding Group",
    "Tsinghua University",
    "Fudan University",
    "China Merchants Group",
    "BYD Company Limited",
    "",
)
_OFFICIAL_EMPLOYERS: Final = (
    "Embassy of the People's Republic of China",
    "Xinhua News Agency",
    "China Media Group",
    "Economic and Commercial Office of the Chinese Embassy",
    "Bank of China",
)
_AIRLINES: Final = ("Air China Limited", "China Eastern Airlines", "China Southern Airlines")
_CN_MOBILE: Final = ("138", "139", "135", "186", "187", "150", "151", "158", "177", "199")


@dataclass(frozen=True)
class Traveller:
    """Everything about a person that stays the same when they re-declare the same trip."""

    nationality: Nationality
    holder: Holder
    travel_document: TravelDocument
    residence: Address
    employer: str
    identity_category: IdentityCategory
    declarant: Declarant | None


def weighted(rng: random.Random, table: tuple[tuple[K, int], ...]) -> K:
    """One of the keys, drawn with the given integer weights."""
    values = [value for value, _ in table]
    return rng.choices(values, weights=[weight for _, weight in table])[0]


def _mobile(rng: random.Random, host: HostCountry, *, chinese: bool) -> str:
    if chinese:
        return "+86" + rng.choice(_CN_MOBILE) + f"{rng.randrange(10**8):08d}"
    calling = {"GB": "+44", "DE": "+49", "JP": "+81"}[host.alpha2]
    digits = f"{rng.randrange(10**host.mobile_digits):0{host.mobile_digits}d}"
    return calling + rng.choice(host.mobile_prefixes) + digits


def _born(rng: random.Random, today: date, low: int, high: int) -> date:
    age_days = rng.randrange(low * 365 + 1, high * 365 + 364)
    return today - timedelta(days=age_days)


def _sex(rng: random.Random, nationality: Nationality) -> Sex:
    if nationality.x_marker and rng.random() < 0.05:
        return Sex.UNSPECIFIED
    return Sex.FEMALE if rng.random() < 0.5 else Sex.MALE


def _document(
    rng: random.Random,
    nationality: Nationality,
    kind: TravelDocumentType,
    today: date,
    used: set[str],
) -> TravelDocument:
    number = document_number(rng, nationality, kind)
    while number in used:
        number = document_number(rng, nationality, kind)
    used.add(number)
    years = {TravelDocumentType.TRAVEL_DOCUMENT: 2, TravelDocumentType.OTHER: 5}.get(kind, 10)
    expiry: date | None = today + timedelta(days=rng.randrange(120, years * 365))
    if kind is TravelDocumentType.OTHER and rng.random() < 0.5:
        expiry = None
    issuer = "CN" if nationality.chinese_citizen else nationality.country
    return TravelDocument(type=kind, number=number, issuing_country=issuer, expiry_date=expiry)


def _declarant(
    rng: random.Random,
    nationality: Nationality,
    name: PersonName,
    host: HostCountry,
    *,
    relationship: str,
    sex: Sex,
) -> Declarant:
    if relationship == "carer":
        other = draw_name(rng, nationality, sex)
    else:
        other = draw_name(rng, nationality, sex, family=family_of(nationality, name))
    return Declarant(
        name=other.latin,
        relationship=relationship,
        mobile_phone=_mobile(rng, host, chinese=False),
    )


def make_traveller(
    rng: random.Random, host: HostCountry, *, reference: datetime, used_numbers: set[str]
) -> Traveller:
    """A plausible resident of `host` about to fly to China."""
    today = reference.date()
    nationality = NATIONALITIES[weighted(rng, host.nationalities)]
    kind = weighted(rng, nationality.documents)
    sex = _sex(rng, nationality)
    name = draw_name(rng, nationality, sex)
    street = rng.choice(host.streets)
    residence = Address(
        line=format_address(
            street,
            house=rng.randrange(1, 240),
            flat=rng.randrange(1, 40) if rng.random() < 0.35 else None,
            style=host.address_style,
        ),
        city=street.city,
        country=host.alpha2,
    )
    chinese_phone = nationality.chinese_citizen and rng.random() < 0.12
    declarant: Declarant | None = None
    stage = rng.random()
    if stage < 0.04:  # a child, declared by a parent
        birth = _born(rng, today, 1, 15)
        category = _C.STUDENT if today.year - birth.year >= 6 else _C.OTHER
        employer = ""
        parent_sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
        relationship = "mother" if parent_sex is Sex.FEMALE else "father"
        declarant = _declarant(
            rng, nationality, name, host, relationship=relationship, sex=parent_sex
        )
        phone = declarant.mobile_phone
    elif stage < 0.10:  # elderly, most declared by a son, a daughter or a carer
        birth = _born(rng, today, 70, 92)
        category = _C.RESIDENT_ABROAD if rng.random() < 0.7 else _C.OTHER
        employer = "Retired"
        phone = _mobile(rng, host, chinese=chinese_phone)
        if rng.random() < 0.7:
            relationship = rng.choice(("son", "daughter", "son", "daughter", "carer"))
            child_sex = Sex.FEMALE if relationship == "daughter" else Sex.MALE
            declarant = _declarant(
                rng, nationality, name, host, relationship=relationship, sex=child_sex
            )
    else:
        category = weighted(rng, _CHINESE_MIX if nationality.chinese_citizen else _FOREIGN_MIX)
        if kind is TravelDocumentType.OTHER:
            category = _C.CREW
        birth = _born(rng, today, *_AGES[category])
        employer = _employer(rng, host, nationality, category, kind, street.city)
        phone = _mobile(rng, host, chinese=chinese_phone)
        if rng.random() < 0.01:
            spouse_sex = Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE
            declarant = _declarant(
                rng, nationality, name, host, relationship="spouse", sex=spouse_sex
            )
    holder = Holder(
        name=name, sex=sex, date_of_birth=birth, nationality=nationality.country, mobile_phone=phone
    )
    return Traveller(
        nationality=nationality,
        holder=holder,
        travel_document=_document(rng, nationality, kind, today, used_numbers),
        residence=residence,
        employer=employer,
        identity_category=category,
        declarant=declarant,
    )


def _employer(
    rng: random.Random,
    host: HostCountry,
    nationality: Nationality,
    category: IdentityCategory,
    kind: TravelDocumentType,
    city: str,
) -> str:
    if not kind.is_passport or kind is TravelDocumentType.ORDINARY_PASSPORT:
        if category is _C.STUDENT:
            local = [name for name, where in host.universities if where == city]
            return rng.choice(local or [name for name, _ in host.universities])
        if category is _C.CREW:
            return (
                "COSCO Shipping Lines Co., Ltd"
                if kind is TravelDocumentType.OTHER
                else rng.choice(_AIRLINES)
            )
        if category is _C.SHORT_TERM_VISITOR and nationality.chinese_citizen:
            return rng.choice(_VISITING_FROM_CHINA)
        if category is _C.RESIDENT_ABROAD:
            return rng.choice((*host.employers, "Self-employed", ""))
        if category is _C.OTHER:
            return ""
        return rng.choice(host.employers)
    return (
        rng.choice(_OFFICIAL_EMPLOYERS)
        if nationality.chinese_citizen
        else "Ministry of Foreign Affairs"
    )
