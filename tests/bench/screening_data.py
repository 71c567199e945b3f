"""A synthetic sanctions list, and queries and decoys for it, for the screening benchmark.

Written from first principles and independent of the matcher: nothing here imports core.screening
(a test checks it). Names are built from pools of real given names and family names and from
syllables, in the culture's own script where it has one, and romanised with the textbook systems:

- Russian: BGN/PCGN on the list; the passport system (ICAO 9303), the German (Duden) and French
  systems, a scholarly system (ISO 9-like, with diacritics) and simplified English for queries;
- Greek: ELOT 743 on the list, a phonetic romanisation for queries;
- Arabic and Persian: the spellings found in practice for each name (Mohammed, Muhammad, Mohamed ...),
  one on the list, another in the query; the Arabic script forms of the names for script queries;
- Chinese: pinyin on the list, Wade-Giles for queries;
- Western names: accents dropped, typos.

Typos are keyboard slips (a letter dropped, doubled, swapped with its neighbour, or replaced by a
key next to it). Decoys take given names from the same pools but family names and company words
from pools disjoint from the list's, as ordinary customers' names would be.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

# ---------------------------------------------------------------------------- words


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class Word:
    """One part of a name: its spelling on the list, other ways people write it, and the word in the
    culture's own script where it has one."""

    listed: str
    others: list[str] = field(default_factory=list)
    script: str | None = None

    def other(self, rng: random.Random) -> str:
        choices = [o for o in self.others if o.lower() != self.listed.lower()]
        return rng.choice(choices) if choices else self.listed


@dataclass
class Person:
    """The parts of a person's name in the culture's order (given, middle ..., family)."""

    culture: str
    given: Word
    middle: list[Word]
    family: Word

    @property
    def parts(self) -> list[Word]:
        return [self.given, *self.middle, self.family]


@dataclass
class Company:
    culture: str
    words: list[Word]
    generic: str
    legal: str
    script_name: str | None = None  # the name in the culture's own script, legal form included


@dataclass
class SynthEntry:
    entry_id: str
    kind: str  # "person" | "entity"
    subject: Person | Company
    names: list[tuple[str, str]]  # (text, "strong" | "weak")
    citizenship: str
    birth_year: int | None


# ---------------------------------------------------------------------------- Russian (Cyrillic)

RU_MALE = _words(
    """
    Александр Сергей Владимир Дмитрий Андрей Алексей Михаил Николай Иван Юрий Виктор Олег Павел
    Игорь Евгений Константин Борис Геннадий Валерий Анатолий Вячеслав Станислав Фёдор Григорий
    Леонид Роман Тимур Руслан Артём Максим Кирилл Денис Вадим Аркадий Семён Егор Пётр Василий Степан
    Матвей
    """
)
RU_FEMALE = _words(
    """
    Ольга Татьяна Елена Наталья Ирина Светлана Юлия Анна Мария Людмила Галина Валентина Надежда
    Оксана Дарья Ксения Екатерина Вера Алла Зоя
    """
)
RU_ROOTS = _words(
    """
    Журавл Сокол Волк Медвед Козл Петр Смирн Кузнец Поп Васил Новик Мороз Лебед Голуб Ворон Гус Зайц
    Белк Орл Щук Карп Лис Бобр Кот Бык Барсук Черн Бел Сед Рыж Крас Гром Тихон Жук Шил Хром Цветк Юд
    Яковл Ерш Щербак Чайк Харлам Зуб Гладк Богдан Жданов Жил Шапошник Хлеб Рыбак Пастух Ковал Гончар
    Мельник Кравч Ткач Столяр Плотник Сапожник Бондар Шевч Деревянк Золот Серебр Медн Желез Камен
    Лесн Полев Речн Горн Морск Степн Озерн Ключ Ручь Брод Мост Двор Терем Садов Цвет Ягод Малин Вишн
    Гриб Дуб Берез Клён Рябин Осин Ольх Сосн Ел Кедр
    """
)
RU_DECOY_ROOTS = _words(
    """
    Абрам Бурлак Вихр Глинк Дымк Ёлк Жаворонк Зорин Искр Калин Ладог Мирон Нагорн Оборин Пряник
    Рассвет Снегир Тополь Углов Филин Хворост Цапл Чижик Шмел Щегл Эхов Юрл Ястреб Арбуз Баран
    Валдай Гусл Дроздовск Ежевик Жемчуг Звонар Изюм Кисел Лапт Мох Нерп Овсян Перепел Репк Сыч Тетер
    Ушак Фасол Хмел Чабрец Шишк Щавел
    """
)
RU_MIDS = ("", "", "", "ан", "ин", "ер", "ал", "ен", "ищ")
RU_SUFFIXES = ("ов", "ев", "ин", "ский", "енко", "ук", "ович")

BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
PASSPORT = dict(BGN, **{"ё": "e", "й": "i", "ю": "iu", "я": "ia", "ъ": "ie"})
GERMAN = dict(
    BGN,
    **{"в": "w", "ж": "sch", "з": "s", "й": "i", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
       "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo", "е": "e"},
)  # fmt: skip
FRENCH = dict(
    BGN,
    **{"ж": "j", "ш": "ch", "ч": "tch", "щ": "chtch", "у": "ou", "ю": "iou", "я": "ia", "ё": "io",
       "й": "i", "х": "kh", "е": "e"},
)  # fmt: skip
SCHOLARLY = dict(
    BGN,
    **{"ж": "ž", "ш": "š", "ч": "č", "щ": "šč", "х": "ch", "ц": "c", "й": "j", "ю": "ju", "я": "ja",
       "ё": "ë", "э": "è"},
)  # fmt: skip
SIMPLE_ENGLISH = dict(BGN, **{"ё": "yo", "й": "y", "ю": "yu", "я": "ya"})
RU_VOWELS = set("аеёиоуыэюяьъ")


