"""Names kept: proper names are found before translation and protected, so they come out one way.

Rule-based engines read a name that is also a word as the word ("Trump" -> "Triunfo", "Theresa May" ->
"Mayo de Theresa", the town of Reading -> "La lectura", "He Jianxiong" -> "Él Jianxiong"), and any engine
may spell a name in another script two ways in one article. This module finds each unit's names and
protects them like glossary terms, with one difference that matters for the sentence around them:

    names = Names(known=["Theresa May"], memory=InMemoryNames())
    result = translate_html(html, "en", "es", engine, names=names)     # see document.py
    result.names                                                        # {"Theresa May": "Theresa May", ...}

**Finding** (:class:`NameFinder`, plain Python, the whole document at once, since the evidence is the
article's). A name is a run of capitalised words (with ``of``, ``van``, ``de``… between them, and
acronyms) that is not capitalised merely because it begins a sentence:

* inside a sentence, a capitalised run is a name, except words a language capitalises that are not names:
  day and month names, language names and the nationality words made from country names (from CLDR, via
  babel), and a short per-language list (religions, parties' adjectives, points of the compass); a month
  name is a month next to a number or after "in", "since", "last"…, and a name otherwise ("Theresa May");
* titles ("President", "Mr", "Prime Minister", "the foreign secretary") are evidence, not part of the name;
  a run that is only a title is an office, not a name;
* a run whose head is an institution ("Supreme Court", "Bank of England", "European Union") with only
  common words around it is left to the engine, which translates institutions as the press does; with a
  name in it ("Trump Organization", "Reading Football Club") it is a name;
* a sentence-initial word is a name only with evidence: the article uses it as a name inside a sentence
  (or as the surname of a longer name it gives), the article names it (bylines, tags, JSON-LD
  ``about``/``mentions``), the glossary or the names memory of the pair knows it, or the morphological
  analyser knows it only as a name; when the article also uses the word as an ordinary word ("May I…",
  "the rice harvest"), what follows decides ("May said", "Rice's plan");
* a sentence-initial function word is dropped from a run ("In Reading" -> "Reading"), except a subject
  pronoun followed by a capitalised word, which is a name ("He Jianxiong"): English puts a verb there;
* a heading in title case ("Trump Visits Reading as May Faces Vote") gives no evidence by its capitals:
  its words are names only as the body uses them;
* possessives stay outside the name ("Trump's" -> "Trump" + "'s"), except a name that is itself a
  possessive ("Moody's", "McDonald's": never used without its "'s", or followed by a verb or nothing);
  a plural of a name found in the article ("the Kennedys") is that name.

When Apertium's morphological analyser for the source language is installed (``lt-proc`` and a pair's
``automorf.bin``), it is asked about the capitalised words (one call per document, then cached): a word it
knows only as a proper noun or an acronym (London, NATO) is one the engine translates well itself, and is
left to it when the target uses the same script; a capitalised word whose dictionary form is capitalised
but is no proper noun (Monday, French) is an ordinary word; a word it does not know at all is a name.

**What a name becomes** (:class:`NameEntry.form`), decided once per document: the glossary's form; else
a form an editor gave (names memory); else, for a target in the source's script, the name as written or
its established form, a country's or a city's name in the target language from CLDR (Turkey -> Turquía,
London -> Londres); for a target in another script, the engine's own rendering of the name in context,
taken once (the most frequent among the document's occurrences), stored in the names memory and used for
every later occurrence, so a name never gets two spellings; a rendering still in the source's letters is
asked for again with the name alone, and a name the engine will not render is kept as written and not
remembered.

**Protecting.** Each occurrence becomes a paired placeholder (:class:`~dragoman.translate.units.Name`)
around the word the engine sees: the name itself, or, for engines that read names as words
(:meth:`Engine.name_stand_in`: Apertium), a stand-in the engine knows as a proper noun and leaves as it is.
The engine then builds the sentence around a proper noun ("Theresa May said" -> "Theresa May dijo", where
an atom in its place gave "Theresa May Dicho") and moves the placeholder with its word; what it writes
inside is replaced by the name's form. The checks see a placeholder like any other. A word capitalised only
by its place and found to be an ordinary word goes to such an engine in lower case when the analyser also
knows it as a name ("Bush fires spread": Apertium reads a capitalised "Bush" as the president), and the
sentence gets its capital back. The whole design, and what the bench measured: ``docs/names.md``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import select
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from dragoman.translate.units import Atom, Close, Literal, Name, Open, Placeholder, Text, Token, Unit, within_names

log = logging.getLogger(__name__)

# --- the names memory -------------------------------------------------------------------------------------------


@runtime_checkable
class NamesMemory(Protocol):
    """Names seen in earlier articles of a language pair, with what each became (the database's lives with
    the Django apps: ``dragoman.names``)."""

    def lookup(self, source: str, target: str, names: list[str]) -> dict[str, tuple[str, str]]:
        """``{name: (form, origin)}`` for those of ``names`` already seen; origin ``editor``, ``engine``,
        ``cldr`` or ``written``."""
        ...

    def store(self, source: str, target: str, forms: Mapping[str, tuple[str, str]]) -> None:
        """Remember ``{name: (form, origin)}``; a name already held keeps its form (one spelling), unless the new
        form is an editor's."""
        ...


