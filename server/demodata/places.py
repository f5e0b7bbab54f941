"""Where demo travellers live and fly from: streets, phones, employers, flights, labs.

One `HostCountry` per mission country. The flights are real-looking routes to
China (times are UTC); the unapproved labs are plausible test centres that no
demo policy lists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final, Literal

from workstation.protocol import Laboratory

log = logging.getLogger(__name__)

AddressStyle = Literal["gb", "de", "jp"]


@dataclass(frozen=True)
class Street:
    name: str
    postcode: str
    city: str


@dataclass(frozen=True)
class Leg:
    number: str
    origin: str
    destination: str
    offset_minutes: int  # after the route's first departure
    duration_minutes: int


@dataclass(frozen=True)
class Route:
    departs_utc: tuple[int, int]  # hour, minute of the first leg
    legs: tuple[Leg, ...]

    @property
    def transit_points(self) -> list[str]:
        return [leg.destination for leg in self.legs[:-1]]

    @property
    def duration_minutes(self) -> int:
        last = self.legs[-1]
        return last.offset_minutes + last.duration_minutes


@dataclass(frozen=True)
class HostCountry:
    alpha2: str
    alpha3: str
    address_style: AddressStyle
    streets: tuple[Street, ...]
    mobile_prefixes: tuple[str, ...]
    mobile_digits: int  # after the prefix
    universities: tuple[tuple[str, str], ...]  # name, city
    employers: tuple[str, ...]
    routes: tuple[Route, ...]
    unapproved_labs: tuple[Laboratory, ...]
    #: Nationality keys (see `server.demodata.people`) and their weights among residents.
    nationalities: tuple[tuple[str, int], ...]


def _direct(number: str, route: str, departs: str, duration: str) -> Route:
    origin, destination = route.split("-")
    hour, minute = (int(part) for part in departs.split(":"))
    hours, minutes = (int(part) for part in duration.split(":"))
    return Route((hour, minute), (Leg(number, origin, destination, 0, hours * 60 + minutes),))


def _via(first: Route, number: str, route: str, after: str, duration: str) -> Route:
    """A second leg leaving `after` (h:mm) past the first leg's departure."""
    origin, destination = route.split("-")
    hours, minutes = (int(part) for part in after.split(":"))
    flight_hours, flight_minutes = (int(part) for part in duration.split(":"))
    leg = Leg(number, origin, destination, hours * 60 + minutes, flight_hours * 60 + flight_minutes)
    return Route(first.departs_utc, (*first.legs, leg))


def _labs(country: str, *entries: tuple[str, str]) -> tuple[Laboratory, ...]:
    return tuple(Laboratory(name=name, city=city, country=country) for name, city in entries)


_GB: Final = HostCountry(
    alpha2="GB",
    alpha3="GBR",
    address_style="gb",
    streets=tuple(
        Street(name, postcode, city)
        for name, postcode, city in (
            ("Gower Street", "WC1E 6BT", "London"),
            ("Marchmont Street", "WC1N 1AB", "London"),
            ("Commercial Road", "E1 1LN", "London"),
            ("Holloway Road", "N7 8DB", "London"),
            ("Brixton Hill", "SW2 1RW", "London"),
            ("Camden High Street", "NW1 7JE", "London"),
            ("Old Kent Road", "SE1 5AA", "London"),
            ("Finchley Road", "NW3 6HP", "London"),
            ("Whitechapel Road", "E1 1DU", "London"),
            ("King's Road", "SW3 4UD", "London"),
            ("Mill Road", "CB1 2AD", "Cambridge"),
            ("Hills Road", "CB2 1JP", "Cambridge"),
            ("Cowley Road", "OX4 1HP", "Oxford"),
            ("Iffley Road", "OX4 1EA", "Oxford"),
            ("Oxford Road", "RG1 7LH", "Reading"),
            ("Portswood Road", "SO17 2NG", "Southampton"),
        )
    ),
    mobile_prefixes=("7700900",),  # Ofcom's range reserved for drama: never a real phone
    mobile_digits=3,
    universities=(
        ("University College London", "London"),
        ("Imperial College London", "London"),
        ("King's College London", "London"),
        ("London School of Economics and Political Science", "London"),
        ("Queen Mary University of London", "London"),
        ("University of Cambridge", "Cambridge"),
        ("University of Oxford", "Oxford"),
        ("University of Reading", "Reading"),
        ("University of Southampton", "Southampton"),
    ),
    employers=(
        "Bank of China (UK) Limited",
        "Huawei Technologies (UK) Co., Ltd",
        "HSBC UK Bank plc",
        "Guy's and St Thomas' NHS Foundation Trust",
        "Arup Group Limited",
        "China Construction Bank (London) Limited",
        "Rolls-Royce plc",
        "ByteDance (UK) Limited",
        "Lloyd's of London",
        "Reed Smith LLP",
    ),
    routes=(
        _direct("CA938", "LHR-PEK", "20:30", "10:10"),
        _direct("MU552", "LHR-PVG", "12:30", "11:05"),
        _direct("CZ674", "LHR-CAN", "20:00", "11:40"),
        _direct("VS250", "LHR-PVG", "19:15", "11:20"),
        _via(_direct("LH903", "LHR-FRA", "06:40", "1:35"), "CA966", "FRA-PEK", "4:50", "9:20"),
        _via(_direct("AY1332", "LHR-HEL", "07:25", "2:50"), "AY57", "HEL-PVG", "5:35", "9:40"),
        _via(_direct("KL1000", "LHR-AMS", "06:30", "1:15"), "KL897", "AMS-PEK", "4:10", "9:35"),
    ),
    unapproved_labs=_labs(
        "GB",
        ("QuickSwab Express Testing Centre", "London"),
        ("Greenwich Rapid Test Clinic", "London"),
        ("FlyReady PCR Ltd", "Reading"),
    ),
    nationalities=(
        ("CN", 52),
        ("HK", 8),
        ("MO", 1),
        ("TW", 2),
        ("GB", 12),
        ("US", 4),
        ("FR", 3),
        ("KR", 3),
        ("IT", 3),
        ("ES", 3),
        ("PL", 3),
        ("DE", 2),
        ("JP", 2),
        ("CN_OFFICIAL", 2),
    ),
)