def romanise_ru(word: str, table: dict[str, str], system: str = "bgn") -> str:
    """A Cyrillic word in Latin letters by ``table`` (with each system's rules for е and ё)."""
    out: list[str] = []
    lower = word.lower()
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else ""
        latin = table.get(ch, ch)
        if ch == "е" and (not prev or prev in RU_VOWELS) and system in ("bgn", "english"):
            latin = "ye"
        if ch == "е" and (not prev or prev in RU_VOWELS) and system == "german":
            latin = "je"
        if ch == "ё" and system == "bgn":
            latin = "yo" if (not prev or prev in RU_VOWELS) else "ë"
        if system == "english" and ch == "и" and lower[i + 1 : i + 2] == "й" and i + 2 == len(lower):
            latin = ""  # Dmitriy -> Dmitry, Yuriy -> Yury
        if system == "english" and ch == "к" and lower[i + 1 : i + 2] == "с":
            latin = "x"
        if system == "english" and ch == "с" and prev == "к":
            latin = ""
        out.append(latin)
    text = "".join(out)
    text = text.replace("ë", "ë")
    return text[:1].upper() + text[1:]


RU_QUERY_SYSTEMS: list[tuple[str, dict[str, str]]] = [
    ("passport", PASSPORT),
    ("german", GERMAN),
    ("french", FRENCH),
    ("scholarly", SCHOLARLY),
    ("english", SIMPLE_ENGLISH),
]


def ru_word(cyrillic: str) -> Word:
    others = [romanise_ru(cyrillic, t, s) for s, t in RU_QUERY_SYSTEMS]
    listed = romanise_ru(cyrillic, BGN, "bgn").replace("ë", "e")  # the EU files write ё as e
    return Word(listed, others, cyrillic)


def ru_patronymic(name: str, female: bool) -> str | None:
    name = name.replace("ё", "е")  # Пётр -> Петрович
    if name.endswith("ай"):
        return name[:-1] + ("евна" if female else "евич")
    if name.endswith(("ий", "ей")):
        stem = name[:-2] + ("ь" if name.endswith("ий") else "е")
        return stem + ("евна" if female else "евич")
    if name[-1] in "аяь":
        return None
    return name + ("овна" if female else "ович")


def ru_surname(rng: random.Random, roots: list[str], female: bool) -> str:
    root = rng.choice(roots)
    name = root + rng.choice(RU_MIDS) + rng.choice(RU_SUFFIXES)
    if female:
        for male, fem in (("ов", "ова"), ("ев", "ева"), ("ин", "ина"), ("ский", "ская")):
            if name.endswith(male):
                return name[: -len(male)] + fem
    return name


def ru_person(rng: random.Random, roots: list[str]) -> Person:
    female = rng.random() < 0.25
    given = rng.choice(RU_FEMALE if female else RU_MALE)
    father = rng.choice(RU_MALE)
    patronymic = ru_patronymic(father, female)
    middle = [ru_word(patronymic)] if patronymic and rng.random() < 0.8 else []
    return Person("russian", ru_word(given), middle, ru_word(ru_surname(rng, roots, female)))


# ---------------------------------------------------------------------------- Arabic and Persian

