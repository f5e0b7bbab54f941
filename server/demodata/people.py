"""Who the demo travellers are: nationalities, names as their documents spell them, numbers.

Chinese names carry their characters and their pinyin (Cantonese spelling for
Hong Kong and Macao, Wade-Giles with hyphens for Taiwan), so the certificate
and the lab reports have both. Latin names include diacritics, spaces,
hyphens and apostrophes, as real passports do.
"""

from __future__ import annotations

import itertools
import logging
import random
from dataclasses import dataclass
from functools import cache
from typing import Final

from workstation.domain import Sex, TravelDocumentType
from workstation.protocol import PersonName

log = logging.getLogger(__name__)

_T = TravelDocumentType
NameEntry = tuple[str, str | None]  # Latin spelling, Chinese characters


def _pairs(text: str) -> tuple[NameEntry, ...]:
    """'Wang 王, Li 李' -> (("Wang", "王"), ("Li", "李")); a name without characters has None."""
    entries: list[NameEntry] = []
    for item in text.split(","):
        words = item.split()
        if words and "\u3400" <= words[-1][0] <= "\u9fff":
            entries.append((" ".join(words[:-1]), words[-1]))
        elif words:
            entries.append((" ".join(words), None))
    return tuple(entries)


@dataclass(frozen=True)
class NameBook:
    families: tuple[NameEntry, ...]  # "Kowalski|Kowalska": masculine|feminine forms
    female: tuple[NameEntry, ...]
    male: tuple[NameEntry, ...]


@dataclass(frozen=True)
class Nationality:
    key: str
    country: str  # ISO 3166-1 alpha-2 of the nationality
    mrz_code: str  # as machine-readable zones write it ("D" for Germany)
    names: NameBook
    documents: tuple[tuple[TravelDocumentType, int], ...]
    chinese_citizen: bool
    x_marker: bool = False  # passports of this country may show sex "X"


