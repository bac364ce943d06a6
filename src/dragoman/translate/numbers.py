"""Numbers as the target language may write them: digits with any separators, Roman numerals, words.

The numbers check (:mod:`dragoman.translate.checks`) wants every number of the source in the translation.
Compared by digits alone, "1,000" and "1.000" (or "1 000", or Arabic-Indic digits) are already the same
number; what this module adds is the other ways a translation legitimately writes a number:

* **Roman numerals**, as Spanish, French, Italian, Catalan... write centuries and monarchs: "the 14th
  century" -> "el siglo XIV", "le XIVe siècle" (upper case only, in canonical form: "vi" or "mil" are
  words, not numbers);
* **words**, for small numbers and ordinals, in the target language: "the 2nd round" -> "la segunda
  vuelta", "3 children" -> "tres niños", "14th century" -> "القرن الرابع عشر". The tables hold the
  cardinals 0-20 and the ordinals 1-20 of the languages the engines here serve most (en, es, ca, gl, pt,
  fr, it, de, nl, ar); Babel has no number spellings (CLDR's rule-based formats are not in it), hence these
  compact tables. Gender, plural and (in Arabic) the article and clitics are tried away, so "primeras",
  "segona", "dritten" and "والثالثة" are found;
* **thousands separated by plain spaces**, as some engines write French or Spanish: "1 000".

:func:`alternatives` gives the values written in these ways, as digit strings, for the check to set
against the numbers it did not find among the digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Cardinals from 0 and ordinals from 1, in order; "/" separates other spellings of the same number (gender,
# apocope, regional forms); a space joins the words of a two-word number. Accents and hamzas are compared
# away (see _fold), so they are written here as the language writes them.
_TABLES: dict[str, tuple[str, str]] = {
    "en": (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty",
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth",
    ),
    "es": (
        "cero uno/una/un dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve veinte",
        "primero/primer segundo tercero/tercer cuarto quinto sexto séptimo/sétimo octavo noveno/nono décimo "
        "undécimo/decimoprimero/decimoprimer/décimo_primero duodécimo/decimosegundo/décimo_segundo "
        "decimotercero/decimotercer/décimo_tercero decimocuarto/décimo_cuarto decimoquinto/décimo_quinto "
        "decimosexto/décimo_sexto decimoséptimo/décimo_séptimo decimoctavo/décimo_octavo "
        "decimonoveno/decimonono/décimo_noveno vigésimo",
    ),
    "ca": (
        "zero u/un/una dos/dues tres quatre cinc sis set vuit/huit nou deu onze dotze tretze catorze quinze "
        "setze disset dihuit/divuit dinou vint",
        "primer segon tercer quart cinquè sisè setè vuitè novè desè onzè dotzè tretzè catorzè quinzè setzè "
        "dissetè divuitè dinovè vintè",
    ),
    "gl": (
        "cero un/unha/uno dous/dúas tres catro cinco seis sete oito nove dez once doce trece catorce quince "
        "dezaseis dezasete dezaoito dezanove vinte",
        "primeiro segundo terceiro cuarto quinto sexto sétimo oitavo noveno/nono décimo "
        "undécimo/décimo_primeiro duodécimo/décimo_segundo décimo_terceiro décimo_cuarto décimo_quinto "
        "décimo_sexto décimo_sétimo décimo_oitavo décimo_noveno/décimo_nono vixésimo",
    ),
    "pt": (
        "zero um/uma dois/duas três quatro cinco seis sete oito nove dez onze doze treze catorze/quatorze "
        "quinze dezesseis/dezasseis dezessete/dezassete dezoito dezenove/dezanove vinte",
        "primeiro segundo terceiro quarto quinto sexto sétimo oitavo nono décimo undécimo/décimo_primeiro "
        "duodécimo/décimo_segundo décimo_terceiro décimo_quarto décimo_quinto décimo_sexto décimo_sétimo "
        "décimo_oitavo décimo_nono vigésimo",
    ),
    "fr": (
        "zéro un/une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
        "dix_sept dix_huit dix_neuf vingt",
        "premier/première deuxième/second/seconde troisième quatrième cinquième sixième septième huitième "
        "neuvième dixième onzième douzième treizième quatorzième quinzième seizième dix_septième dix_huitième "
        "dix_neuvième vingtième",
    ),
    "it": (
        "zero uno/una/un due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici "
        "quindici sedici diciassette diciotto diciannove venti",
        "primo secondo terzo quarto quinto sesto settimo ottavo nono decimo undicesimo dodicesimo tredicesimo "
        "quattordicesimo quindicesimo sedicesimo diciassettesimo diciottesimo diciannovesimo ventesimo",
    ),
    "de": (
        "null eins/ein/eine zwei/zwo drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
        "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
        "erste zweite dritte vierte fünfte sechste siebte/siebente achte neunte zehnte elfte zwölfte dreizehnte "
        "vierzehnte fünfzehnte sechzehnte siebzehnte achtzehnte neunzehnte zwanzigste",
    ),
    "nl": (
        "nul een/één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
        "zeventien achttien negentien twintig",
        "eerste tweede derde vierde vijfde zesde zevende achtste negende tiende elfde twaalfde dertiende "
        "veertiende vijftiende zestiende zeventiende achttiende negentiende twintigste",
    ),
    "ar": (
        "صفر واحد/أحد/إحدى اثنان/اثنين/اثنتان/اثنتين ثلاثة/ثلاث أربعة/أربع خمسة/خمس ستة/ست سبعة/سبع "
        "ثمانية/ثماني/ثمان تسعة/تسع عشرة/عشر أحد_عشر/إحدى_عشرة اثنا_عشر/اثني_عشر/اثنتا_عشرة/اثنتي_عشرة "
        "ثلاثة_عشر/ثلاث_عشرة أربعة_عشر/أربع_عشرة خمسة_عشر/خمس_عشرة ستة_عشر/ست_عشرة سبعة_عشر/سبع_عشرة "
        "ثمانية_عشر/ثماني_عشرة تسعة_عشر/تسع_عشرة عشرون/عشرين",
        "أول/أولى ثاني/ثان ثالث رابع خامس سادس سابع ثامن تاسع عاشر حادي_عشر/حادية_عشرة ثاني_عشر ثالث_عشر "
        "رابع_عشر خامس_عشر سادس_عشر سابع_عشر ثامن_عشر تاسع_عشر عشرون/عشرين",
    ),
}

_WORD = re.compile(r"[^\W\d_]+")
# A Roman numeral, possibly with an ordinal's ending ("XIVe siècle", "Ier", "IIIª").
_ROMAN = re.compile(r"(?<![^\W\d_])([MDCLXVI]+)(?:e|er|re|ème|º|ª)?(?![^\W\d_])")
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(value: int) -> str:
    """``14`` -> ``"XIV"``."""
    out = []
    for amount, letters in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def roman_value(text: str) -> int | None:
    """``"XIV"`` -> ``14``; None for what is not a Roman numeral in canonical form (``"IIII"``, ``"VX"``)."""
    value, rest = 0, text
    for amount, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            value += amount
            rest = rest[len(letters) :]
    return value if not rest and 0 < value < 4000 and roman(value) == text else None


def _fold(word: str) -> str:
    """Lower case, without accents, hamzas and Arabic diacritics; ta marbuta and alif maqsura as ha and ya."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).replace("ة", "ه").replace("ى", "ي").replace("ٱ", "ا")