AR_GIVEN: list[tuple[list[str], str]] = [
    (["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"], "محمد"),
    (["Ahmed", "Ahmad"], "أحمد"),
    (["Abdullah", "Abdallah", "Abd Allah"], "عبد الله"),
    (["Abdulrahman", "Abd al-Rahman", "Abdel Rahman", "Abdurrahman"], "عبد الرحمن"),
    (["Abdulaziz", "Abd al-Aziz", "Abdelaziz"], "عبد العزيز"),
    (["Yusuf", "Youssef", "Yousef", "Yousif"], "يوسف"),
    (["Hussein", "Husayn", "Hussain", "Husein"], "حسين"),
    (["Hassan", "Hasan"], "حسن"),
    (["Ali", "Aly"], "علي"),
    (["Omar", "Umar"], "عمر"),
    (["Khalid", "Khaled"], "خالد"),
    (["Ibrahim", "Ebrahim", "Ibraheem"], "إبراهيم"),
    (["Ismail", "Ismael", "Ismaeel"], "إسماعيل"),
    (["Mustafa", "Mostafa", "Moustafa"], "مصطفى"),
    (["Mahmoud", "Mahmud", "Mahmood"], "محمود"),
    (["Saeed", "Said", "Saied"], "سعيد"),
    (["Tariq", "Tarek", "Tareq"], "طارق"),
    (["Walid", "Waleed"], "وليد"),
    (["Nasser", "Nasir", "Naser"], "ناصر"),
    (["Jamal", "Gamal"], "جمال"),
    (["Karim", "Kareem"], "كريم"),
    (["Salim", "Saleem"], "سليم"),
    (["Faisal", "Faysal", "Feisal"], "فيصل"),
    (["Hamza", "Hamzah"], "حمزة"),
    (["Bilal", "Belal"], "بلال"),
    (["Zayd", "Zaid", "Zeid"], "زيد"),
    (["Osama", "Usama", "Oussama"], "أسامة"),
    (["Anwar", "Anouar"], "أنور"),
    (["Samir", "Sameer"], "سمير"),
    (["Adel", "Adil"], "عادل"),
    (["Rashid", "Rasheed", "Rachid"], "رشيد"),
    (["Majid", "Majed", "Maged"], "ماجد"),
    (["Yasser", "Yasir", "Yaser"], "ياسر"),
    (["Abbas", "Abas"], "عباس"),
    (["Hisham", "Hesham"], "هشام"),
    (["Fahd", "Fahad"], "فهد"),
    (["Sultan", "Soltan"], "سلطان"),
    (["Mansour", "Mansur"], "منصور"),
]
AR_FAMILY: list[tuple[list[str], str]] = [
    (["al-Tikriti", "Al Tikriti", "Altikriti", "el-Tikriti"], "التكريتي"),
    (["al-Masri", "Al Masri", "El-Masry", "Almasri"], "المصري"),
    (["al-Baghdadi", "Al Baghdadi", "el-Baghdadi"], "البغدادي"),
    (["al-Hashimi", "Al Hashemi", "el-Hachimi"], "الهاشمي"),
    (["al-Shami", "Al Shami", "el-Chami"], "الشامي"),
    (["al-Zahrani", "Al Zahrani", "Alzahrani"], "الزهراني"),
    (["al-Harbi", "Al Harbi", "Alharbi"], "الحربي"),
    (["al-Otaibi", "Al Otaibi", "al-Utaybi"], "العتيبي"),
    (["al-Dosari", "Al Dossary", "al-Dawsari"], "الدوسري"),
    (["al-Ansari", "Al Ansari", "el-Ansary"], "الأنصاري"),
    (["Haddad", "Hadad", "al-Haddad"], "حداد"),
    (["Khoury", "Khouri", "al-Khouri"], "خوري"),
    (["Najjar", "Nadjar", "al-Najjar"], "نجار"),
    (["Nasrallah", "Nasr Allah", "Nasrullah"], "نصر الله"),
    (["Saleh", "Salih", "Salah"], "صالح"),
    (["Darwish", "Darwiche", "Derwish"], "درويش"),
    (["Hamdan", "Hamdane"], "حمدان"),
    (["Jaber", "Jabir", "Gaber"], "جابر"),
    (["Qasem", "Qasim", "Kassem", "Kasim"], "قاسم"),
    (["Shaheen", "Shahin", "Chahine"], "شاهين"),
    (["Yassin", "Yasin", "Yassine"], "ياسين"),
    (["Barakat", "Baraket"], "بركات"),
    (["al-Rashidi", "Al Rashidi", "el-Rachidi"], "الرشيدي"),
    (["al-Jaziri", "Al Jazeeri", "el-Djaziri"], "الجزيري"),
    (["al-Kuwaiti", "Al Kuwaiti"], "الكويتي"),
    (["al-Sudani", "Al Soudani", "el-Soudani"], "السوداني"),
    (["al-Libi", "Al Liby", "el-Libi"], "الليبي"),
    (["al-Yamani", "Al Yemeni", "al-Yemani"], "اليماني"),
    (["al-Qahtani", "Al Kahtani", "al-Qahtany"], "القحطاني"),
    (["al-Ghamdi", "Al Ghamdi", "Alghamdi"], "الغامدي"),
    (["al-Maliki", "Al Maliki", "el-Maleki"], "المالكي"),
    (["al-Tamimi", "Al Tamimi", "Altamimi"], "التميمي"),
    (["al-Shehri", "Al Shehri", "Alshehri"], "الشهري"),
    (["al-Amri", "Al Amri", "Alamri"], "العمري"),
    (["Mansouri", "al-Mansouri", "Mansuri"], "المنصوري"),
    (["Khalifa", "Khalifah", "Khelifa"], "خليفة"),
    (["Suleiman", "Sulayman", "Soliman", "Slimane"], "سليمان"),
    (["Othman", "Uthman", "Osman"], "عثمان"),
    (["Zubair", "Zubayr", "Zoubeir"], "الزبير"),
    (["Hijazi", "Hegazy", "Hijazy"], "حجازي"),
]
AR_DECOY_FAMILY: list[tuple[list[str], str]] = [
    (["al-Farsi", "Al Farsi"], "الفارسي"),
    (["Bakri", "al-Bakri"], "البكري"),
    (["Chalabi", "Shalabi"], "الشلبي"),
    (["Daoud", "Dawood", "Dawud"], "داود"),
    (["Fakhoury", "Fakhouri"], "فاخوري"),
    (["Ghandour", "Ghandur"], "غندور"),
    (["Issa", "Eissa"], "عيسى"),
    (["Kanaan", "Canaan"], "كنعان"),
    (["Labib", "Labeeb"], "لبيب"),
    (["Maalouf", "Malouf"], "معلوف"),
    (["Nabulsi", "al-Nabulsi"], "النابلسي"),
    (["Qabbani", "Kabbani"], "قباني"),
    (["Rifai", "al-Rifai"], "الرفاعي"),
    (["Sabbagh", "Sabagh"], "صباغ"),
    (["Tuqan", "Toukan"], "طوقان"),
    (["Wahbi", "Wahby"], "وهبي"),
    (["Zayyat", "Zayat"], "الزيات"),
    (["Antaki", "al-Antaki"], "الأنطاكي"),
    (["Halabi", "al-Halabi"], "الحلبي"),
    (["Jabbour", "Jabbur"], "جبور"),
]
FA_GIVEN: list[list[str]] = [
    ["Mohammad-Reza", "Mohammadreza", "Muhammad Reza"],
    ["Ali-Akbar", "Aliakbar", "Ali Akbar"],
    ["Hossein", "Hosein", "Husain"],
    ["Mehdi", "Mahdi"],
    ["Reza", "Rezā"],
    ["Javad", "Jawad"],
    ["Gholam-Hossein", "Gholamhossein", "Qolam Hossein"],
    ["Abolfazl", "Abol-Fazl", "Abulfazl"],
    ["Masoud", "Massoud", "Mas'ud"],
    ["Mojtaba", "Mujtaba"],
    ["Hamid", "Hameed"],
    ["Saeed", "Said", "Saïd"],
    ["Morteza", "Murtaza", "Mortaza"],
    ["Ahmad", "Ahmed"],
    ["Esmail", "Ismail", "Esmaeil"],
    ["Kazem", "Kazim", "Kadhem"],
]
FA_FAMILY: list[list[str]] = [
    ["Ahmadi", "Ahmadee"], ["Hosseini", "Hoseini", "Husseini"], ["Rezaei", "Rezaee", "Rezai"],
    ["Mohammadi", "Mohamadi", "Muhammadi"], ["Karimi", "Kareemi"], ["Moradi", "Muradi"],
    ["Jafari", "Jaafari", "Ja'fari"], ["Rahimi", "Raheemi"], ["Sadeghi", "Sadeqi", "Sadegi"],
    ["Hashemi", "Hachemi", "Hashimi"], ["Ghorbani", "Qorbani", "Gorbani"], ["Kazemi", "Kazimi"],
    ["Najafi", "Nadjafi"], ["Mousavi", "Musavi", "Moussavi"], ["Tehrani", "Tehranee"],
    ["Shirazi", "Chirazi"], ["Esfahani", "Isfahani"], ["Tabrizi", "Tabrisi"], ["Yazdani", "Yazdanee"],
    ["Zarif", "Zareef"], ["Bagheri", "Baqeri", "Bageri"], ["Soleimani", "Suleimani", "Solaimani"],
    ["Nouri", "Nuri", "Noori"], ["Akbari", "Akbaree"], ["Farahani", "Farahanee"],
]  # fmt: skip
FA_DECOY_FAMILY: list[list[str]] = [
    ["Behrouzi", "Behruzi"], ["Daneshvar", "Daneshwar"], ["Ebadi", "Ebadee"], ["Fathi", "Fathee"],
    ["Golestani", "Golestanee"], ["Jahanbani", "Jahanbanee"], ["Lotfi", "Lotfee"], ["Mirzaei", "Mirzai"],
    ["Parsa", "Parsā"], ["Sharifi", "Charifi"],
]  # fmt: skip