class InMemoryNames:
    """A names memory in a dictionary (tests, benchmarks, one-off runs)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], tuple[str, str]] = {}

    def lookup(self, source: str, target: str, names: list[str]) -> dict[str, tuple[str, str]]:
        return {name: self.entries[source, target, name] for name in names if (source, target, name) in self.entries}

    def store(self, source: str, target: str, forms: Mapping[str, tuple[str, str]]) -> None:
        for name, (form, origin) in forms.items():
            held = self.entries.get((source, target, name))
            if held and origin != "editor":
                continue  # one spelling: a name keeps the form it was first given, unless an editor gives one
            self.entries[source, target, name] = (form, origin)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class Names:
    """What a translation knows about names besides its text.

    :param known: names the article gives (authors, tags, JSON-LD ``about``/``mentions``, captions' credits).
    :param memory: the names memory of the pair (:class:`NamesMemory`), or None.
    :param lexicon: a :class:`Lexicon`; ``"auto"`` finds Apertium's analyser for the source language if it is
        installed; None uses none.
    :param tags: the article's tags, weaker evidence than ``known`` (a tag may be a topic, "Rice"): they help
        decide a sentence-initial word or a heading's, never make a name of an institution.
    """

    known: Sequence[str] = ()
    memory: NamesMemory | None = None
    lexicon: "Lexicon | str | None" = "auto"
    tags: Sequence[str] = ()  # the article's tags: names when the text uses them as names, topics otherwise

    @classmethod
    def coerce(cls, names: "Names | bool | None") -> "Names | None":
        if names is False:
            return None
        if names is None or names is True:
            return cls()
        return names


@dataclass(eq=False)
class NameEntry:
    """One name of a document and what it becomes (shared by all its occurrences)."""

    key: str  # the name as written in the source
    form: str | None  # None until the engine's rendering is taken (a target in another script)
    origin: str  # glossary, editor, cldr, written, engine, memory (an engine's rendering seen before)
    store: bool = True  # worth keeping in the names memory


# --- scripts --------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def script_of(language: str) -> str:
    """The usual script of a language, as an ISO 15924 code from CLDR's likely subtags (``"ru"`` -> ``Cyrl``)."""
    language = (language or "").replace("-", "_").split("_")[0].lower()
    try:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(language, "")
    except Exception:  # babel missing or its data unreadable: assume the common case
        likely = ""
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else "Latn"


_SCRIPT_WORDS = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Grek": "GREEK", "Arab": "ARABIC", "Hebr": "HEBREW"}


def letters_in(text: str, script: str) -> int:
    """How many letters of ``text`` are of ``script`` (only the scripts of :data:`_SCRIPT_WORDS` are told)."""
    word = _SCRIPT_WORDS.get(script)
    if word is None:
        return 0
    return sum(1 for ch in text if ch.isalpha() and unicodedata.name(ch, "").startswith(word))


# --- language resources ---------------------------------------------------------------------------------------------


@dataclass
class _Language:
    """What the finder knows about a source language besides CLDR's data."""

    stop: frozenset[str] = frozenset()  # function words that begin sentences (lower case)
    pronouns: frozenset[str] = frozenset()  # subject pronouns: followed by a capitalised word, a name
    titles: frozenset[str] = frozenset()  # lower case; single words
    title_modifiers: frozenset[str] = frozenset()  # words that form titles with a title word ("prime", "foreign")
    connectors: frozenset[str] = frozenset()  # lower-case words inside names ("of", "van", "de")
    institutions: frozenset[str] = frozenset()  # heads of institutions' names (lower case)
    institution_words: frozenset[str] = frozenset()  # common words in institutions' names
    never: frozenset[str] = frozenset()  # capitalised words that are not names (lower case)
    month_before: frozenset[str] = frozenset()  # words after which a month name is a month
    subject_followers: frozenset[str] = frozenset()  # words after a subject: "said", "has"
    abbreviations: frozenset[str] = frozenset()  # "Mr." does not end a sentence
    determiners: frozenset[str] = frozenset()  # a sentence-initial word followed by one is no name
    possessive: bool = False  # 's marks possession
    capitalises_nouns: bool = False  # German: every noun is capitalised, so capitals are no evidence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN = _Language(
    stop=_words(
        "a an the this that these those in on at by for from to of with without after before during since until "
        "as about above across against along among around behind below beneath beside besides between beyond "
        "despite down inside into near off onto outside over past per through throughout toward towards under "
        "unlike up upon via within and but or nor so yet if when while where whereas because although though "
        "unless whether once then than now also still even just only however meanwhile moreover furthermore "
        "nevertheless instead yesterday today tomorrow tonight earlier later last next first finally here there "
        "some many most more much few several all both each every any no none other another such what which "
        "who whom whose why how it its he she we they you i his her their our my your him them us me not never "
        "always often already again almost perhaps indeed thus hence therefore otherwise anyway overall "
        "currently recently previously according asked speaking like is are was were be been has have had do "
        "does did please thanks thank yes oh well "
        "among amid amidst while whilst whatever whoever wherever whenever everyone everybody nobody nothing "
        "something someone anyone everything everywhere elsewhere soon late early again instead rather "
        "despite following including regarding concerning given"
    ),
    pronouns=_words("he she it we they you"),
    titles=_words(
        "mr mrs ms miss mx dr sir dame lord lady king queen prince princess pope president minister secretary "
        "chancellor senator sen rep representative congressman congresswoman governor gov mayor judge justice "
        "professor prof rev reverend father sister brother chief director chairman chairwoman chair ceo "
        "archbishop bishop cardinal sheikh emir ayatollah imam rabbi speaker leader commissioner ambassador "
        "officer inspector detective sergeant sgt lieutenant lt captain capt colonel col major general gen "
        "admiral marshal commander premier spokesman spokeswoman spokesperson counsel coach manager "
        "president-elect vice-president chancellor-elect mp mep deputy emperor empress duke duchess earl "
        "baroness baron count countess sultan crown"
    ),
    title_modifiers=_words(
        "prime vice deputy foreign home finance health interior defence defense justice trade education culture "
        "chief attorney acting former interim first shadow opposition state treasury energy transport labor "
        "labour economy environment agriculture security business industry housing communities work pensions "
        "science technology digital media sport sports local regional federal general grand high supreme "
        "executive managing founding head senior junior assistant associate lord"
    ),
    connectors=_words("of van von der den da di du de del al bin ibn le la"),
    institutions=_words(
        "government parliament congress senate cabinet council court courts union party ministry department "
        "office agency commission committee assembly army navy force forces police bank fund organisation "
        "organization nations church museum university school college hospital institute service authority "
        "board tribunal federation alliance coalition movement front guard corps house commons lords chamber "
        "treasury exchequer embassy consulate republic kingdom league association society conference summit "
        "games olympics cup championship council parliament academy library"
    ),
    institution_words=_words(
        "supreme high central world national international federal royal foreign home interior defence defense "
        "justice health education security finance state united general public civil constitutional liberal "
        "democratic republican communist socialist green conservative social labour labor people's peoples "
        "european african asian american arab islamic christian catholic monetary reserve criminal appeal "
        "appeals human rights trade energy atomic nuclear olympic football rugby premier champions "
        "commonwealth red cross white upper lower new"
    ),
    never=_words(
        "i god christian christians christianity muslim muslims islam islamic jewish jew jews judaism catholic "
        "catholics catholicism protestant protestants buddhist buddhists buddhism hindu hindus hinduism sikh "
        "sikhs sunni sunnis shia shiite shiites democrat democrats democratic republican republicans tory "
        "tories communist communists socialist socialists western eastern northern southern westerners arab "
        "arabs internet web covid christmas easter ramadan eid thanksgiving halloween north south east west "
        "north-east north-west south-east south-west ok tv"
    ),
    month_before=_words(
        "in since until till by from through last next early late mid this of during before after between "
        "and or to until throughout every each until end beginning start middle"
    ),
    subject_followers=_words(
        "said says say told tells added adds announced announces wrote writes argued argues insisted insists "
        "warned warns claimed claims replied replies explained explains noted notes stressed stresses urged "
        "urges promised promises denied denies admitted admits confirmed confirms tweeted posted called calls "
        "has had will would did does could can should plans planned wants wanted faces faced "
        "won wins lost loses signed signs visited visits met meets left leaves became becomes took takes "
        "reported opened launched raised released sold bought hired fired appealed testified testifies "
        "resigned resigns "
        "made makes gave gives agreed agrees declined declines refused refuses rejected rejects"
    ),
    abbreviations=_words("mr mrs ms dr st gen sen rep gov prof lt col capt sgt jr sr inc corp co ltd no vs mt ft rev"),
    determiners=_words("the a an this that these those his her their its our my your some every each"),
    possessive=True,
)

_ES = _Language(
    stop=_words(
        "el la los las un una unos unas lo en de del a al con por para sin sobre tras desde hasta entre según "
        "durante ante bajo contra hacia mediante y e o u pero sino aunque si cuando mientras como porque que "
        "ya también además sin embargo ayer hoy mañana anoche este esta estos estas ese esa esos esas aquel "
        "aquella su sus mi mis nuestro nuestra le les se no más muy todo todos toda todas cada otro otra otros "
        "otras algunos algunas varios varias muchos muchas pocos él ella ellos ellas nosotros usted ustedes "
        "esto eso aquí allí así entonces luego después antes ahora nunca siempre tampoco incluso solo sólo "
        "donde dónde qué quién cuál cómo cuándo pues además finalmente primero segundo hay es son fue era "
        "ha han había según tanto ni"
    ),
    titles=_words(
        "sr sra srta don doña señor señora presidente presidenta ministro ministra rey reina papa príncipe "
        "princesa secretario secretaria alcalde alcaldesa general juez jueza doctor doctora dr dra profesor "
        "profesora líder portavoz diputado diputada senador senadora vicepresidente vicepresidenta consejero "
        "consejera gobernador gobernadora director directora jefe jefa canciller fiscal magistrado magistrada "
        "delegado delegada comisario comisaria coronel capitán teniente almirante obispo arzobispo cardenal "
        "padre sor"
    ),
    title_modifiers=_words("primer primera vice ex"),
    connectors=_words("de del la las los el y"),
    institutions=_words(
        "gobierno congreso senado ministerio tribunal audiencia consejo comisión parlamento partido ejército "
        "policía guardia banco fondo junta ayuntamiento universidad museo hospital instituto agencia oficina "
        "casa unión naciones comunidad asamblea cámara corte fiscalía generalitat diputación cortes defensor "
        "organización federación liga copa juegos"
    ),
    institution_words=_words(
        "supremo suprema constitucional nacional central general mundial europeo europea popular socialista "
        "obrero español española civil federal internacional unidas unido monetario de del la los las diputados "
        "cuentas estado interior exterior exteriores defensa hacienda justicia sanidad educación trabajo"
    ),
    month_before=frozenset(),
    subject_followers=_words(
        "dijo dice afirmó afirma señaló señala aseguró asegura explicó explica declaró declara indicó indica "
        "añadió añade anunció anuncia ha había es fue será era está estaba tiene tenía"
    ),
    abbreviations=_words("sr sra srta dr dra d dña"),
)