@lru_cache(maxsize=None)
def _table(language: str) -> dict[str, int]:
    """Folded spelling -> value, for ``language`` (empty for a language without a table)."""
    cardinals, ordinals = _TABLES.get(language, ("", ""))
    table: dict[str, int] = {}
    for start, words in ((0, cardinals), (1, ordinals)):
        for value, spellings in enumerate(words.split(), start):
            for spelling in spellings.split("/"):
                table.setdefault(_fold(spelling.replace("_", " ")), value)
    return table


# Endings tried away to find a word's dictionary form: plural, feminine, German declension.
_ROMANCE = ("s", "es", "a>o", "as>o", "a", "as", "e>o", "i>o", "ena>e", "enes>e", "ens>e")
_ENDINGS = {"es": _ROMANCE, "ca": _ROMANCE, "gl": _ROMANCE, "pt": _ROMANCE, "it": _ROMANCE, "fr": ("s", "e", "es"),
            "de": ("n", "r", "s", "m"), "nl": ("n",), "en": ("s",)}  # fmt: skip
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def _forms(word: str, language: str) -> list[str]:
    """The folded word and the dictionary forms it may be an inflection of."""
    word = _fold(word)
    forms = [word]
    if language == "ar":
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                forms.append(word[len(prefix) :])
        forms += [form[:-1] for form in list(forms) if form.endswith("ه") and len(form) > 3]
        return forms
    for ending in _ENDINGS.get(language, ()):
        old, _, new = ending.partition(">")
        if word.endswith(old) and len(word) > len(old) + 1:
            forms.append(word[: len(word) - len(old)] + new)
    return forms


def _lookup(words: list[str], language: str, table: dict[str, int]) -> int | None:
    """The value of the words (one or two), as any of their forms."""
    if len(words) == 1:
        return next((table[form] for form in _forms(words[0], language) if form in table), None)
    first, second = (_forms(word, language) for word in words)
    return next((table[f"{a} {b}"] for a in first for b in second if f"{a} {b}" in table), None)


def spelled(text: str, language: str) -> list[int]:
    """The small numbers written in words in ``text``, in ``language`` (ISO 639-1, a region ignored)."""
    language = (language or "").split("-")[0].lower()
    table = _table(language)
    if not table:
        return []
    words = _WORD.findall(text)
    found, i = [], 0
    while i < len(words):
        pair = _lookup(words[i : i + 2], language, table) if i + 1 < len(words) else None
        if pair is not None:
            found.append(pair)
            i += 2
            continue
        single = _lookup(words[i : i + 1], language, table)
        if single is not None:
            found.append(single)
        i += 1
    return found


def romans(text: str) -> list[int]:
    """The values of the Roman numerals in ``text``."""
    return [value for match in _ROMAN.finditer(text) if (value := roman_value(match.group(1))) is not None]


def alternatives(text: str, language: str | None) -> Counter[str]:
    """Numbers ``text`` writes otherwise than as digits with separators, as digit strings (without leading
    zeros): Roman numerals, words of ``language`` (none when it is unknown), thousands spaced with plain
    spaces."""
    language = (language or "").split("-")[0].lower()
    values = [str(value) for value in romans(text)]
    values += [str(value) for value in spelled(text, language)]
    values += [match.group().replace(" ", "").lstrip("0") or "0" for match in _SPACED_THOUSANDS.finditer(text)]
    return Counter(values)