def word_from(variants: list[str], rng: random.Random, script: str | None = None) -> Word:
    listed = rng.choice(variants)
    return Word(listed, [v for v in variants if v != listed], script)


def ar_person(rng: random.Random, families: list[tuple[list[str], str]]) -> Person:
    given, father = rng.sample(AR_GIVEN, 2)
    middle = [word_from(father[0], rng, father[1])]
    if rng.random() < 0.3:
        grand = rng.choice(AR_GIVEN)
        middle.append(word_from(grand[0], rng, grand[1]))
    fam = rng.choice(families)
    return Person("arabic", word_from(given[0], rng, given[1]), middle, word_from(fam[0], rng, fam[1]))


def fa_person(rng: random.Random, families: list[list[str]]) -> Person:
    given = rng.choice(FA_GIVEN)
    middle = [word_from(rng.choice(FA_GIVEN), rng)] if rng.random() < 0.2 else []
    return Person("persian", word_from(given, rng), middle, word_from(rng.choice(families), rng))


# ---------------------------------------------------------------------------- Greek

EL_GIVEN = _words(
    """
    Γεώργιος Ιωάννης Κωνσταντίνος Δημήτριος Νικόλαος Παναγιώτης Βασίλειος Χρήστος Αθανάσιος Μιχαήλ
    Ευάγγελος Σπυρίδων Θεόδωρος Ανδρέας Αναστάσιος Αλέξανδρος Εμμανουήλ Σταύρος Πέτρος Ελένη Μαρία
    Αικατερίνη Σοφία Ευαγγελία Χαράλαμπος Ηλίας Στυλιανός
    """
)
EL_ROOTS = _words(
    """
    Παπα Γεωργ Δημητρ Νικολ Κωνσταντιν Αλεξ Μαυρ Καρα Σταυρ Χατζη Βλαχ Πετρ Λαμπρ Ζαχαρ Θεοδωρ
    Μιχαηλ Αντων Ιωανν Σπυρ Χριστ Μανωλ Ξεν Φωτ Ψαρ Τσακ Ραπτ Κουτσ Μπαλ Ντουμ Γκικ
    """
)
EL_DECOY_ROOTS = _words(
    """
    Αγγελ Βερβερ Δαμιαν Ζερβ Καλογερ Λεβεντ Μελετ Οικονομ Πολυχρον Σαββ Τριανταφυλλ Φραγκ
    """
)
EL_SUFFIXES = ("όπουλος", "ίδης", "άκης", "άτος", "ίου", "άς", "έας", "ούλης")
EL_MIDS = ("", "", "", "δημ", "γιαν", "κωστ", "νικ")

ELOT = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
EL_ACCENTS = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")