_CN_NAMES: Final = NameBook(
    families=_pairs(
        "Wang 王, Li 李, Zhang 张, Liu 刘, Chen 陈, Yang 杨, Huang 黄, Zhao 赵, Wu 吴, Zhou 周, "
        "Xu 徐, Sun 孙, Ma 马, Zhu 朱, Hu 胡, Guo 郭, He 何, Lin 林, Luo 罗, Gao 高, Zheng 郑, "
        "Liang 梁, Xie 谢, Song 宋, Tang 唐, Han 韩, Feng 冯, Deng 邓, Cao 曹, Peng 彭, Zeng 曾, "
        "Xiao 肖, Tian 田, Dong 董, Pan 潘, Yuan 袁, Cai 蔡, Jiang 蒋, Yu 余, Lyu 吕, Du 杜, "
        "Ye 叶, Cheng 程, Wei 魏, Su 苏, Ding 丁, Ren 任, Yao 姚, Shen 沈, Zhong 钟, Cui 崔, "
        "Tan 谭, Lu 陆, Fan 范, Liao 廖, Shi 石, Jin 金, Jia 贾, Xia 夏, Fang 方, Zou 邹, "
        "Xiong 熊, Bai 白, Meng 孟, Qin 秦, Qiu 邱, Xue 薛, Lei 雷, Long 龙, Tao 陶, Mao 毛, "
        "Gu 顾, Qian 钱, Kong 孔, Ouyang 欧阳, Sima 司马, Zhuge 诸葛, Shangguan 上官"
    ),
    female=_pairs(
        "Fang 芳, Na 娜, Min 敏, Jing 静, Li 丽, Yan 艳, Juan 娟, Xia 霞, Ting 婷, Xue 雪, "
        "Xiuying 秀英, Guiying 桂英, Xiulan 秀兰, Yulan 玉兰, Shuzhen 淑珍, Lihua 丽华, "
        "Xiaohong 晓红, Xiaoyan 晓燕, Jiayi 嘉怡, Xinyi 欣怡, Zixuan 梓萱, Yutong 雨桐, "
        "Yuxin 雨欣, Shiyu 诗雨, Ruoxi 若汐, Siqi 思琪, Mengqi 梦琪, Yiran 怡然, Jingyi 静怡, "
        "Wanting 婉婷, Qianqian 倩倩, Huimin 慧敏, Yuqing 雨晴, Ying 颖"
    ),
    male=_pairs(
        "Wei 伟, Qiang 强, Lei 磊, Jun 军, Yang 洋, Yong 勇, Jie 杰, Tao 涛, Ming 明, Chao 超, "
        "Gang 刚, Ping 平, Hui 辉, Peng 鹏, Hao 浩, Bin 斌, Kai 凯, Jianguo 建国, Jianhua 建华, "
        "Guoqiang 国强, Zhiqiang 志强, Haoran 浩然, Yuxuan 宇轩, Zihao 子豪, Haoyu 浩宇, "
        "Junjie 俊杰, Siyuan 思远, Zhiyuan 志远, Mingxuan 明轩, Yichen 奕辰, Xiaoming 晓明, "
        "Jiahao 家豪, Jinlong 金龙, Dewei 德伟, Jian 健, Xin 鑫"
    ),
)
_HK_NAMES: Final = NameBook(
    families=_pairs(
        "Chan 陳, Wong 黃, Lee 李, Cheung 張, Leung 梁, Lau 劉, Lam 林, Ho 何, Ng 吳, Tsang 曾, "
        "Yip 葉, Cheng 鄭, Tang 鄧, Chow 周, Fung 馮, Kwok 郭, Mak 麥, Lo 羅, Yeung 楊, Choi 蔡"
    ),
    female=_pairs(
        "Ka Yan 嘉欣, Wing Sze 詠詩, Mei Ling 美玲, Hoi Ting 凱婷, Suk Yee 淑儀, Wai Man 慧敏, "
        "Pui Shan 佩珊, Hiu Tung 曉彤, Man Yee 敏儀, Sze Wing 詩穎"
    ),
    male=_pairs(
        "Tai Man 大文, Chi Keung 志強, Siu Ming 小明, Ho Yin 浩賢, Ka Ho 嘉豪, Wai Kit 偉傑, "
        "Chun Kit 俊傑, Kwok Wing 國榮, Tsz Hin 子軒, Man Chun 文俊"
    ),
)
_MO_NAMES: Final = NameBook(
    families=_pairs(
        "Leong 梁, Lei 李, Cheong 張, Lao 劉, Chan 陳, Wong 黃, Ho 何, Lam 林, Sou 蘇, Ieong 楊"
    ),
    female=_HK_NAMES.female,
    male=_HK_NAMES.male,
)
_TW_NAMES: Final = NameBook(
    families=_pairs(
        "Chen 陳, Lin 林, Huang 黃, Chang 張, Lee 李, Wang 王, Wu 吳, Liu 劉, Tsai 蔡, Yang 楊, "
        "Hsu 許, Cheng 鄭, Hsieh 謝, Kuo 郭, Hung 洪"
    ),
    female=_pairs(
        "Yi-Ting 怡婷, Shu-Fen 淑芬, Chia-Hui 佳慧, Ya-Ting 雅婷, Hsin-Yi 欣怡, Mei-Ling 美玲, "
        "Pei-Shan 佩珊, Yu-Chen 玉珍"
    ),
    male=_pairs(
        "Chih-Hao 志豪, Tsung-Han 宗翰, Chien-Hung 建宏, Kuan-Yu 冠宇, Cheng-En 承恩, "
        "Chia-Hao 家豪, Wei-Lun 偉倫, Yu-Hsiang 宇翔"
    ),
)


def _book(families: str, female: str, male: str) -> NameBook:
    return NameBook(_pairs(families), _pairs(female), _pairs(male))