_DE: Final = HostCountry(
    alpha2="DE",
    alpha3="DEU",
    address_style="de",
    streets=tuple(
        Street(name, postcode, city)
        for name, postcode, city in (
            ("Friedrichstraße", "10117", "Berlin"),
            ("Kantstraße", "10623", "Berlin"),
            ("Sonnenallee", "12045", "Berlin"),
            ("Karl-Marx-Allee", "10243", "Berlin"),
            ("Schönhauser Allee", "10437", "Berlin"),
            ("Bergmannstraße", "10961", "Berlin"),
            ("Turmstraße", "10559", "Berlin"),
            ("Müllerstraße", "13353", "Berlin"),
            ("Breite Straße", "14467", "Potsdam"),
            ("Karl-Liebknecht-Straße", "04107", "Leipzig"),
            ("Königsbrücker Straße", "01099", "Dresden"),
            ("Große Ulrichstraße", "06108", "Halle (Saale)"),
        )
    ),
    mobile_prefixes=("151", "152", "157", "160", "170", "176"),
    mobile_digits=8,
    universities=(
        ("Humboldt-Universität zu Berlin", "Berlin"),
        ("Freie Universität Berlin", "Berlin"),
        ("Technische Universität Berlin", "Berlin"),
        ("Charité – Universitätsmedizin Berlin", "Berlin"),
        ("Universität Potsdam", "Potsdam"),
        ("Universität Leipzig", "Leipzig"),
        ("Technische Universität Dresden", "Dresden"),
    ),
    employers=(
        "Siemens AG",
        "Deutsche Bahn AG",
        "Bank of China Filiale Berlin",
        "Huawei Technologies Deutschland GmbH",
        "Zalando SE",
        "Bayer AG",
        "Fraunhofer-Gesellschaft",
        "Max-Planck-Gesellschaft",
        "BMW Group",
    ),
    routes=(
        _direct("CA966", "FRA-PEK", "11:30", "9:20"),
        _direct("CA962", "MUC-PEK", "12:10", "9:05"),
        _direct("HU490", "BER-PEK", "13:05", "9:25"),
        _direct("MU220", "FRA-PVG", "11:55", "11:10"),
        _direct("LH720", "FRA-PEK", "16:15", "9:30"),
        _via(_direct("LH181", "BER-FRA", "06:00", "1:10"), "CA966", "FRA-PEK", "5:30", "9:20"),
        _via(_direct("AY1432", "BER-HEL", "08:10", "1:50"), "AY57", "HEL-PVG", "4:50", "9:40"),
    ),
    unapproved_labs=_labs(
        "DE",
        ("Schnelltestzentrum Alexanderplatz", "Berlin"),
        ("Corona-Testzentrum Kreuzberg", "Berlin"),
        ("PCR Express Leipzig", "Leipzig"),
    ),
    nationalities=(
        ("CN", 52),
        ("HK", 3),
        ("TW", 3),
        ("DE", 15),
        ("PL", 5),
        ("FR", 4),
        ("IT", 4),
        ("ES", 3),
        ("US", 3),
        ("GB", 3),
        ("KR", 2),
        ("CN_OFFICIAL", 3),
    ),
)