def romanise_el(word: str, phonetic: bool) -> str:
    w = word.lower().translate(EL_ACCENTS)
    digraphs = [
        ("ου", "u" if phonetic else "ou"),
        ("αυ", "av"),
        ("ευ", "ev"),
        ("γγ", "ng"),
        ("γκ", "g" if phonetic else "gk"),
    ]
    digraphs += [("μπ", "b" if phonetic else "mp"), ("ντ", "d" if phonetic else "nt")]
    if phonetic:
        digraphs += [("αι", "e"), ("ει", "i"), ("οι", "i"), ("χ", "h"), ("υ", "i"), ("η", "i"), ("δ", "d")]
    out = ""
    i = 0
    while i < len(w):
        for g, r in digraphs:
            if w.startswith(g, i):
                out += r
                i += len(g)
                break
        else:
            out += ELOT.get(w[i], w[i])
            i += 1
    return out[:1].upper() + out[1:]


def el_word(greek: str) -> Word:
    return Word(romanise_el(greek, False), [romanise_el(greek, True)], greek)


def el_person(rng: random.Random, roots: list[str]) -> Person:
    given = rng.choice(EL_GIVEN)
    family = rng.choice(roots) + rng.choice(EL_MIDS) + rng.choice(EL_SUFFIXES)
    family = family[0] + family[1:].lower()
    return Person("greek", el_word(given), [], el_word(family))


# ---------------------------------------------------------------------------- Chinese

ZH_FAMILY = {
    "Wang": "Wang", "Li": "Li", "Zhang": "Chang", "Liu": "Liu", "Chen": "Ch'en", "Yang": "Yang",
    "Zhao": "Chao", "Huang": "Huang", "Zhou": "Chou", "Wu": "Wu", "Xu": "Hsu", "Sun": "Sun", "Zhu": "Chu",
    "Gao": "Kao", "Lin": "Lin", "Guo": "Kuo", "Luo": "Lo", "Song": "Sung", "Zheng": "Cheng", "Xie": "Hsieh",
    "Tang": "T'ang", "Dong": "Tung", "Xiao": "Hsiao", "Cao": "Ts'ao", "Deng": "Teng", "Zeng": "Tseng",
    "Peng": "P'eng", "Jiang": "Chiang", "Cai": "Ts'ai", "Jia": "Chia", "Ding": "Ting", "Xue": "Hsueh",
    "Ye": "Yeh", "Yan": "Yen", "Pan": "P'an", "Du": "Tu", "Dai": "Tai", "Xia": "Hsia", "Zhong": "Chung",
    "Tian": "T'ien", "Ren": "Jen", "Qian": "Ch'ien", "Qin": "Ch'in", "Kong": "K'ung", "Bai": "Pai",
}  # fmt: skip
ZH_DECOY_FAMILY = {"Fang": "Fang", "Hou": "Hou", "Meng": "Meng", "Shi": "Shih", "Mao": "Mao", "Yin": "Yin"}
ZH_SYLLABLES = {
    "wei": "wei", "jian": "chien", "ming": "ming", "hua": "hua", "xiao": "hsiao", "hong": "hung",
    "jun": "chun", "ping": "p'ing", "guo": "kuo", "qiang": "ch'iang", "zhi": "chih", "yong": "yung",
    "jie": "chieh", "lei": "lei", "tao": "t'ao", "bin": "pin", "hai": "hai", "chao": "ch'ao", "xin": "hsin",
    "yu": "yü", "hui": "hui", "li": "li", "na": "na", "jing": "ching", "qing": "ch'ing", "zhen": "chen",
    "feng": "feng", "long": "lung", "cheng": "ch'eng", "dong": "tung", "gang": "kang", "peng": "p'eng",
    "shan": "shan", "shu": "shu", "xiu": "hsiu", "yan": "yen", "ying": "ying", "zhong": "chung",
}  # fmt: skip


def zh_person(rng: random.Random, families: dict[str, str]) -> Person:
    fam = rng.choice(sorted(families))
    a, b = rng.sample(sorted(ZH_SYLLABLES), 2)
    given = Word((a + b).capitalize(), [f"{ZH_SYLLABLES[a]}-{ZH_SYLLABLES[b]}".capitalize()])
    return Person("chinese", given, [], Word(fam, [families[fam]]))


# ---------------------------------------------------------------------------- Western

WEST_GIVEN = [
    ["John", "Jon"], ["Michael", "Micheal"], ["David", "Dave"], ["James"], ["Robert"], ["William"],
    ["Thomas", "Tomas"], ["Carlos"], ["Juan"], ["José", "Jose"], ["Luis", "Luiz"], ["Antonio"],
    ["Manuel"], ["Francisco"], ["Pedro"], ["Hans"], ["Klaus", "Claus"], ["Jürgen", "Juergen"],
    ["Wolfgang"], ["Stefan", "Stephan"], ["Pierre"], ["Jean"], ["Philippe", "Phillipe"],
    ["François", "Francois"], ["Marco"], ["Giuseppe"], ["Giovanni"], ["Luca"], ["Pieter", "Peter"],
    ["Jan"], ["Willem"], ["Anna", "Ana"], ["Maria"], ["Sophie", "Sofie"], ["Laura"], ["Elena"],
    ["Isabel", "Isabelle"], ["Carmen"], ["Julia"], ["Claire", "Clare"], ["Ingrid"],
    ["Catherine", "Katherine"],
]  # fmt: skip
WEST_FAMILY = _words(
    """
    Smith Johnson Williams Brown Jones Miller Davis García Rodríguez Martínez Hernández López
    González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Müller Schmidt Schneider Fischer
    Weber Meyer Wagner Becker Schulz Hoffmann Bernard Dubois Durand Leroy Moreau Rossi Russo Ferrari
    Esposito Bianchi Romano Colombo Jansen Bakker Visser Smit Meijer Kowalski Nowak Wiśniewski
    Horvath Novak Popescu Ionescu Nielsen Hansen Andersson Johansson Lindqvist Virtanen Korhonen
    O'Connor Murphy
    """
)
WEST_DECOY_FAMILY = _words(
    """
    Taylor Anderson Wilson Moore Jackson White Harris Clark Lewis Walker Hall Young Allen King
    Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker
    Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell Cooper Richardson Cox Howard
    Ward Peterson Gray James Watson Brooks Kelly Sanders Price Bennett Wood Barnes Ross Henderson
    Coleman Jenkins Perry Powell Long Patterson Hughes Foster Sullivan Russell Ortiz Jimenez Ruiz
    Alvarez Castillo Moreno Romero Navarro Gutierrez Ramos Vargas Castro Ortega Delgado Vega Medina
    Aguilar Morales Herrera Koch Richter Klein Wolf Neumann Schwarz Zimmermann Braun Krüger Hofmann
    Hartmann Lange Schmitt Werner Krause Lehmann Schmid Schulze Maier Köhler Herrmann König Walter
    Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Keller Vogel Friedrich Günther
    Frank Berger Winkler Roth Lefebvre Fontaine Chevalier Gauthier Lambert Girard Bonnet Rousseau
    Vincent Faure Mercier Blanc Guerin Boyer Garnier Marino Greco Bruno Gallo Conti Costa Giordano
    Mancini Rizzo Lombardi Moretti
    """
)