_FOREIGN_NAMES: Final = {
    "GB": _book(
        "Smith, Jones, Taylor, Brown, Williams, Wilson, Davies, Evans, Thomas, Roberts, Walker, "
        "Wright, Robinson, Thompson, Hughes, Edwards, Green, Hall, Clarke, O'Brien, O'Neill, "
        "MacDonald, Bonham Carter, Lloyd-Webber, Fitzgerald, Patel, Khan, Okafor",
        "Olivia, Amelia, Isla, Emily, Sophie, Charlotte, Grace, Chloë, Zoë, Mary Anne, Siobhán, "
        "Niamh, Priya, Eleanor",
        "Oliver, George, Harry, Jack, Thomas, William, James, Samuel, Rhys, Seán, Callum, Arjun, "
        "Hamish, Edward",
    ),
    "US": _book(
        "Johnson, Williams, Brown, Garcia, Miller, Davis, Rodriguez, Martinez, Hernández, Lopez, "
        "Wilson, Anderson, Nguyen, O'Connor, Washington, Van der Berg",
        "Emma, Olivia, Madison, Jennifer, Ashley, Mary Kate, Renée, Abigail, Mia",
        "James, Michael, Robert, John, David, Christopher, Tyler, José, Ethan, Noah",
    ),
    "FR": _book(
        "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
        "Lefèvre, Girard, Fournier, Mercier, Le Goff, Saint-Martin, Béranger",
        "Camille, Léa, Chloé, Manon, Hélène, Élodie, Gaëlle, Zoé, Marie-Claire, Anaïs, Amélie",
        "François, Jérôme, Léo, Gabriel, Noël, Jean-Luc, Théo, Raphaël, Benoît, Loïc, Hugo",
    ),
    "KR": _book(
        "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin",
        "Seo-yeon, Ji-woo, Ha-eun, Min-ji, Soo-ah, Ye-jin, Ji-yeon, Eun-ji",
        "Min-jun, Seo-jun, Do-yun, Ji-ho, Joon-young, Hyun-woo, Sung-min, Tae-yang",
    ),
    "IT": _book(
        "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
        "Bruno, Gallo, De Luca, D'Angelo, Conti, Mancini",
        "Francesca, Chiara, Giulia, Sofia, Martina, Maria Grazia, Alessandra, Federica",
        "Giuseppe, Niccolò, Alessandro, Lorenzo, Matteo, Andrea, Gian Marco, Luca",
    ),
    "ES": _book(
        "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Martín, "
        "Jiménez, Ruiz, Díaz, Muñoz, García Márquez, Núñez",
        "María, Lucía, Carmen, María José, Begoña, Ainhoa, Nuria, Paula, Inés",
        "José, Antonio, José Luis, Ángel, Íñigo, Javier, Sergio, Álvaro, Jesús",
    ),
    "PL": _book(
        "Nowak, Kowalski|Kowalska, Wiśniewski|Wiśniewska, Wójcik, Kowalczyk, "
        "Kamiński|Kamińska, Lewandowski|Lewandowska, Zieliński|Zielińska, Woźniak, "
        "Dąbrowski|Dąbrowska",
        "Małgorzata, Agnieszka, Zofia, Anna, Katarzyna, Joanna, Magdalena, Ewa",
        "Łukasz, Paweł, Bartłomiej, Wojciech, Krzysztof, Michał, Piotr, Tomasz",
    ),
    "DE": _book(
        "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, "
        "Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Krüger, "
        "Köhler, Jäger, Groß, von Bülow, Müller-Lüdenscheidt, Weiß, Öztürk, Yılmaz",
        "Anna, Leonie, Ursula, Jana, Sophie, Anna-Lena, Jördis, Hannah, Käthe, Marie, Sabine",
        "Jürgen, Jörg, Günter, Lukas, Björn, Sören, Karl-Heinz, Hans-Peter, Uwe, Maximilian, "
        "Felix, Moritz",
    ),
    "JP": _book(
        "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, "
        "Yoshida, Yamada, Sasaki, Inoue, Kimura, Hayashi",
        "Yui, Hina, Yuki, Sakura, Aoi, Haruka, Mio, Akari, Emi, Keiko",
        "Haruto, Sota, Ren, Yuto, Hiroshi, Takeshi, Kenji, Daiki, Shota, Kaito",
    ),
}