_JP: Final = HostCountry(
    alpha2="JP",
    alpha3="JPN",
    address_style="jp",
    streets=tuple(
        Street(name, postcode, city)
        for name, postcode, city in (
            ("Okubo, Shinjuku-ku", "169-0072", "Tokyo"),
            ("Hongo, Bunkyo-ku", "113-0033", "Tokyo"),
            ("Higashi-Ikebukuro, Toshima-ku", "170-0013", "Tokyo"),
            ("Shibaura, Minato-ku", "108-0023", "Tokyo"),
            ("Sangenjaya, Setagaya-ku", "154-0024", "Tokyo"),
            ("Toyosu, Koto-ku", "135-0061", "Tokyo"),
            ("Osaki, Shinagawa-ku", "141-0032", "Tokyo"),
            ("Nishi-Kasai, Edogawa-ku", "134-0088", "Tokyo"),
            ("Yamashita-cho, Naka-ku", "231-0023", "Yokohama"),
            ("Kohoku-ku, Hiyoshi", "223-0061", "Yokohama"),
            ("Makuhari, Mihama-ku", "261-0011", "Chiba"),
            ("Urawa-ku, Takasago", "330-0063", "Saitama"),
        )
    ),
    mobile_prefixes=("70", "80", "90"),
    mobile_digits=8,
    universities=(
        ("The University of Tokyo", "Tokyo"),
        ("Waseda University", "Tokyo"),
        ("Keio University", "Tokyo"),
        ("Tokyo Institute of Technology", "Tokyo"),
        ("Hitotsubashi University", "Tokyo"),
        ("Yokohama National University", "Yokohama"),
        ("Chiba University", "Chiba"),
    ),
    employers=(
        "Sony Group Corporation",
        "Toyota Tsusho Corporation",
        "Rakuten Group, Inc.",
        "Mitsubishi Corporation",
        "Bank of China Tokyo Branch",
        "Huawei Technologies Japan K.K.",
        "Hitachi, Ltd.",
        "SoftBank Corp.",
    ),
    routes=(
        _direct("NH959", "NRT-PEK", "01:20", "4:05"),
        _direct("CA926", "NRT-PEK", "05:40", "4:00"),
        _direct("MU522", "NRT-PVG", "03:30", "3:05"),
        _direct("JL021", "HND-PEK", "00:35", "4:10"),
        _direct("CZ386", "NRT-CAN", "06:45", "5:10"),
        _via(_direct("KE706", "NRT-ICN", "03:00", "2:35"), "KE853", "ICN-PEK", "5:00", "2:05"),
    ),
    unapproved_labs=_labs(
        "JP",
        ("Akihabara PCR Center", "Tokyo"),
        ("Shibuya Quick PCR Clinic", "Tokyo"),
        ("Kawasaki Station Test Spot", "Kawasaki"),
    ),
    nationalities=(
        ("CN", 58),
        ("HK", 4),
        ("TW", 6),
        ("JP", 15),
        ("KR", 7),
        ("US", 4),
        ("GB", 2),
        ("FR", 2),
        ("CN_OFFICIAL", 2),
    ),
)

HOST_COUNTRIES: Final[dict[str, HostCountry]] = {c.alpha3: c for c in (_GB, _DE, _JP)}


def host_country(alpha3: str) -> HostCountry:
    try:
        return HOST_COUNTRIES[alpha3]
    except KeyError:
        known = ", ".join(sorted(HOST_COUNTRIES))
        raise ValueError(f"no demo residents for country {alpha3!r} (known: {known})") from None


def format_address(street: Street, *, house: int, flat: int | None, style: AddressStyle) -> str:
    """The address line as people in that country write it (the city is a separate field)."""
    if style == "gb":
        prefix = f"Flat {flat}, " if flat else ""
        return f"{prefix}{house} {street.name}, {street.postcode}"
    if style == "de":
        suffix = f", Whg. {flat}" if flat else ""
        return f"{street.name} {house}{suffix}, {street.postcode}"
    chome, block = divmod(house, 20)
    room = f", Room {flat}" if flat else ""
    return f"{chome % 5 + 1}-{block + 1}-{house % 17 + 1} {street.name}{room}, {street.postcode}"