def strip_accents(text: str) -> str:
    table = str.maketrans("áéíóúüñçàèìòùâêîôûäöëïśšžłćńõãÁÉÍÓÚÜÑÇ", "aeiouuncaeiouaeiouaoeisszlcnoaAEIOUUNC")
    return text.translate(table)


def west_person(rng: random.Random, families: list[str]) -> Person:
    given = word_from(rng.choice(WEST_GIVEN), rng)
    middle = [word_from(rng.choice(WEST_GIVEN), rng)] if rng.random() < 0.3 else []
    fam = rng.choice(families)
    return Person(
        "western", given, middle, Word(fam, [strip_accents(fam)] if strip_accents(fam) != fam else [])
    )


# ---------------------------------------------------------------------------- companies

GENERIC = _words(
    """
    Trading Systems Technologies Industries Holding Group International Engineering Electronics
    Logistics Solutions Services Communications Security Networks Import Export Manufacturing
    """
)
LEGAL_FORMS = {
    "russian": ["OOO", "LLC", "JSC", "AO", "ZAO", "PAO", "Limited Liability Company"],
    "western": ["Ltd", "Limited", "GmbH", "B.V.", "S.A.", "SARL", "AG", "Inc.", "LLC", "S.p.A.", "N.V."],
    "arabic": ["LLC", "FZE", "FZCO", "Co.", "W.L.L."],
    "chinese": ["Co., Ltd.", "Limited", "Co. Ltd", "Company Limited"],
}
RU_LEGAL_CYR = {"OOO": "ООО", "LLC": "ООО", "JSC": "АО", "AO": "АО", "ZAO": "ЗАО", "PAO": "ПАО"}
CO_SYLLABLES = _words(
    """
    tech prom nor wind ster ra vo lin mar tek sig nal kor vex tri on al za bel gor da nex qua
    """
)
CO_WORDS = _words(
    """
    Northwind Aurora Delta Phoenix Atlas Orion Vega Polaris Zenith Horizon Summit Vertex Falcon
    Condor Sapphire Emerald Granite Cobalt Titan Nova Helios Meridian Cascade Sierra Nimbus Quantum
    Vector
    """
)
CO_DECOY_WORDS = _words(
    """
    Bluebell Meadowbrook Sunflower Riverside Oakwood Maplewood Willowbank Harborview Lakeside
    Hillcrest Greenfield Brookside Fairview Westgate Eastwood Southbank Northgate Kingsway
    Queensbury Ashford
    """
)
CO_DECOY_SYLLABLES = _words(
    """
    bim bap lu pe mo fi ge hu jo ke
    """
)


def co_word(rng: random.Random, words: list[str], syllables: list[str]) -> str:
    if rng.random() < 0.4:
        return rng.choice(words)
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()