_LANGUAGES: dict[str, _Language] = {
    "en": _EN,
    "es": _ES,
    "de": _Language(capitalises_nouns=True),
}


def _language(code: str) -> _Language:
    return _LANGUAGES.get(code, _Language())


# English names CLDR gives a country under a variant ("alt") key that babel's data leaves out.
_TERRITORY_ALIASES = {
    "en": {
        "Turkey": "TR", "Czech Republic": "CZ", "Ivory Coast": "CI", "Burma": "MM", "Myanmar": "MM",
        "Britain": "GB", "Great Britain": "GB", "Swaziland": "SZ", "Macedonia": "MK", "Cape Verde": "CV",
        "East Timor": "TL", "Vatican": "VA", "Palestine": "PS", "Hong Kong": "HK", "Macau": "MO", "Macao": "MO",
        "Congo": "CG", "Falkland Islands": "FK", "Holland": "NL",
    },
}
_REGIONS = ("002", "009", "019", "142", "150", "005", "013", "021", "419")  # continents and big regions


@lru_cache(maxsize=64)
def _territories(language: str) -> dict[str, str]:
    """Country (and continent) names in ``language`` -> CLDR codes."""
    try:
        from babel import Locale

        names = Locale.parse(language).territories
    except Exception:
        return {}
    found = {name: code for code, name in names.items() if (len(code) == 2 and code.isalpha()) or code in _REGIONS}
    for name, code in _TERRITORY_ALIASES.get(language, {}).items():
        found.setdefault(name, code)
    return found


@lru_cache(maxsize=64)
def _cities(language: str) -> dict[str, str]:
    """City names (CLDR's exemplar cities of time zones) in ``language`` -> time zone id. For English the
    zone ids themselves name the cities."""
    try:
        from babel import Locale

        zones = Locale.parse(language).time_zones
        from babel.core import get_global

        ids = list(get_global("zone_territories"))
    except Exception:
        return {}
    found: dict[str, str] = {}
    for zone in ids:
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/")):
            continue
        city = (zones.get(zone) or {}).get("city")
        if not city and language == "en":
            city = zone.rsplit("/", 1)[1].replace("_", " ")
        if city and city[0].isupper():
            found.setdefault(city, zone)
    return found


def established_form(name: str, source: str, target: str) -> str | None:
    """A country's, continent's or city's name in ``target`` (CLDR) for its name in ``source``, else None."""
    code = _territories(source).get(name)
    if code is not None:
        try:
            from babel import Locale

            form = Locale.parse(target).territories.get(code)
        except Exception:
            form = None
        if form:
            return form
    zone = _cities(source).get(name)
    if zone is not None:
        try:
            from babel import Locale

            form = (Locale.parse(target).time_zones.get(zone) or {}).get("city")
        except Exception:
            form = None
        if form:
            return form
    return None


@lru_cache(maxsize=64)
def _never_names(language: str) -> frozenset[str]:
    """Capitalised words of ``language`` that are not names (lower case): days, languages and, for English,
    nationality words made from country names, plus the language's own list."""
    found = set(_language(language).never)
    try:
        from babel import Locale

        locale = Locale.parse(language)
        for width in ("wide", "abbreviated"):
            found.update(day.lower().rstrip(".") for day in locale.days["format"][width].values())
        for name in locale.languages.values():
            found.update(word.lower() for word in re.findall(r"[^\W\d_]+", name) if word[:1].isupper())
    except Exception:
        pass
    if language == "en":
        for name in _territories("en"):
            if " " in name:
                continue
            stem = name.lower()
            for base in {stem, stem[:-1], stem[:-2], stem[:-3]}:
                if len(base) < 3:
                    continue
                for suffix in ("n", "an", "ian", "ean", "ese", "i", "ish", "ic"):
                    found.add(base + suffix)
        found.update({"british", "swiss", "dutch", "welsh", "scottish", "irish", "english", "french", "flemish"})
        found -= {name.lower() for name in _territories("en")}
    found |= {word + "s" for word in list(found) if not word.endswith("s")}
    return frozenset(found)


@lru_cache(maxsize=64)
def _months(language: str) -> frozenset[str]:
    try:
        from babel import Locale

        locale = Locale.parse(language)
        return frozenset(month.lower().rstrip(".") for month in locale.months["format"]["wide"].values())
    except Exception:
        return frozenset()


# --- the morphological analyser (optional) -----------------------------------------------------------------------

PROPER, COMMON, CAPITALISED_COMMON, UNKNOWN = "proper", "common", "capitalised", "unknown"
_VERBS = frozenset({"pos:vblex", "pos:vbser", "pos:vbhaver", "pos:vbmod", "pos:vaux", "pos:vbdo"})
_KINDS = frozenset({PROPER, COMMON, CAPITALISED_COMMON, UNKNOWN})
_ONLY_CAPITALISED_COMMON = frozenset({CAPITALISED_COMMON})


class Lexicon:
    """What a dictionary says a word is: a set of :data:`PROPER`, :data:`COMMON`, :data:`CAPITALISED_COMMON`,
    or ``{UNKNOWN}``."""

    def classes(self, words: Iterable[str]) -> dict[str, frozenset[str]]:
        raise NotImplementedError


_ANALYSIS = re.compile(r"\^([^/$]*)((?:/[^/$]*)*)\$")