_FOREIGN_DOCUMENTS: Final = (
    (_T.ORDINARY_PASSPORT, 94),
    (_T.DIPLOMATIC_PASSPORT, 2),
    (_T.SERVICE_PASSPORT, 1),
    (_T.OTHER, 3),  # crew member certificates
)
_MRZ_CODES: Final = {
    "GB": "GBR",
    "US": "USA",
    "FR": "FRA",
    "KR": "KOR",
    "IT": "ITA",
    "ES": "ESP",
    "PL": "POL",
    "DE": "D",
    "JP": "JPN",
}

NATIONALITIES: Final[dict[str, Nationality]] = {
    "CN": Nationality(
        "CN",
        "CN",
        "CHN",
        _CN_NAMES,
        ((_T.ORDINARY_PASSPORT, 90), (_T.TRAVEL_DOCUMENT, 6), (_T.OTHER, 4)),
        chinese_citizen=True,
    ),
    "CN_OFFICIAL": Nationality(
        "CN_OFFICIAL",
        "CN",
        "CHN",
        _CN_NAMES,
        ((_T.DIPLOMATIC_PASSPORT, 3), (_T.SERVICE_PASSPORT, 4), (_T.PUBLIC_AFFAIRS_PASSPORT, 3)),
        chinese_citizen=True,
    ),
    # Hong Kong, Macao and Taiwan residents travel on mainland-issued permits.
    "HK": Nationality("HK", "CN", "CHN", _HK_NAMES, ((_T.HK_MACAO_PERMIT, 1),), True),
    "MO": Nationality("MO", "CN", "CHN", _MO_NAMES, ((_T.HK_MACAO_PERMIT, 1),), True),
    "TW": Nationality("TW", "CN", "CHN", _TW_NAMES, ((_T.TAIWAN_PERMIT, 1),), True),
    **{
        code: Nationality(
            code,
            code,
            _MRZ_CODES[code],
            book,
            _FOREIGN_DOCUMENTS,
            chinese_citizen=False,
            x_marker=code in ("GB", "US", "DE"),
        )
        for code, book in _FOREIGN_NAMES.items()
    },
}

# '#' a digit, '@' a letter (no I or O, as passports avoid them), '%' a German passport character.
_NUMBER_FORMATS: Final[dict[tuple[str, TravelDocumentType], tuple[str, ...]]] = {
    ("CN", _T.ORDINARY_PASSPORT): ("E########", "E@#######"),
    ("CN", _T.DIPLOMATIC_PASSPORT): ("DE#######",),
    ("CN", _T.SERVICE_PASSPORT): ("SE#######",),
    ("CN", _T.PUBLIC_AFFAIRS_PASSPORT): ("PE#######",),
    ("CN", _T.TRAVEL_DOCUMENT): ("T########",),
    ("CN", _T.OTHER): ("S#######",),  # seafarer's passport
    ("HK", _T.HK_MACAO_PERMIT): ("H########",),
    ("MO", _T.HK_MACAO_PERMIT): ("M########",),
    ("TW", _T.TAIWAN_PERMIT): ("########",),
    ("GB", _T.ORDINARY_PASSPORT): ("5########", "1########"),
    ("US", _T.ORDINARY_PASSPORT): ("5########", "A########"),
    ("FR", _T.ORDINARY_PASSPORT): ("##@@#####",),
    ("KR", _T.ORDINARY_PASSPORT): ("M########",),
    ("IT", _T.ORDINARY_PASSPORT): ("Y@#######",),
    ("ES", _T.ORDINARY_PASSPORT): ("@@@######",),
    ("PL", _T.ORDINARY_PASSPORT): ("E@#######",),
    ("DE", _T.ORDINARY_PASSPORT): ("C%%%%%%%%",),
    ("JP", _T.ORDINARY_PASSPORT): ("TK#######", "TR#######", "MZ#######"),
}
_FOREIGN_OFFICIAL_FORMAT: Final = ("D@#######",)
_FOREIGN_OTHER_FORMAT: Final = ("CM#######",)
_LETTERS: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_GERMAN: Final = "CFGHJKLMNPRTVWXYZ0123456789"