RU_LATIN_TO_CYR = [
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
    ("y", "ы"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("w", "в"), ("q", "к"), ("x", "кс"), ("c", "к"),
    ("h", "х"),
]  # fmt: skip


def to_cyrillic(latin: str) -> str:
    """A Latin word written in Cyrillic letters the way a Russian clerk would spell it out."""
    out = ""
    w = latin.lower()
    i = 0
    while i < len(w):
        for lat, cyr in RU_LATIN_TO_CYR:
            if w.startswith(lat, i):
                out += cyr
                i += len(lat)
                break
        else:
            out += w[i]
            i += 1
    return out[:1].upper() + out[1:]


def company(rng: random.Random, words: list[str], syllables: list[str]) -> Company:
    culture = rng.choice(["russian", "western", "western", "arabic", "chinese"])
    n = rng.choice([1, 1, 2, 2, 3])
    parts = [Word(co_word(rng, words, syllables)) for _ in range(n)]
    generic = rng.choice(GENERIC)
    legal = rng.choice(LEGAL_FORMS[culture])
    script_name = None
    if culture == "russian":
        for p in parts:
            p.script = to_cyrillic(p.listed)
        cyr_legal = RU_LEGAL_CYR.get(legal, "ООО")
        script_name = f"{cyr_legal} «{' '.join(p.script or p.listed for p in parts)}»"
    if culture == "chinese":
        parts.insert(
            0, Word(rng.choice(["Shenzhen", "Beijing", "Shanghai", "Guangzhou", "Hangzhou", "Wuhan"]))
        )
    return Company(culture, parts, generic, legal, script_name)


def company_text(c: Company, legal: str | None = None, words: list[str] | None = None) -> str:
    legal = c.legal if legal is None else legal
    names = words if words is not None else [w.listed for w in c.words]
    text = " ".join([*names, c.generic])
    if not legal:
        return text
    if legal in ("OOO", "ZAO", "AO", "PAO") and c.culture == "russian":
        return f"{legal} {text}"
    return f"{text}, {legal}" if legal.startswith("Co") else f"{text} {legal}"


# ---------------------------------------------------------------------------- the list

COUNTRIES = {
    "russian": ["RU", "BY", "KZ"],
    "arabic": ["IQ", "SY", "YE", "LY", "SA", "AE"],
    "persian": ["IR"],
    "greek": ["GR", "CY"],
    "chinese": ["CN", "HK"],
    "western": ["US", "GB", "DE", "FR", "ES", "IT", "NL", "VE"],
}
PERSON_MAKERS: list[tuple[str, float, Callable[[random.Random], Person]]] = [
    ("russian", 0.3, lambda rng: ru_person(rng, RU_ROOTS)),
    ("arabic", 0.25, lambda rng: ar_person(rng, AR_FAMILY)),
    ("persian", 0.08, lambda rng: fa_person(rng, FA_FAMILY)),
    ("greek", 0.07, lambda rng: el_person(rng, EL_ROOTS)),
    ("chinese", 0.1, lambda rng: zh_person(rng, ZH_FAMILY)),
    ("western", 0.2, lambda rng: west_person(rng, WEST_FAMILY)),
]


def person_text(p: Person, parts: list[str] | None = None) -> str:
    parts = parts if parts is not None else [w.listed for w in p.parts]
    if p.culture == "chinese":
        return f"{parts[-1].upper()} {' '.join(parts[:-1])}"  # family name first, as Chinese names are
    return " ".join(parts)


def script_text(p: Person) -> str | None:
    if any(w.script is None for w in p.parts):
        return None
    return " ".join(w.script or "" for w in p.parts)


def make_list(n_names: int = 20_000, seed: int = 13) -> list[SynthEntry]:
    """Entries whose names add up to ``n_names``: about four persons to one entity, each with one to
    four names (the main one, aliases, a weak alias, the name in its own script)."""
    rng = random.Random(seed)
    entries: list[SynthEntry] = []
    total = 0
    weights = [w for _, w, _ in PERSON_MAKERS]
    seen: set[str] = set()
    while total < n_names:
        i = len(entries)
        if rng.random() < 0.2:
            c = company(rng, CO_WORDS, CO_SYLLABLES)
            main = company_text(c)
            if main.lower() in seen:
                continue
            names = [(main, "strong")]
            if c.script_name and rng.random() < 0.7:
                names.append((c.script_name, "strong"))
            if rng.random() < 0.3:
                acronym = "".join(w.listed[0] for w in c.words) + c.generic[0]
                names.append((acronym.upper(), "weak"))
            subject: Person | Company = c
            kind, year = "entity", None
            culture = c.culture
        else:
            culture, _, maker = rng.choices(PERSON_MAKERS, weights)[0]
            p = maker(rng)
            main = person_text(p)
            if main.lower() in seen:
                continue
            names = [(main, "strong")]
            script = script_text(p)
            if script and rng.random() < 0.6:
                names.append((script, "strong"))
            if rng.random() < 0.35:  # an alias: another spelling of the whole name
                names.append((person_text(p, [w.other(rng) for w in p.parts]), "strong"))
            if rng.random() < 0.15:
                names.append((f"Abu {p.given.listed}" if culture == "arabic" else p.family.listed, "weak"))
            subject, kind, year = p, "person", rng.randint(1940, 1995)
        seen.add(main.lower())
        entries.append(SynthEntry(f"SYN.{i:05d}", kind, subject, names, rng.choice(COUNTRIES[culture]), year))
        total += len(names)
    return entries


def eu_xml(entries: list[SynthEntry], generated: str = "2026-11-20T10:00:00.000+01:00") -> str:
    """The entries as an EU Financial Sanctions Files XML 1.1 document."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="{generated}">',
    ]
    for e in entries:
        out.append(f'<sanctionEntity euReferenceNumber={quoteattr(e.entry_id)} logicalId="{e.entry_id[4:]}">')
        out.append('<regulation programme="SYNTH"/>')
        out.append(f'<subjectType code="{"person" if e.kind == "person" else "enterprise"}"/>')
        for text, strength in e.names:
            strong = "true" if strength == "strong" else "false"
            out.append(f'<nameAlias wholeName={quoteattr(text)} strong="{strong}"/>')
        if e.kind == "person":
            out.append(f'<citizenship countryIso2Code="{e.citizenship}"/>')
            out.append(f'<birthdate year="{e.birth_year}"/>')
        else:
            out.append(f'<address countryIso2Code="{e.citizenship}"/>')
        out.append("</sanctionEntity>")
    out.append("</export>")
    return "\n".join(out)


# ---------------------------------------------------------------------------- variants

KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "o", "a": "qsz", "s": "adwx", "d": "sfex", "f": "dgrc", "g": "fhtv", "h": "gjyb",
    "j": "hkun", "k": "jlim", "l": "ko", "z": "asx", "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn",
    "n": "bhjm", "m": "njk",
}  # fmt: skip


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip inside a word (not its first letter)."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(["drop", "double", "swap", "near"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    near = KEYBOARD.get(word[i].lower())
    return word[:i] + rng.choice(near) + word[i + 1 :] if near else word[:i] + word[i + 1 :]


@dataclass
class Query:
    text: str
    category: str
    list_id: str | None  # None for a decoy
    entry_id: str | None
    country: str | None = None


def _longest(words: list[str]) -> int:
    return max(range(len(words)), key=lambda i: len(words[i]))


def person_variants(e: SynthEntry, p: Person, rng: random.Random) -> list[Query]:
    out: list[Query] = []
    parts = [w.listed for w in p.parts]

    def q(text: str, cat: str) -> None:
        out.append(Query(text, cat, "eu_fsf", e.entry_id))

    q(person_text(p, [w.other(rng) for w in p.parts]), "spelling")
    words = parts[:]
    i = _longest(words)
    words[i] = typo(words[i], rng)
    q(person_text(p, words), "typo")
    if len(parts) >= 3:
        words = [typo(w, rng) if len(w) >= 6 else w for w in parts]
        q(person_text(p, words), "typos (2+)")
    q(
        f"{parts[-1].upper()}, {' '.join(parts[:-1])}" if p.culture != "chinese" else " ".join(parts),
        "reordered",
    )
    if p.middle:
        q(person_text(p, [parts[0], parts[-1]]), "dropped middle name")
    elif p.culture != "chinese":
        extra = rng.choice(["Ivanovich", "Ali", "Maria", "Jose", "Hassan", "Petrovich"])
        q(person_text(p, [parts[0], extra, parts[-1]]), "extra middle name")
    if p.culture != "chinese":
        q(person_text(p, [parts[0][0] + ".", *parts[1:]]), "initial")
    script = script_text(p)
    if script:
        on_list = any(text == script for text, _ in e.names)
        q(script, "original script" if on_list else "original script, list in Latin only")
    if p.culture == "russian":
        system, table = rng.choice(RU_QUERY_SYSTEMS)
        q(person_text(p, [romanise_ru(w.script or "", table, system) for w in p.parts]), "transliteration")
    if p.culture == "greek":
        q(person_text(p, [romanise_el(w.script or "", True) for w in p.parts]), "transliteration")
    if p.culture == "chinese":
        q(f"{p.family.other(rng)} {p.given.other(rng)}", "transliteration")
    if p.culture in ("western",):
        q(strip_accents(person_text(p)).lower(), "case and accents")
    return out


def company_variants(e: SynthEntry, c: Company, rng: random.Random) -> list[Query]:
    out: list[Query] = []

    def q(text: str, cat: str) -> None:
        out.append(Query(text, cat, "eu_fsf", e.entry_id))

    forms = [f for forms_ in LEGAL_FORMS.values() for f in forms_ if f != c.legal]
    q(company_text(c, legal=rng.choice(forms)), "legal form changed")
    q(company_text(c, legal=""), "legal form dropped")
    words = [w.listed for w in c.words]
    i = _longest(words)
    words[i] = typo(words[i], rng)
    q(company_text(c, words=words), "typo")
    if c.script_name and any(text == c.script_name for text, _ in e.names):
        q(c.script_name, "original script")
    elif c.culture == "russian":
        q(f"ООО «{' '.join(to_cyrillic(w.listed) for w in c.words)}»", "original script, list in Latin only")
    q(company_text(c).upper().replace(",", ""), "case and punctuation")
    return out


def sample_variants(list_id: str, entry_id: str, name: str, person: bool, rng: random.Random) -> list[Query]:
    """Variants of a name from the sample files: a typo, the words reversed, a person's middle names
    dropped."""
    words = name.replace(",", " ").split()
    out = [Query(name, "sample: as listed", list_id, entry_id)]
    if words and max(len(w) for w in words) >= 5:
        w2 = words[:]
        i = _longest(w2)
        w2[i] = typo(w2[i], rng)
        out.append(Query(" ".join(w2), "sample: typo", list_id, entry_id))
    if len(words) >= 2:
        out.append(Query(" ".join(reversed(words)), "sample: reordered", list_id, entry_id))
    if len(words) >= 3 and person:
        out.append(Query(f"{words[0]} {words[-1]}", "sample: dropped middle", list_id, entry_id))
    return out


def decoys(n: int, seed: int = 31) -> list[Query]:
    """Names on no list: given names from the same pools, family names and company words not."""
    rng = random.Random(seed)
    makers: list[Callable[[random.Random], str]] = [
        lambda r: person_text(ru_person(r, RU_DECOY_ROOTS)),
        lambda r: person_text(ar_person(r, AR_DECOY_FAMILY)),
        lambda r: person_text(fa_person(r, FA_DECOY_FAMILY)),
        lambda r: person_text(el_person(r, EL_DECOY_ROOTS)),
        lambda r: person_text(zh_person(r, ZH_DECOY_FAMILY)),
        lambda r: person_text(west_person(r, WEST_DECOY_FAMILY)),
        lambda r: person_text(west_person(r, WEST_DECOY_FAMILY)),
        lambda r: company_text(company(r, CO_DECOY_WORDS, CO_DECOY_SYLLABLES)),
        lambda r: company_text(company(r, CO_DECOY_WORDS, CO_DECOY_SYLLABLES)),
        lambda r: script_text(ru_person(r, RU_DECOY_ROOTS)) or "",
        lambda r: script_text(ar_person(r, AR_DECOY_FAMILY)) or "",
    ]
    out: list[Query] = []
    seen: set[str] = set()
    while len(out) < n:
        text = rng.choice(makers)(rng)
        if text and text not in seen:
            seen.add(text)
            out.append(Query(text, "decoy", None, None))
    return out