class ApertiumLexicon(Lexicon):
    """Apertium's morphological analyser of a language (``lt-proc -w``, dictionary case), kept running
    null-flushed, with a cache: a document costs one call for the words not seen before."""

    _instances: dict[str, "ApertiumLexicon | None"] = {}
    _lock = threading.Lock()

    def __init__(self, automorf: Path):
        self.automorf = automorf
        self._process: subprocess.Popen | None = None
        self._cache: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_language(cls, language: str, datadir: str | os.PathLike | None = None) -> "ApertiumLexicon | None":
        """The analyser of ``language`` (ISO 639-1) if an installed pair has one, else None."""
        from dragoman.translate.engines.apertium import ISO_639_1_TO_APERTIUM

        code = ISO_639_1_TO_APERTIUM.get(language)
        if code is None:
            return None
        with cls._lock:
            if language not in cls._instances:  # looked for once (lt-proc too: a PATH search costs a dozen stats)
                root = Path(datadir or os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium")
                files = sorted(root.glob(f"apertium-*/{code}-*.automorf.bin")) if shutil.which("lt-proc") else []
                cls._instances[language] = cls(files[0]) if files else None
            return cls._instances[language]

    def classes(self, words: Iterable[str]) -> dict[str, frozenset[str]]:
        words = list(dict.fromkeys(w for w in words if w and "\0" not in w and "\n" not in w))
        with self._lock:
            missing = [w for w in words if w not in self._cache]
            if missing:
                try:
                    self._analyse(missing)
                except (OSError, subprocess.SubprocessError, ValueError) as exc:
                    log.warning("the analyser %s failed (%s); names are found without it", self.automorf, exc)
                    self._stop()
                    for word in missing:
                        self._cache.setdefault(word, frozenset())
            return {w: self._cache.get(w, frozenset()) for w in words}

    def _analyse(self, words: list[str]) -> None:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                ["lt-proc", "-z", "-w", str(self.automorf)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        # Each word on a line of its own, escaped as the stream wants; one NUL flushes.
        text = "\n".join(re.sub(r"([\[\]\\^$/<>@{}*#+~])", r"\\\1", w) for w in words) + "\n\0"
        assert self._process.stdin and self._process.stdout
        stdin = self._process.stdin
        failed: list[BaseException] = []

        def write() -> None:  # in its own thread: lt-proc answers while it reads, and both pipes are finite
            try:
                stdin.write(text.encode("utf-8"))
                stdin.flush()
            except BaseException as exc:  # noqa: BLE001 (reported by the reader)
                failed.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        out = bytearray()
        deadline = time.monotonic() + 30
        while not out.endswith(b"\0"):
            ready, _, _ = select.select([self._process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise OSError("lt-proc did not answer within 30 s")
            chunk = self._process.stdout.read1(65536)
            if not chunk:
                raise OSError("lt-proc ended")
            out += chunk
        writer.join()
        if failed:
            raise OSError(f"lt-proc: {failed[0]}")
        lines = out[:-1].decode("utf-8", "replace").split("\n")
        for word, line in zip(words, lines):
            self._cache[word] = _classes(line)
        if len(self._cache) > 200_000:
            self._cache.clear()

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process = None


def _classes(line: str) -> frozenset[str]:
    match = _ANALYSIS.search(line)
    if not match:
        return frozenset()
    readings = [r for r in match.group(2).split("/") if r]
    if not readings or all(r.startswith("*") for r in readings):
        return frozenset({UNKNOWN})
    found = set()
    for reading in readings:
        lemma, _, tags = reading.partition("<")
        found.add("pos:" + tags.split(">")[0])
        if "<np>" in reading or "<acr>" in reading or tags.startswith("np>"):
            found.add(PROPER)
        elif lemma[:1].isupper():
            found.add(CAPITALISED_COMMON)
        else:
            found.add(COMMON)
    return frozenset(found)


def _lexicon_for(setting, source: str) -> Lexicon | None:
    if setting == "auto":
        return ApertiumLexicon.for_language(source)
    return setting if isinstance(setting, Lexicon) else None


# --- finding names --------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")
_APOSTROPHES = ("'", "’")
_ESSES = frozenset("sSſ")  # what "s" matches ignoring case (the long s too)
_SENTENCE_END = re.compile(r"[.!?…:;]|[\"“«‘(\[]\s*$|^\s*[-–—•]\s")


@dataclass(slots=True, init=False)
class _Word:
    start: int
    end: int  # without a possessive 's
    text: str  # without a possessive 's
    initial: bool
    possessive: str  # "'s" (or "’s") right after the word, or ""
    after_apostrophe: bool  # "Jones'" : an apostrophe right after

    cap: bool  # a capital first, or inside ("iPhone")
    acronym: bool  # two letters or more, all capitals
    number: bool  # no letter at all
    lower: str  # the text in lower case (the rules ask for it often)

    # Made for every word of a document: one plain __init__ (a dataclass's own, with defaults and a
    # __post_init__, costs about three times as much), the common case first.
    def __init__(self, start: int, end: int, text: str, initial: bool, possessive: str = "", after_apostrophe: bool = False):
        self.start, self.end, self.text, self.initial = start, end, text, initial
        self.possessive, self.after_apostrophe = possessive, after_apostrophe
        if text.islower():  # most words: no capital, letters among them
            self.cap = self.acronym = self.number = False
            self.lower = text  # a string without capitals is its own lower case
            return
        self.lower = text.lower()
        first = text[0]
        self.cap = first.isupper() or first.islower()  # lower case first, so a capital inside
        letters = list(filter(str.isalpha, text))
        self.number = not letters
        self.acronym = len(letters) >= 2 and all(map(str.isupper, letters))


@dataclass(frozen=True)
class Span:
    """A name found in a unit's text: ``text[start:end]`` is written ``key``'s way (its plural, at most)."""

    start: int
    end: int
    key: str


def _tokenise(text: str, language: _Language) -> list[_Word]:
    words: list[_Word] = []
    previous_end = 0
    possessives = language.possessive
    for match in _TOKEN.finditer(text):
        raw = match.group()
        start, end = match.span()
        possessive = ""
        # a possessive: 's (any case) after a letter
        if possessives and len(raw) > 2 and raw[-1] in _ESSES and raw[-2] in _APOSTROPHES and raw[-3].isalpha():
            possessive, raw, end = raw[-2:], raw[:-2], end - 2
        gap = text[previous_end:start]
        if not words:
            initial = True
        elif gap == " ":
            initial = False
        else:
            last = words[-1]
            initial = bool(_SENTENCE_END.search(gap))
            if initial and gap.lstrip().startswith(".") and not last.possessive:
                if last.lower in language.abbreviations or (len(last.text) == 1 and last.text.isupper()):
                    initial = bool(re.search(r"[!?…:;]", gap))
            if "\n" in gap:
                initial = True
        after_apostrophe = text[end : end + 1] in _APOSTROPHES and not possessive and raw.endswith("s")
        words.append(_Word(start, end, raw, initial, possessive, after_apostrophe))
        previous_end = match.end()
    return words


def _title_case(words: list[_Word], language: _Language) -> bool:
    """A heading in title case (or all capitals): its capitals are not evidence."""
    content = [w for w in words if not w.number]
    if len(content) < 2:
        return False
    if all(w.acronym for w in content if len(w.text) > 1):
        return True
    # two major words (not function words) or more, all capitalised: running text is told at its first
    # lower-case major word
    majors = 0
    for w in content:
        if w.lower in language.stop or w.lower in language.connectors:
            continue
        if not (w.cap or w.acronym):
            return False
        majors += 1
    return majors >= 2


@dataclass
class _Run:
    words: list[_Word]
    titled: bool = False  # a title precedes the name


@dataclass(slots=True)
class _Group:
    """Words of a run that may be one name (:meth:`NameFinder._groups`), decided by :meth:`NameFinder._decide`."""

    words: list[_Word]
    initial: bool  # begins its sentence
    titled: bool  # a title precedes it
    key: str  # the words as written, whitespace collapsed
    institution: bool  # an institution of common words ("Supreme Court"): left to the engine


class NameFinder:
    """Finds the names of a document's units (see the module's docstring for the rules).

    :param source: the source language (ISO 639-1).
    :param known: names known before reading the text (the article's own, the glossary's, the memory's).
    :param lexicon: a :class:`Lexicon` of the source language, or None.
    """

    def __init__(
        self,
        source: str,
        *,
        known: Iterable[str] = (),
        lexicon: Lexicon | None = None,
        hints: Iterable[str] = (),
        remembered: Iterable[str] = (),
    ):
        self.source = source
        self.language = _language(source)
        self.known = {" ".join(name.split()) for name in known if name and name.strip()}
        # names seen in earlier articles only: weaker at a sentence's start, where a word is often just a word
        self.remembered = {" ".join(name.split()) for name in remembered if name and name.strip()} - self.known
        self.known |= self.remembered
        self.hints = {" ".join(name.split()) for name in hints if name and name.strip()}
        self.lexicon = lexicon
        self.never = _never_names(source)
        self.months = _months(source)
        self.territories = _territories(source)

    # The steps: words and runs for every unit, evidence from the whole document, then spans per unit.

    def find(self, texts: Sequence[str]) -> list[list[Span]]:
        language = self.language
        units = [_tokenise(text, language) for text in texts]
        titled_units = [_title_case(words, language) for words in units]
        self.units, self.titled_units = units, titled_units
        # Evidence from running text (not from headings in title case).
        self.inside: Counter[str] = Counter()  # capitalised inside a sentence, as a name
        self.established: set[str] = set()
        self.phrases: set[tuple[str, str]] = set()  # "rice prices": a word, then a lower-case word
        bare: list[str] = []  # used without a possessive 's (counted at once below: Counter counts in C)
        lower: list[str] = []  # lower-case uses, in lower case
        for words, title in zip(units, titled_units):
            previous = None
            for word in words:
                if not word.possessive:
                    bare.append(word.text)
                if not title and not word.cap and not word.number:
                    lower.append(word.lower)
                    content = word.lower not in language.stop and word.lower not in language.connectors
                    if previous is not None and content and not previous.possessive and (not previous.cap or previous.initial):
                        self.phrases.add((previous.lower, word.text))
                previous = word
        self.bare: Counter[str] = Counter(bare)
        self.lower: Counter[str] = Counter(lower)
        self.classes: dict[str, frozenset[str]] = {}
        if self.lexicon is not None:
            caps = {w.text for words in units for w in words if w.cap}
            caps |= {words[i + 1].text for words in units for i, w in enumerate(words[:-1]) if w.cap and w.initial}
            try:
                self.classes = self.lexicon.classes(sorted(caps))
            except Exception as exc:  # a lexicon is help, never a requirement
                log.warning("lexicon failed: %s", exc)
        # The groups of words that may be names follow from the words alone: found once, decided twice.
        groups_per_unit = [
            [group for run in self._runs(words, text) for group in self._groups(run, text)] if not title else []
            for words, title, text in zip(units, titled_units, texts)
        ]
        # First pass: what running text establishes as names.
        for index, groups in enumerate(groups_per_unit):
            for group in groups:
                self._decide(group, texts[index], establish=True)
        # Second pass: the spans.
        spans: list[list[Span]] = []
        for index, (words, title) in enumerate(zip(units, titled_units)):
            if title:
                spans.append(self._title_spans(words, texts[index]))
                continue
            found: list[Span] = []
            for group in groups_per_unit[index]:
                span = self._decide(group, texts[index], establish=False)
                if span is not None:
                    found.append(span)
            spans.append(self._plurals(found, words, texts[index]))
        return spans

    # --- runs -------------------------------------------------------------------------------------------------

    def _runs(self, words: list[_Word], text: str) -> list[_Run]:
        language = self.language
        runs: list[_Run] = []
        starts: list[int] = []  # where each run begins in ``words``
        current: list[_Word] = []
        pending: list[_Word] = []  # connectors waiting for a capitalised word

        def close() -> None:
            nonlocal current, pending
            if current:
                runs.append(_Run(current))
            current, pending = [], []

        for index, word in enumerate(words):
            nameish = (word.cap or word.acronym) and not word.number
            joined = bool(current) and not word.initial and _joined(text[(pending or current)[-1].end : word.start])
            if current and current[-1].possessive:
                joined = False
            if nameish:
                if current and joined and not (current[-1].after_apostrophe):
                    current.extend(pending)
                    current.append(word)
                    pending = []
                else:
                    close()
                    current = [word]
                    starts.append(index)  # a run of its own: close() adds it, at the end at the latest
            elif current and joined and word.lower in language.connectors and len(pending) < 2:
                pending.append(word)
            elif current:  # (without a run there are no connectors pending either: nothing to close)
                close()
        close()
        for run, index in zip(runs, starts):
            first = run.words[0]
            if index > 0 and not first.initial:
                before = words[index - 1]
                if before.lower in language.titles and _joined(text[before.end : first.start]):
                    run.titled = True
        return runs

    # --- deciding ---------------------------------------------------------------------------------------------

    def _is_never(self, word: _Word) -> bool:
        lowered = word.lower
        if lowered in self.never:
            return True
        classes = self.classes.get(word.text, frozenset()) & _KINDS
        return classes == _ONLY_CAPITALISED_COMMON

    def _is_title(self, word: _Word) -> bool:
        lowered = word.lower.rstrip(".")
        return lowered in self.language.titles or lowered in self.language.title_modifiers

    def _groups(self, run: _Run, text: str) -> list[_Group]:
        """The groups of words of one run of capitalised words that may each be a name."""
        language = self.language
        words = list(run.words)
        titled = run.titled
        initial = words[0].initial
        # A sentence-initial function word is no part of a name; a subject pronoun before a capitalised
        # word is ("He Jianxiong").
        if initial and words[0].lower in language.stop and not words[0].acronym:
            if not (words[0].lower in language.pronouns and len(words) > 1 and words[1].cap and not words[0].possessive):
                words = words[1:]
                initial = False
        # Titles before the name are evidence, not name.
        stripped = 0
        while words and self._is_title(words[0]) and not words[0].acronym and not (
            len(words) == 1 and words[0].lower in language.title_modifiers and not initial
        ):
            stripped += 1
            if words[0].lower.rstrip(".") in language.titles:
                titled = True
            words = words[1:]
        while words and words[0].lower in language.connectors:
            words = words[1:]
        if stripped:
            initial = False
        while words and words[-1].lower in language.connectors:
            words = words[:-1]
        if not words:
            return []
        # Words that are never names split the run.
        found: list[_Group] = []
        group: list[_Word] = []
        groups: list[list[_Word]] = []
        for word in words:
            if self._is_never(word) or self._is_month(word, text):
                if group:
                    groups.append(group)
                group = []
            else:
                group.append(word)
        if group:
            groups.append(group)
        for number, group in enumerate(groups):
            while group and group[0].lower in language.connectors:
                group = group[1:]
            while group and group[-1].lower in language.connectors:
                group = group[:-1]
            if not group:
                continue
            first_group_initial = initial and number == 0 and group[0] is words[0]
            key = " ".join(text[group[0].start : group[-1].end].split())
            found.append(_Group(group, first_group_initial, titled and number == 0, key, self._institution(group, key)))
        return found

    def _is_month(self, word: _Word, text: str) -> bool:
        """A month name used as a month: next to a number, or after "in", "since", "last"…"""
        if word.lower not in self.months:
            return False
        if word.possessive:
            return False
        before = text[max(0, word.start - 20) : word.start]
        after = text[word.end : word.end + 12]
        if re.search(r"\d[\s,.]*$", before) or re.match(r"\s*\d", after):
            return True
        previous = re.findall(r"[^\W\d_]+", before)
        return bool(previous) and previous[-1].lower() in self.language.month_before and not previous[-1][:1].isupper()

    def _head(self, group: list[_Word]) -> tuple[_Word, list[_Word]]:
        """The head word of a run and the other words (before "of", the last word before it)."""
        if len(group) == 1:  # most runs
            return group[0], []
        connectors = [i for i, w in enumerate(group) if w.lower in ("of", "de", "del")]
        head_index = connectors[0] - 1 if connectors and connectors[0] > 0 else len(group) - 1
        others = [w for i, w in enumerate(group) if i != head_index and w.lower not in self.language.connectors]
        return group[head_index], others

    def _institution(self, group: list[_Word], key: str) -> bool:
        """Whether the group is an institution with only common words around its head ("Supreme Court",
        "Bank of England"), which is left to the engine."""
        head, others = self._head(group)
        if head.lower in self.language.institutions and not head.acronym and key not in self.known:
            return not others or all(self._common(w) for w in others)
        return False

    def _common(self, word: _Word) -> bool:
        lowered = word.lower
        return (
            lowered in self.language.institution_words
            or lowered in self.never
            or word.text in self.territories
            or lowered in self.language.institutions
            or self._is_title(word)
        )

    def _decide(self, candidate: _Group, text: str, *, establish: bool) -> Span | None:
        """The group as a name, or None. With ``establish`` (the first pass), it is only evidence: what the
        running text uses as a name, recorded for the second pass, which returns the spans."""
        language = self.language
        group, initial, titled, key = candidate.words, candidate.initial, candidate.titled, candidate.key
        if candidate.institution:
            return None
        if len(group) == 1:
            word = group[0]
            lowered = word.lower
            if lowered in language.institutions and not titled and key not in self.known:
                return None
            if language.capitalises_nouns and not word.acronym and key not in self.known and not titled:
                return None
            if len(word.text) == 1:
                return None
            if initial and not titled and not word.acronym and not self._initial_name(word, text):
                return None
        elif language.capitalises_nouns and key not in self.known and not titled:
            return None
        if establish and initial and not titled and len(group) == 1 and (
            group[0].possessive or self._follows_as_subject(group[0], text)
        ):
            self.inside[group[0].text] += 1  # "Stone said", "Stone's lawyers": a use as a name
        if establish:
            if not initial or titled or len(group) > 1:  # a second capitalised word is inside the sentence
                self.established.add(key)
                for word in group[1:] if initial and not titled else group:
                    self.inside[word.text] += 1
                if len(group) > 1 and not group[-1].acronym:
                    self.established.add(group[-1].text)
            return None
        end = group[-1].end
        if group[-1].possessive and self._possessive_is_name(group[-1], key, text):
            end += len(group[-1].possessive)
            key = key + group[-1].possessive
        return Span(group[0].start, end, key)

    def _initial_name(self, word: _Word, text: str) -> bool:
        """Whether a word that begins a sentence is a name (see the module's docstring)."""
        name = word.text
        classes = self.classes.get(name, frozenset())
        following = re.match(r"\s+([^\W\d_]+)", text[word.end + len(word.possessive) :])
        if following and not word.possessive and following.group(1).islower():
            after = following.group(1)
            if after in self.language.determiners:
                return False  # "Reading the schedule", "Cook the rice": a verb, not a name
            after_classes = self.classes.get(after, frozenset())
            if "pos:adj" in classes and after_classes and not (after_classes & _VERBS):
                return False  # "White wine", "Young voters": an adjective before its noun
        classes = classes & _KINDS
        # a tag is evidence for the text's uses of it, not for itself: a unit that is the tag alone (the tags
        # go to the engine as units of their own) is a topic unless something else makes it a name
        hinted = name in self.hints and " ".join(text.split()) != name
        known = name in self.known or name in self.established or self.inside[name] > 0 or hinted
        if classes and COMMON not in classes and CAPITALISED_COMMON not in classes:
            return True  # the dictionary knows it only as a name, or not at all
        if (name in self.territories or name in self.remembered) and not (
            name in self.established or self.inside[name] > 0 or hinted or name in self.known - self.remembered
        ):
            known = self._follows_as_subject(word, text) or bool(word.possessive)
        if not known:
            return False
        if self.lower[name.lower()] == 0 or name in self.known - self.remembered:
            return True  # never a word in this article, or a name the article gives itself
        return bool(word.possessive) or self._follows_as_subject(word, text)

    def _follows_as_subject(self, word: _Word, text: str) -> bool:
        after = text[word.end + len(word.possessive) :]
        if re.match(r"\s*,\s*(?:who|which|the|a|an)\b", after):
            return True
        following = re.match(r"\s+([^\W\d_]+)", after)
        return bool(following) and following.group(1).lower() in self.language.subject_followers

    def _possessive_is_name(self, word: _Word, key: str, text: str) -> bool:
        """Whether the "'s" after a name belongs to it ("Moody's", "McDonald's")."""
        whole = key + word.possessive
        if whole in self.known or whole.replace("’", "'") in self.known:
            return True
        if self.bare[word.text] > 0:
            return False
        after = text[word.end + len(word.possessive) :]
        if re.match(r"\s*(?:$|[.,;:!?)\]\"”])", after):
            return True
        following = re.match(r"\s+([^\W\d_]+)", after)
        if following:
            verb = following.group(1)
            return verb.lower() in self.language.subject_followers or (verb.endswith("ed") and verb.islower())
        return False

    def _plurals(self, spans: list[Span], words: list[_Word], text: str) -> list[Span]:
        """A name's plural ("the Kennedys") written as its singular's key."""
        out = []
        for span in spans:
            key = span.key
            if " " not in key and key not in self.known:
                for suffix in ("es", "s"):
                    singular = key[: -len(suffix)]
                    if key.endswith(suffix) and singular and (singular in self.established or singular in self.known):
                        if span.start > 0 and text[max(0, span.start - 4) : span.start].lower().endswith("the "):
                            key = singular
                            break
            out.append(Span(span.start, span.end, key))
        return out

    def _title_spans(self, words: list[_Word], text: str) -> list[Span]:
        """Names in a heading in title case: only as the body and what is known use them."""
        language = self.language
        multi = sorted(
            {name for name in self.established | self.known if " " in name and name in text}, key=len, reverse=True
        )
        spans: list[Span] = []
        taken: list[tuple[int, int]] = []
        for name in multi:
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append((match.start(), match.end()))
                    spans.append(Span(match.start(), match.end(), name))
        all_caps = all(w.acronym for w in words if not w.number and len(w.text) > 1)
        for index, word in enumerate(words):
            if any(s < word.end and word.start < e for s, e in taken) or not (word.cap or word.acronym):
                continue
            name = word.text
            if self._is_never(word) or self._is_title(word) or word.lower in language.institutions:
                continue
            if language.capitalises_nouns and name not in self.known:
                continue
            titled = index > 0 and words[index - 1].lower.rstrip(".") in language.titles
            evidence = name in self.established or name in self.known or self.inside[name] > 0 or name in self.hints
            if all_caps:
                evidence = evidence and self.inside[name] > 0
            elif word.acronym and len(name) > 1:
                evidence = True
            classes = self.classes.get(name, frozenset()) & _KINDS
            if not evidence and classes and COMMON not in classes and CAPITALISED_COMMON not in classes:
                evidence = True
            if not evidence and not titled:
                continue
            if self.lower[name.lower()] >= self.inside[name] > 0 and name not in self.known - self.remembered and not titled and not word.acronym:
                continue
            if index + 1 < len(words) and (name.lower(), words[index + 1].lower) in self.phrases and not titled:
                continue  # the body writes "rice prices": an ordinary word
            if self._is_month(word, text):
                continue
            end, key = word.end, name
            if word.possessive and self._possessive_is_name(word, name, text):
                end, key = end + len(word.possessive), name + word.possessive
            spans.append(Span(word.start, end, key))
        return sorted(spans, key=lambda span: span.start)


_JOINING_GAP = re.compile(r"\s*(?:[-&]\s*)?|\s+&\s+")


def _joined(gap: str) -> bool:
    """Whether two words with ``gap`` between them can belong to one name (a space, a hyphen, "&")."""
    return gap == " " or (bool(_JOINING_GAP.fullmatch(gap)) and "\n" not in gap)


# --- protecting names in a document's units -------------------------------------------------------------------------


@dataclass
class Protection:
    """A document's names, protected: the entries (one per name) and, after translation, their forms."""

    source: str
    target: str
    entries: dict[str, NameEntry] = field(default_factory=dict)
    memory: NamesMemory | None = None
    lowered: dict[int, str] = field(default_factory=dict)  # id(unit) -> "first" | "inside": see protect()

    @property
    def forms(self) -> dict[str, str]:
        return {key: entry.form if entry.form is not None else key for key, entry in self.entries.items()}

    def needs_rendering(self) -> list[NameEntry]:
        return [entry for entry in self.entries.values() if entry.form is None]

    def resolve(self, units: Sequence[Unit], translations: Sequence[list[Token]], send: Callable[[list[str]], list[str]]) -> None:
        """Give each name still without a form (a target in another script) the engine's rendering: the most
        frequent one among its occurrences in context; else its translation alone; else the name as written,
        not remembered. (First, sentences whose first word was sent in lower case get their capital back.)"""
        for unit, tokens in zip(units, translations):
            where = self.lowered.get(id(unit))
            if where:
                tokens[:] = _capitalised(tokens, first=where == "first")
        wanted = self.needs_rendering()
        if not wanted:
            return
        target_script = script_of(self.target)
        source_script = script_of(self.source)
        renderings: dict[int, Counter[str]] = {id(entry): Counter() for entry in wanted}
        order: dict[int, list[str]] = {id(entry): [] for entry in wanted}
        for unit, tokens in zip(units, translations):
            for number, content in _contents(tokens).items():
                placeholder = unit.placeholders.get(number)
                if isinstance(placeholder, Name) and id(placeholder.entry) in renderings:
                    rendering = " ".join(content.split()).strip(" ,.;:")
                    if _rendered(rendering, source_script, target_script):
                        renderings[id(placeholder.entry)][rendering] += 1
                        order[id(placeholder.entry)].append(rendering)
        alone: list[NameEntry] = []
        for entry in wanted:
            counts = renderings[id(entry)]
            if counts:
                best = max(counts.values())
                entry.form = next(r for r in order[id(entry)] if counts[r] == best)
                entry.origin = "engine"
            else:
                alone.append(entry)
        if alone:
            try:
                outputs = send([entry.key for entry in alone])
            except Exception as exc:  # the names stay as written
                log.warning("names could not be rendered alone: %s", exc)
                outputs = [""] * len(alone)
            for entry, output in zip(alone, outputs):
                rendering = " ".join(re.sub(r"<[^<>]*>", "", output).split()).strip(" ,.;:")
                if _rendered(rendering, source_script, target_script):
                    entry.form, entry.origin = rendering, "engine"
                else:
                    log.warning("the engine keeps the name %r in the source's letters; kept as written", entry.key)
                    entry.form, entry.origin, entry.store = entry.key, "written", False

    def remember(self) -> None:
        """Store the document's names in the names memory."""
        if self.memory is None:
            return
        forms = {
            key: (entry.form, entry.origin)
            for key, entry in self.entries.items()
            if entry.store and entry.form is not None and entry.origin not in ("glossary", "editor")
        }
        if forms:
            self.memory.store(self.source, self.target, forms)


_SENTENCE_START = re.compile(r"([^\W_A-ZÀ-Þ][.!?…][\"”»’)]?\s+)([^\W\d_])")


def _capitalised(tokens: list[Token], *, first: bool) -> list[Token]:
    """Sentence starts in capitals again: the unit's first letter (``first``) and every letter after a full
    stop (not after an abbreviation's capital: "EE.UU. ha")."""
    out: list[Token] = []
    pending = first
    for token in tokens:
        if isinstance(token, Text):
            text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), token.text)
            if pending:
                match = re.search(r"[^\W\d_]", text)
                if match:
                    text = text[: match.start()] + text[match.start()].upper() + text[match.start() + 1 :]
                    pending = False
            out.append(Text(text))
        else:
            out.append(token)
    return out


def _rendered(rendering: str, source_script: str, target_script: str) -> bool:
    """A rendering in the target's script: letters, and none of the source's script."""
    if not rendering or not any(ch.isalpha() for ch in rendering):
        return False
    if source_script == target_script:
        return True
    return letters_in(rendering, source_script) == 0


def _contents(tokens: list[Token]) -> dict[int, str]:
    """The text inside each paired placeholder of ``tokens`` (outermost text only, for names)."""
    found: dict[int, list[str]] = {}
    stack: list[int] = []
    for token in tokens:
        match token:
            case Open(n):
                stack.append(n)
                found.setdefault(n, [])
            case Close(n):
                if stack and stack[-1] == n:
                    stack.pop()
            case Text(text):
                if stack:
                    found[stack[-1]].append(text)
    return {n: "".join(parts) for n, parts in found.items()}


def protect(
    units: list[Unit],
    source: str,
    target: str,
    names: Names,
    *,
    glossary: Mapping[str, str] | None = None,
    leave: Iterable[str] = (),
    stand_in: str | None = None,
    engine_handles_known: bool = True,
) -> Protection:
    """Find the names of ``units`` and protect them in place (each unit's tokens and side table are
    rewritten). ``glossary``: terms protected as names with their forced forms (the caller then builds the
    units without them). ``stand_in``: the word the engine receives for every name (None: the name itself).
    ``leave``: terms left in the text (an engine's own glossary applies them).
    ``engine_handles_known``: names the lexicon knows only as proper nouns or acronyms are left to the engine
    when the target uses the source's script."""
    source_script, target_script = script_of(source), script_of(target)
    same_script = source_script == target_script
    lexicon = _lexicon_for(names.lexicon, source)
    texts = [_visible(unit) for unit in units]
    glossary = {k: v for k, v in (glossary or {}).items() if k.strip()}
    known = set(names.known) | set(glossary)
    # The memory is asked about every capitalised run and word of the document.
    remembered: dict[str, tuple[str, str]] = {}
    if names.memory is not None:
        candidates = _candidates(texts)
        if candidates:
            remembered = names.memory.lookup(source, target, sorted(candidates))
    finder = NameFinder(source, known=known, lexicon=lexicon, hints=names.tags, remembered=remembered)
    found = finder.find([text for text, _ in texts])
    glossary_pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(glossary, key=len, reverse=True))) + r")(?!\w)")
        if glossary
        else None
    )
    protection = Protection(source, target, memory=names.memory)
    left = set(leave)
    for index, (unit, (text, pieces), spans) in enumerate(zip(units, texts, found)):
        chosen: list[tuple[int, int, str]] = []
        if glossary_pattern is not None:
            chosen += [(m.start(), m.end(), m.group()) for m in glossary_pattern.finditer(text)]
        for span in spans:
            if any(s < span.end and span.start < e for s, e, _ in chosen):
                continue
            key = span.key
            if key in left or any(term in key for term in left):
                continue
            if key.endswith(("'s", "’s")) and key[:-2] in glossary:
                key = key[:-2]
            if same_script and key not in glossary and key not in remembered and engine_handles_known:
                classes = [finder.classes.get(word, frozenset()) & _KINDS for word in key.split()]
                if classes and all(c and c <= {PROPER, CAPITALISED_COMMON} and PROPER in c for c in classes):
                    continue  # the engine knows it as a name (London, NATO) and translates it as the press does
            chosen.append((span.start, span.end, key))
        chosen = [(s, e, k) for s, e, k in chosen if _within_one_piece(s, e, pieces)]
        if stand_in is not None and finder.classes:
            _lower_ordinary(unit, pieces, finder, index, chosen, protection)
        if not chosen:
            continue
        placeholders: list[tuple[int, int, Placeholder]] = []
        for start, end, key in sorted(chosen):
            if key in glossary and stand_in is None and text[start:end] == key:
                # The glossary's promise: its terms never reach an engine. Without a stand-in, an atom.
                placeholders.append((start, end, Literal(glossary[key])))
                continue
            entry = protection.entries.get(key)
            if entry is None:
                entry = _entry(key, source, target, glossary, remembered, same_script, finder)
                protection.entries[key] = entry
            placeholders.append((start, end, Name(entry)))
        _rewrite(unit, pieces, placeholders, stand_in)
    return protection