def _fill(rng: random.Random, pattern: str) -> str:
    out = []
    for symbol in pattern:
        if symbol == "#":
            out.append(str(rng.randrange(10)))
        elif symbol == "@":
            out.append(rng.choice(_LETTERS))
        elif symbol == "%":
            out.append(rng.choice(_GERMAN))
        else:
            out.append(symbol)
    return "".join(out)


def document_number(rng: random.Random, nationality: Nationality, kind: TravelDocumentType) -> str:
    key = "CN" if nationality.key == "CN_OFFICIAL" else nationality.key
    formats = _NUMBER_FORMATS.get((key, kind))
    if formats is None:
        formats = _FOREIGN_OTHER_FORMAT if kind is _T.OTHER else _FOREIGN_OFFICIAL_FORMAT
    return _fill(rng, rng.choice(formats))


def altered_number(rng: random.Random, number: str) -> str:
    """Another number of the same shape: a neighbour's report, or digits mistyped at the lab."""
    while True:
        chars = list(number)
        for position in rng.sample(range(1, len(chars)), k=min(3, len(chars) - 1)):
            chars[position] = (
                str(rng.randrange(10)) if chars[position].isdigit() else rng.choice(_LETTERS)
            )
        candidate = "".join(chars)
        if candidate != number:
            return candidate


def _gendered(family: str, sex: Sex) -> str:
    masculine, _, feminine = family.partition("|")
    return feminine if feminine and sex is Sex.FEMALE else masculine


@cache
def _popularity(count: int) -> list[float]:
    """Cumulative weights 1/(rank + 2): as with real names, the first few are the most common
    (Wang, Li, Zhang, Liu and Chen make up about a third of the Chinese names drawn)."""
    return list(itertools.accumulate(1 / (rank + 2) for rank in range(1, count + 1)))


def _popular(rng: random.Random, entries: tuple[NameEntry, ...]) -> NameEntry:
    return rng.choices(entries, cum_weights=_popularity(len(entries)))[0]


def draw_given(rng: random.Random, book: NameBook, sex: Sex) -> NameEntry:
    if sex is Sex.FEMALE:
        return _popular(rng, book.female)
    if sex is Sex.MALE:
        return _popular(rng, book.male)
    return rng.choice(book.female + book.male)


def draw_name(
    rng: random.Random, nationality: Nationality, sex: Sex, *, family: NameEntry | None = None
) -> PersonName:
    """A name as the travel document prints it; pass `family` to name a relative."""
    family_latin, family_chinese = family or _popular(rng, nationality.names.families)
    given_latin, given_chinese = draw_given(rng, nationality.names, sex)
    chinese = None
    if family_chinese and given_chinese:
        chinese = family_chinese + given_chinese
    return PersonName(family=_gendered(family_latin, sex), given=given_latin, chinese=chinese)


def family_of(nationality: Nationality, name: PersonName) -> NameEntry:
    """The family-name entry a relative shares (characters included)."""
    for latin, chinese in nationality.names.families:
        if name.family in latin.split("|"):
            return latin, chinese
    return name.family, None


def other_name(
    rng: random.Random, nationality: Nationality, sex: Sex, name: PersonName
) -> PersonName:
    """A different person's name: no word of it appears in `name`."""
    taken = set(name.latin.casefold().replace("-", " ").split())
    for _ in range(100):
        candidate = draw_name(rng, nationality, sex)
        words = set(candidate.latin.casefold().replace("-", " ").split())
        if not words & taken and not (candidate.chinese and candidate.chinese == name.chinese):
            return candidate
    raise RuntimeError(f"no name unlike {name.latin!r} in the {nationality.key} name book")
