"""The article's language: the text's verdict reconciled with the page's declaration (extract.language).

The texts are written for the project: short news stories in the languages news comes in.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from dragoman.extract import extract_article
from dragoman.extract.language import MIN_LETTERS, decide, identify, kin, language_name

ENGLISH = (
    "The city council voted on Tuesday to close the old river bridge to lorries from next month, after "
    "inspectors found rust in forty of its girders. The mayor said repairs would take two years and cost "
    "more than the council had set aside for all its roads this year."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Flussbrücke ab dem nächsten Monat für Lastwagen zu "
    "sperren, nachdem Prüfer an vierzig Trägern Rost gefunden hatten. Die Bürgermeisterin sagte, die "
    "Reparatur werde zwei Jahre dauern und mehr kosten als geplant."
)
PORTUGUESE = (
    "A câmara municipal decidiu na terça-feira fechar a velha ponte sobre o rio aos camiões a partir do "
    "próximo mês, depois de os inspetores terem encontrado ferrugem em quarenta vigas. O presidente disse "
    "que as obras vão demorar dois anos e custar mais do que o previsto."
)
FRENCH = (
    "Le conseil municipal a voté mardi la fermeture du vieux pont aux poids lourds dès le mois prochain, "
    "après que des inspecteurs ont trouvé de la rouille sur quarante poutres. Le maire a déclaré que les "
    "travaux dureraient deux ans et coûteraient plus cher que prévu."
)
SPANISH = (
    "El ayuntamiento votó el martes cerrar el viejo puente del río a los camiones a partir del mes que "
    "viene, después de que los inspectores encontraran óxido en cuarenta de sus vigas. La alcaldesa dijo "
    "que las obras durarán dos años y costarán más de lo previsto."
)
ARABIC = (
    "صوّت مجلس المدينة يوم الثلاثاء على إغلاق الجسر القديم أمام الشاحنات اعتباراً من الشهر المقبل، بعد أن "
    "عثر المفتشون على صدأ في أربعين من عوارضه. وقال رئيس البلدية إن الإصلاحات ستستغرق عامين."
)


@pytest.mark.parametrize(
    "text, code",
    [(ENGLISH, "en"), (GERMAN, "de"), (PORTUGUESE, "pt"), (FRENCH, "fr"), (SPANISH, "es"), (ARABIC, "ar")],
)
def test_identify_news_text(text: str, code: str) -> None:
    detected, confidence = identify(text)
    assert detected == code
    assert confidence > 0.99


def test_no_language_in_numbers_and_symbols() -> None:
    assert identify("") == ("", 0.0)
    assert identify("12:45 — 3/4 · 2026-11-03 …")[0] == ""


def test_text_wins_over_a_wrong_declaration() -> None:
    verdict = decide("de", "Bridge to close to lorries", ENGLISH)
    assert (verdict.language, verdict.declared, verdict.source) == ("en", "de", "text")
    assert verdict.contradicts_declaration


def test_text_decides_when_nothing_is_declared() -> None:
    verdict = decide("", "Brücke wird gesperrt", GERMAN)
    assert (verdict.language, verdict.source) == ("de", "text")
    assert not verdict.contradicts_declaration


def test_declaration_wins_on_short_text() -> None:
    verdict = decide("en", "Kita-Fest", "Ein schöner Tag.")
    assert verdict.letters < MIN_LETTERS
    assert (verdict.language, verdict.source) == ("en", "declared")


def test_nothing_declared_and_too_little_text_is_unknown() -> None:
    assert decide("", "Oben", "Kurz.").language == ""


def test_declaration_kept_between_close_relatives() -> None:
    bosnian_or_croatian = (
        "Gradsko vijeće je u utorak odlučilo zatvoriti stari most za kamione od idućeg mjeseca, nakon što su "
        "inspektori pronašli hrđu na četrdeset greda. Gradonačelnik je rekao da će popravak trajati dvije godine."
    )
    assert decide("bs", "", bosnian_or_croatian).language == "bs"
    assert decide("sr", "", bosnian_or_croatian).language == "sr"
    assert kin("ms", "id") and kin("nb", "da") and not kin("de", "en")


def test_language_names() -> None:
    assert language_name("pt") == "Portuguese"
    assert language_name("de") == "German"
    assert language_name("pt", "es") == "portugués"
    assert language_name("qq") == "qq"


def _page(lang_attribute: str, title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(". ") if sentence.strip())
    return (
        f"<!doctype html><html{lang_attribute}><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def test_english_page_declaring_german_is_english() -> None:
    article = extract_article(_page(' lang="de"', "Bridge to close to lorries", ENGLISH), "https://news.example/a")
    assert (article.language, article.declared_language) == ("en", "de")
    assert article.to_json()["declared_language"] == "de"


def test_german_page_without_lang_is_german() -> None:
    article = extract_article(_page("", "Brücke wird für Lastwagen gesperrt", GERMAN), "https://news.example/b")
    assert (article.language, article.declared_language) == ("de", "")


def test_identification_needs_no_network() -> None:
    """The model ships inside the package: identifying works in a process that cannot open a socket."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network here')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from dragoman.extract.language import identify\n"
        f"print(identify({GERMAN!r})[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "de", result.stderr