def _lower_ordinary(unit: Unit, pieces, finder: NameFinder, index: int, chosen, protection: Protection) -> None:
    """A word capitalised only by its place (a sentence's start, a heading in title case) and found to be an
    ordinary word goes to an engine that reads capitals as names (one with a stand-in: Apertium reads "Bush
    fires spread" as a fire of Mr Bush) in lower case, when its dictionary knows it as a name too; the
    sentence gets its capital back after translation (:meth:`Protection.resolve`)."""
    titled = finder.titled_units[index]
    for position, word in enumerate(finder.units[index]):
        if not word.cap or word.acronym or not (word.initial or titled) or not word.text[0].isupper():
            continue
        if any(s < word.end and word.start < e for s, e, _ in chosen):
            continue
        classes = finder.classes.get(word.text, frozenset())
        if PROPER not in classes or COMMON not in classes:
            continue
        for token_index, start, end in pieces:
            if start <= word.start < end:
                token = unit.tokens[token_index]
                at = word.start - start
                unit.tokens[token_index] = Text(token.text[:at] + token.text[at].lower() + token.text[at + 1 :])
                if not titled:
                    where = "first" if position == 0 else "inside"
                    if protection.lowered.get(id(unit)) != "first":
                        protection.lowered[id(unit)] = where
                break


def _entry(key, source, target, glossary, remembered, same_script, finder) -> NameEntry:
    if key in glossary:
        return NameEntry(key, glossary[key], "glossary", store=False)
    held = remembered.get(key)
    if held is not None:
        form, origin = held
        if origin == "editor" or not same_script or origin == "cldr":
            return NameEntry(key, form, "editor" if origin == "editor" else "memory", store=origin != "editor")
    if same_script:
        form = established_form(key, source, target)
        if form is not None:
            return NameEntry(key, form, "cldr")
        return NameEntry(key, key, "written")  # a plural ("the Kennedys") has its singular's key: "los Kennedy"
    return NameEntry(key, None, "engine")


def _visible(unit: Unit) -> tuple[str, list[tuple[int, int, int]]]:
    """The unit's text (an atom counts as a space) and where each text token lies in it."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    position = 0
    for index, token in enumerate(unit.tokens):
        if isinstance(token, Text):
            parts.append(token.text)
            pieces.append((index, position, position + len(token.text)))
            position += len(token.text)
        elif isinstance(token, Atom):
            parts.append(" ")
            position += 1
    return "".join(parts), pieces


def _within_one_piece(start: int, end: int, pieces: list[tuple[int, int, int]]) -> bool:
    return any(s <= start and end <= e for _, s, e in pieces)


def _candidates(texts: list[tuple[str, list]]) -> set[str]:
    """What the names memory is asked about: every capitalised word, and every run of two to four
    capitalised words (with "of", "de"… between them), without a possessive 's."""
    found: set[str] = set()
    for text, _ in texts:
        run: list[str] = []
        for match in _CANDIDATE_WORD.finditer(text + " ."):
            word = match.group()
            capital = word[:1].isupper()
            if not capital and not run:
                continue  # most words: neither a candidate nor the end of a run
            if word.endswith(("'s", "’s")):  # (a word begins with a letter or digit: its first stays)
                word = word[:-2]
            start = match.start()
            gap = text[start - 1 : start] if start else ""
            if capital:
                found.add(word)
            if (capital or (run and word in _CANDIDATE_CONNECTORS)) and (not run or gap == " "):
                run.append(word)
                continue
            _add_runs(run, found)
            run = [word] if capital else []
        _add_runs(run, found)
    return {name for name in found if name and len(name) <= 300}


_CANDIDATE_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*|[^\w\s]")
_CANDIDATE_CONNECTORS = frozenset("of de del la van von der da al".split())


def _add_runs(run: list[str], found: set[str]) -> None:
    if len(run) < 2:
        return
    while run and run[-1] in _CANDIDATE_CONNECTORS:
        run = run[:-1]
    for size in range(2, min(len(run), 4) + 1):
        for start in range(len(run) - size + 1):
            chunk = run[start : start + size]
            if chunk[0][:1].isupper() and chunk[-1][:1].isupper():
                found.add(" ".join(chunk).rstrip("."))


def _rewrite(unit: Unit, pieces: list[tuple[int, int, int]], names: list[tuple[int, int, Placeholder]], stand_in: str | None) -> None:
    """Put each name of ``names`` (positions in the unit's text) into the unit as a paired placeholder,
    numbering every placeholder of the unit again in document order."""
    by_token: dict[int, list[tuple[int, int, Name]]] = {}
    for start, end, placeholder in names:
        for index, s, e in pieces:
            if s <= start and end <= e:
                by_token.setdefault(index, []).append((start - s, end - s, placeholder))
                break
    items: list = []  # ("text", str) | ("open", old) | ("close", old) | ("atom", old) | ("name", Name, text)
    for index, token in enumerate(unit.tokens):
        match token:
            case Text(text) if index in by_token:
                position = 0
                for start, end, placeholder in by_token[index]:
                    if start > position:
                        items.append(("text", text[position:start]))
                    if isinstance(placeholder, Name):
                        items.append(("name", placeholder, stand_in or text[start:end]))
                    else:
                        items.append(("literal", placeholder))
                    position = end
                if position < len(text):
                    items.append(("text", text[position:]))
            case Text(text):
                items.append(("text", text))
            case Open(n):
                items.append(("open", n))
            case Close(n):
                items.append(("close", n))
            case Atom(n):
                items.append(("atom", n))
            case _:
                items.append(("raw", token))
    tokens: list[Token] = []
    table: dict[int, Placeholder] = {}
    numbers: dict[int, int] = {}
    for item in items:
        kind = item[0]
        if kind == "text":
            if item[1]:
                tokens.append(Text(item[1]))
        elif kind == "name":
            table[len(table) + 1] = item[1]
            tokens += [Open(len(table)), Text(item[2]), Close(len(table))]
        elif kind == "literal":
            table[len(table) + 1] = item[1]
            tokens.append(Atom(len(table)))
        elif kind in ("open", "atom"):
            table[len(table) + 1] = unit.placeholders[item[1]]
            numbers[item[1]] = len(table)
            tokens.append(Open(len(table)) if kind == "open" else Atom(len(table)))
        elif kind == "close":
            tokens.append(Close(numbers[item[1]]))
        else:
            tokens.append(item[1])
    unit.tokens = tokens
    unit.placeholders = table


def outside_names(tokens: list[Token], placeholders: Mapping[int, Placeholder]) -> list[Token]:
    """``tokens`` without what lies inside name placeholders (the checks compare the text around names)."""
    return [token for token, inside in within_names(tokens, placeholders) if inside is None]


__all__ = [
    "ApertiumLexicon",
    "InMemoryNames",
    "Lexicon",
    "NameEntry",
    "NameFinder",
    "Names",
    "NamesMemory",
    "Protection",
    "Span",
    "established_form",
    "outside_names",
    "protect",
    "script_of",
]
