"""Pages that are not articles, and the reason each one is refused.

A refusal loses the article for every reader downstream, so a page is refused only when its own
visible text is not an article, and the message names the evidence (which title, which JSON-LD
flag, which prompt, which box, how many characters, how many links). Class names alone, login
boxes, a "subscribe" offer beside a story and a short but complete news item are no reason.
A page is refused (``ExtractionError`` with a ``reason`` code and a one-line message) when:

``error_page``
    its title or headline is an error message ("Page not found", "Error 404", "Seite nicht
    gefunden", "ページが見つかりません"...) and the body is short: sites serve such pages
    with status 200;
``consent_wall``
    a cookie or consent box stands where the article should be: the body is short and the page
    had a consent box (by its class, id or role, as ``boilerplate`` removes them) or the text
    that was found reads like a consent notice (cookies, partners, "accept all"...);
``paywall``
    the body is a teaser (under ``SHORT_BODY_CHARS``) and the page says the rest is behind a wall:
    a sentence, in the page's visible text, that asks to subscribe, register or log in *to read
    on* or says that *this* text is for subscribers ("Subscribe to continue reading", "Pour lire
    la suite", "Möchten Sie weiterlesen?", "Mit … weiterlesen", "Il vous reste 80 % de cet
    article"...), or JSON-LD ``isAccessibleForFree: false`` with a very short body (under
    ``NOT_FREE_TEASER_CHARS``) or with an ``articleBody`` at least ``WITHHELD_RATIO`` times longer
    than what the page shows, or a box named like a paywall that offers a subscription beside a
    teaser cut off with an ellipsis (or on a page marked not free). Not evidence: a box named like
    a paywall by itself (an empty Piano container, a login widget in the header), an offer to
    subscribe, "Already a subscriber?", a prompt inside a script, a label ("Exclusivo para
    assinantes" on a menu entry or on other stories' cards). A page whose JSON-LD says it is free
    (``isAccessibleForFree: true``) is never a paywall stub, nor is one marked not free that shows
    the whole text (a body longer than a teaser, or its own ``articleBody``), nor one that holds
    the rest of the text in a box named like a paywall (Google's paywall markup:
    ``<div class="paywall">`` around paragraphs of the article), as ``paywall_markup_full_text.html``
    does: that text is the article's, even where the body found missed it;
``index``
    the page lists stories: most of the body text sits in story teasers (a heading that is a
    link, with a short summary, repeated four times or more; a page whose JSON-LD calls it a
    listing, ``CollectionPage``..., needs fewer teasers' worth of text), or most of the body text
    is link text and the page holds no article text. Article text is a paragraph of at least
    ``ARTICLE_PARAGRAPH_CHARS`` outside links that ends its sentences (not cut off with "…"):
    in the body of a page that calls itself an article (og:type, JSON-LD or microdata) or is
    dated, or anywhere on the page (outside navigation, header, footer and asides) of one that
    calls itself an article, or in a box named like a paywall (see ``paywall``): a story whose
    related links outweigh it, or whose body was missed, is not an index. Nor is a dated article
    whose links lead mostly (``OFFSITE_LINK_SHARE``) to other sites: a post collecting links,
    where an index lists the site's own pages;
``no_body``
    no body at all, or fewer than ``MIN_BODY_CHARS`` characters of it. A shorter body (down to
    ``MIN_SHORT_POST_CHARS``) is a whole short post, not a scrap, when the page dates itself, calls
    itself an article (og:type, JSON-LD, or schema.org microdata such as Blogger's
    ``BlogPosting``) and either its JSON-LD ``articleBody`` is that same text, or its own
    description is that text, not cut off ("…"): blogs publish one-line posts, and their
    description then holds the whole post (the body may hold a little more, a date line or a
    "Newer posts" link, when the description is most of it).

The checks read ``Evidence``: what the page and its metadata say, and the boxes
``prune_boilerplate`` removed. Everything that costs a pass over the page is computed only when
a check needs it, so an ordinary article pays for almost nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.article import ExtractionError
from dragoman.extract.boilerplate import CONSENT_MANAGER_NAMES, WALL_PROMPT_CHARS
from dragoman.extract.dom import BLOCK_TAGS, class_id_text, norm_key, split_url, text_length, text_of
from dragoman.extract.metadata import PageMetadata

__all__ = [
    "MAX_LINK_SHARE",
    "MIN_BODY_CHARS",
    "Evidence",
    "explains_a_short_body",
    "is_consent_text",
    "is_whole_short_post",
    "judge",
    "page_shows",
    "teaser_keys",
]

#: A body with fewer characters of text is not an article.
MIN_BODY_CHARS = 250
#: A whole short post (see ``is_whole_short_post``) needs at least this many characters.
MIN_SHORT_POST_CHARS = 40
#: A body where more of the text than this sits inside links is a list of links (index page),
#: unless the page holds article text (see ``ARTICLE_PARAGRAPH_CHARS``).
MAX_LINK_SHARE = 0.5
#: Up to this many characters, a body on a page that asks to subscribe to read on is a teaser, and
#: a body under an error title is an error message.
SHORT_BODY_CHARS = 1500
#: Up to this many characters, a body on a page that says in JSON-LD it is not free is a teaser
#: even without a prompt to subscribe (unless its JSON-LD ``articleBody`` is that same text).
NOT_FREE_TEASER_CHARS = 600
#: A page marked not free whose JSON-LD ``articleBody`` is this many times longer than the body
#: shows a teaser of it (up to ``SHORT_BODY_CHARS``).
WITHHELD_RATIO = 2
#: A box named like a paywall is a prompt when it holds at most this much text (a longer one is
#: the article itself, wrapped as Google's paywall markup suggests: ``<div class="paywall">``); the
#: boilerplate pass removes such a box up to the same length.
PAYWALL_PROMPT_CHARS = WALL_PROMPT_CHARS
#: Up to this many characters, a body that reads like a consent notice is one.
CONSENT_BODY_CHARS = 1200
#: This many story teasers (a linked heading with its summary) or more make a list of stories...
MIN_TEASERS = 4
#: ...when they hold at least this share of the body text (or ``LISTING_TEASER_SHARE`` on a page
#: whose JSON-LD says it is a listing: ``CollectionPage``, ``ItemList``, ``SearchResultsPage``).
TEASER_SHARE = 0.5
LISTING_TEASER_SHARE = 0.3
#: A paragraph with this much text outside links (CJK characters count twice), ending its
#: sentences, is article text: a page holding one is not a list of links.
ARTICLE_PARAGRAPH_CHARS = 150
#: A dated article whose body links lead to other sites for this share of their text or more
#: is a post collecting links, not the site's index.
OFFSITE_LINK_SHARE = 0.67
_LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})

_ERROR_TITLE = re.compile(
    r"(?i)^\W*(?:(?:error|fehler|erreur|errore|erro|fout|エラー)\s*)?(?:404|410|500)\b|"
    r"\b(?:page|article|story|content)\s+(?:was\s+)?not\s+(?:be\s+)?found\b|^\W*not\s+found\b|"
    r"\bpage\s+(?:does\s+not|doesn['’]t|no\s+longer)\s+exists?\b|\bpage\s+(?:is\s+)?unavailable\b|"
    r"\bpage\s+(?:can(?:no|['’])t|could\s+not)\s+be\s+found\b|"
    r"seite\s+(?:wurde\s+)?nicht\s+gefunden|page\s+(?:introuvable|non\s+trouvée)|"
    r"p[aá]gina\s+no\s+(?:encontrada|existe)|pagina\s+non\s+trovata|p[aá]gina\s+n[aã]o\s+encontrada|"
    r"pagina\s+niet\s+gevonden|ページが見つかりません|ページは存在しません|お探しのページ|"
    r"الصفحة\s+غير\s+موجودة|لم\s+يتم\s+العثور\s+على\s+الصفحة|страница\s+не\s+найдена"
)
_CONSENT_BOX = re.compile(
    rf"(?<![a-z0-9])(cookies?|consent|gdpr|{CONSENT_MANAGER_NAMES}|"
    r"didomi|onetrust|usercentrics|sp_message|"
    r"privacy-manager|cookiebot|truste|trustarc)(?![a-z0-9])"
)
# words of a consent notice, by kind: a notice names cookies or consent AND offers a choice
_CONSENT_SUBJECT = re.compile(
    r"(?i)\bcookies?\b|\bconsent\w*|\bpersonali[sz]ed\s+(?:ads|advertising|content)|\btracking\b|personalisier\w*|"
    r"\bdatenschutz\w*|\bprivacy\s+(?:policy|settings|choices)|"
    r"\bstore\s+and/or\s+access\s+information|\bour\s+\d*\s*partners\b|einwillig\w*|zustimm\w*|"
    r"\bconsentement\b|\bconsentimiento\b|\bconsenso\b|\bconsentimento\b|\btoestemming\b|"
    r"ملفات\s+تعريف\s+الارتباط|クッキー|同意"
)
_CONSENT_CHOICE = re.compile(
    r"(?i)\baccept(?:\s+all)?\b|\breject(?:\s+all)?\b|\bagree\b|\bmanage\s+(?:options|preferences|settings|cookies)|"
    r"alle\s+akzeptieren|\bablehnen\b|\bakzeptieren\b|tout\s+accepter|tout\s+refuser|\baccepter\b|"
    r"aceptar\s+todo|\baceptar\b|\brechazar\b|accetta\s+tutto|\baccetta\b|aceitar\s+todos|\baceitar\b|"
    r"alles\s+accepteren|\baccepteren\b|موافق|قبول|同意する|すべて許可"
)
_PAYWALL_BOX = re.compile(
    r"(?<![a-z0-9])(paywall\w*|regwall|premium-(?:gate|wall|teaser|prompt)|subscriber-only|"
    r"subscription-(?:wall|prompt|gate)|metered|piano-\w+|tp-container|article-locked|locked-content|"
    r"plus-teaser|abo-teaser)(?![a-z0-9])"
)
# A box named like a paywall is evidence only when it offers a subscription (a login widget,
# a meter's debugger or an empty container is not)
_SUBSCRIPTION_OFFER = re.compile(
    r"(?i)subscri|abonn|\babos?\b|\w\w+abos?\b|suscri|assinatur|\bassine\b|abbona|membership|lidmaatschap"
)
# Asking to subscribe, register or log in to read ON, or saying that THIS text is for subscribers:
# the text stops here. A bare offer ("Subscribe now", "Jetzt abonnieren"), a login box ("Already a
# subscriber?") or a label ("Exclusivo para assinantes", "Article réservé aux abonnés": a menu
# entry, a tag on other stories' cards, an item in a list of a subscription's benefits) is not one.
_WALL_ACTION = (
    r"(?:subscribe|subscription|sign\s+in|sign\s+up|log\s*in|register|become\s+a\s+(?:member|subscriber)|"
    r"create\s+(?:a\s+)?(?:free\s+)?account)"
)
_DE_WALL_ACTION = r"(?:abo\w*|\w+abo|abonn\w*|zugang|konto|registrier\w*|anmeld\w*|einloggen|login)"
_DE_READ_ON = r"(?:weiterlesen|weiterzulesen|lesen\s+sie\s+weiter)"
_PAYWALL_PROMPT = re.compile(
    r"(?i)"
    # English
    rf"\b{_WALL_ACTION}\b[^.!?\n]{{0,40}}?\bto\s+(?:continue|keep|start)\s+reading|"
    rf"\bto\s+(?:continue|keep)\s+reading\b[^.!?\n]{{0,40}}?\b{_WALL_ACTION}\b|"
    r"\b(?:subscribe|sign\s+in|log\s*in|register)\s+(?:now\s+)?to\s+read\s+"
    r"(?:the\s+(?:full|rest|whole)|this|more|on)\b|"
    rf"\bto\s+read\s+(?:this|the\s+(?:full|rest|whole)|more)\b[^.!?\n]{{0,40}}?\b{_WALL_ACTION}\b|"
    r"\bcontinue\s+reading\s+with\s+(?:a|an|your)\s+(?:\w+\s+)?(?:subscription|account|membership|trial|pass)\b|"
    r"\b(?:this|the\s+full|the\s+rest\s+of\s+(?:this|the))\s+(?:article|story|content)\s+is\s+"
    r"(?:only\s+|exclusively\s+)?(?:available\s+|reserved\s+|exclusive\s+)?(?:only\s+)?(?:to|for)\s+(?:our\s+)?"
    r"(?:paying\s+|digital\s+|premium\s+)?(?:subscribers|members)\b|"
    r"\bread\s+the\s+(?:full|whole|rest\s+of\s+the)\s+(?:article|story)\s+"
    r"(?:for\s+(?:free|just|only)|with\s+(?:a|an|your)\b|by\s+(?:subscribing|signing|logging|registering))|"
    r"\bunlock\s+(?:this|the\s+full|the\s+rest\s+of\s+(?:this|the))\s+(?:article|story)\b|"
    r"\b(?:sign|log)\s+in\s+to\s+(?:continue\s+reading|read\s+(?:this|the\s+(?:full|rest)|on|more))\b|"
    r"\byou(?:['’]ve|\s+have)\s+(?:reached|used(?:\s+up)?)\s+(?:your|all\s+(?:of\s+)?your|the)\s+"
    r"(?:\w+\s+){0,3}?(?:free\s+(?:articles|stories)|(?:article\s+)?limit)\b|"
    # German
    rf"\b{_DE_WALL_ACTION}\b[^.!?\n]{{0,40}}?\b{_DE_READ_ON}\b|"
    rf"\b(?:um\s+)?weiterzulesen\b[^.!?\n]{{0,40}}?\b{_DE_WALL_ACTION}\b|"
    r"\bweiterlesen\s+mit\b|\bmit\s+(?:\S+\s+){1,2}?weiterlesen\b|\bmöchten\s+sie\s+weiterlesen\b|"
    r"\b(?:dieser|der)\s+(?:artikel|beitrag|inhalt|text)\s+ist\s+(?:nur\s+|exklusiv\s+|ausschließlich\s+)+f[üu]r\s+"
    r"(?:\S+\s+)?(?:abonnent(?:en|innen)|abonnierende|abo-?kunden)\b|"
    # French
    r"\bpour\s+lire\s+la\s+suite\b|\babonnez-vous\s+pour\s+(?:lire|continuer|poursuivre|accéder|découvrir)\b|"
    r"\b(?:cet\s+article|ce\s+contenu|la\s+suite(?:\s+de\s+cet\s+article)?)\s+est\s+réservée?\s+"
    r"(?:aux|à\s+nos)\s+abonnés\b|"
    r"\bil\s+vous\s+reste\s+\d+\s*%\s+de\s+(?:cet\s+)?article\b|"
    # Spanish
    r"\bsuscr[ií]b[ae]te\s+para\s+(?:seguir|continuar|leer)\b|"
    r"\bpara\s+(?:seguir|continuar)\s+leyendo\b[^.!?\n]{0,40}?\bsuscr|"
    r"\bsuscr\w*\b[^.!?\n]{0,40}?\bpara\s+(?:seguir|continuar)\s+leyendo\b|"
    r"\b(?:este|esta)\s+(?:contenido|art[ií]culo|nota|noticia)\s+es\s+(?:exclusiv[oa]\s+)?para\s+suscriptores\b|"
    # Portuguese
    r"\bassine\s+para\s+(?:continuar|ler)\b|\bpara\s+continuar\s+lendo\b[^.!?\n]{0,40}?\bassin|"
    r"\b(?:este|esta)\s+(?:conteúdo|matéria|reportagem)\s+é\s+exclusiv[oa]\s+para\s+assinantes\b|"
    # Italian
    r"\bquest[o']\s*(?:articolo|contenuto)\s+è\s+riservato\s+agli\s+abbonati\b|"
    r"\babbonati\s+per\s+(?:continuare|leggere)\b|\bper\s+continuare\s+a\s+leggere\b[^.!?\n]{0,40}?\babbona|"
    # Dutch
    r"\b(?:dit\s+artikel|dit\s+verhaal|deze\s+inhoud)\s+is\s+alleen\s+voor\s+abonnees\b|"
    r"\blees\s+verder\s+met\s+(?:een\s+)?(?:\w+\s+)?(?:abonnement|premium|plus)\b|"
    r"\bom\s+(?:dit\s+artikel\s+)?verder\s+te\s+lezen\b[^.!?\n]{0,40}?\babonn|"
    # Arabic, Japanese
    r"اشترك\s+(?:الآن\s+)?لمواصلة|(?:هذا|هذه)\s+\S+\s+(?:متاح\S*\s+)?للمشتركين\s+فقط|"
    r"続きを読むには|全文を読むには|この記事は(?:有料)?会員限定"
)
# Words one of the consent patterns needs: a text without any of them is not searched (the regular
# expressions are slow next to a substring test)
_CONSENT_HINTS = ("cookie", "consent", "tracking", "partner", "einwillig", "zustimm", "datenschutz", "personali",
                  "privacy", "toestemming", "ملفات", "クッキー", "同意")  # fmt: skip
# Words one of the prompt patterns holds: the patterns run only around them (run over a whole
# page, the regular expression takes tens of milliseconds)
_PAYWALL_ANCHORS = ("reading", "subscriber", "members", "read the", "to read", "unlock", " in to ", "limit",
                    "free articles", "free stories", "weiterles", "weiterzules", "lesen sie weiter", "abonnent",
                    "abonnier", "abokunden", "abo-kunden", "lire la suite", "abonnés", "abonnez", "vous reste",
                    "suscr", "leyendo", "assin", "abbona", "abonnee", "verder te lezen", "lees verder", "للمشتركين",
                    "اشترك", "続き", "全文", "会員")  # fmt: skip
#: Characters either side of an anchor word searched for a prompt (longer than any prompt).
_PROMPT_REACH = 160
_NAMED_LIKE_PAYWALL = etree.XPath("descendant::*[contains(@class, 'aywall') or contains(@id, 'aywall')]")
_NAMED_LIKE_CONSENT = etree.XPath(
    "descendant::*[contains(@class, 'onsent') or contains(@id, 'onsent') or contains(@class, 'ookie')"
    " or contains(@id, 'ookie')]"
)
_NOISE_ANCESTORS = frozenset({"nav", "footer", "aside", "header"})
# (three steps by name, merged in document order, cost less than testing every element for three names)
_TEASER_HEADINGS = etree.XPath("(descendant::h2 | descendant::h3 | descendant::h4)[descendant::a[@href]]")
_ITEM_TYPES = etree.XPath("/descendant::*/@itemtype")
# (the text of a script or a style is its only child: the parent is enough, and cheaper to ask)
_VISIBLE_TEXT = etree.XPath(
    "//body/descendant::text()[not(parent::script or parent::style or parent::template or parent::noscript)]"
)
_TRUNCATED = ("…", "...", "[…]", "[...]", "(…)", "(...)")
# the end of a sentence: a full stop, question or exclamation mark (closing quotes allowed) before a space
_SENTENCE_END = re.compile(r"[.!?。！？؟][\"'’”»)\]]*(?:\s|$)")
_WIDE_CHARS = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# subtrees that hold no article text: links, invisible elements, the page's frame and its controls
_NOT_PROSE = frozenset({"a", "script", "style", "template", "noscript", "select", "button", "option", "textarea"})
# (not <form>: ASP.NET pages hold the whole page in one)
_PAGE_FRAME = _NOT_PROSE | {"nav", "header", "footer", "aside"}


def _texts(elements: list[HtmlElement]) -> str:
    return " ".join(text_of(e) for e in elements)


def _is_article_type(page_types: set[str]) -> bool:
    return any("article" in t or "posting" in t for t in page_types)


def _box(element: HtmlElement) -> str:
    """A box as the message names it, by its tag and its class and id: ``<div “paywall-prompt”>``."""
    names = " ".join(class_id_text(element).split())
    return f"<{element.tag} “{names[:60]}”>" if names else f"<{element.tag}>"


@dataclass
class Evidence:
    """What a page says about being (or not being) an article.

    ``tree``: the page after boilerplate removal; ``removed``: the boxes removed;
    ``teasers``: text keys of story-teaser summaries on the page (``teaser_keys``);
    ``headline``: the headline found on the page; ``url``: the page's URL.
    """

    tree: HtmlElement
    meta: PageMetadata
    removed: list[HtmlElement]
    teasers: dict[str, int]
    headline: str = ""
    url: str = ""

    @cached_property
    def error_title(self) -> str:
        for candidate in (self.meta.title, self.headline):
            if candidate and len(candidate) <= 120 and _ERROR_TITLE.search(candidate):
                return candidate
        return ""

    @cached_property
    def consent_boxes(self) -> list[HtmlElement]:
        """Consent boxes: removed as boilerplate, or left in the page because they hold the only
        text there is (then they were protected as the body's container)."""
        left = [e for e in _NAMED_LIKE_CONSENT(self.tree) if e.tag not in ("html", "body")]
        return [
            e for e in [*self.removed, *left]
            if _CONSENT_BOX.search(class_id_text(e).replace("_", "-"))
            or ((e.tag == "dialog" or (e.get("role") or "").lower() in ("dialog", "alertdialog"))
                and is_consent_text(text_of(e), short=True))
        ]  # fmt: skip

    @cached_property
    def paywall_boxes(self) -> list[HtmlElement]:
        """Removed boxes named like a paywall that are short enough to be a prompt."""
        return [
            e for e in self.removed
            if _PAYWALL_BOX.search(class_id_text(e)) and text_length(e) <= PAYWALL_PROMPT_CHARS
        ]  # fmt: skip

    @cached_property
    def walled_text_box(self) -> HtmlElement | None:
        """A box named like a paywall that holds paragraphs of article text (two or more, of
        ``PAYWALL_PROMPT_CHARS`` or more outside links): the page has the rest of the text, wrapped
        as Google's paywall markup suggests (the boilerplate pass leaves such a box in the page, or
        removed it when its text is mostly links)."""
        for box in [*self.removed, *_NAMED_LIKE_PAYWALL(self.tree)]:
            if _PAYWALL_BOX.search(class_id_text(box)) and text_length(box) > PAYWALL_PROMPT_CHARS:
                prose = [line for line in _unlinked_lines(box, _NOT_PROSE, split_lines=False) if _is_prose(line)]
                if len(prose) >= 2 and sum(len(line) for line in prose) >= PAYWALL_PROMPT_CHARS:
                    return box
        return None

    @cached_property
    def subscription_box(self) -> tuple[HtmlElement, str] | None:
        """A box named like a paywall that offers a subscription, with the words that do."""
        for box in self.paywall_boxes:
            if match := _SUBSCRIPTION_OFFER.search(text := text_of(box)):
                return box, _words_around(text, match.start(), match.end())
        return None

    @cached_property
    def paywall_prompt(self) -> str:
        """A sentence asking to subscribe (or register, or log in) to read on, from the removed
        boxes or the rest of the page's visible text."""
        return _find_prompt(_texts(self.removed)) or _find_prompt(_visible_text(self.tree))

    @cached_property
    def article_typed(self) -> bool:
        """Whether the page calls itself an article: og:type or JSON-LD, else schema.org
        microdata (``itemtype="http://schema.org/BlogPosting"``)."""
        if _is_article_type(self.meta.page_types):
            return True
        types = {u.rstrip("/").rsplit("/", 1)[-1].lower() for value in _ITEM_TYPES(self.tree) for u in value.split()}
        return _is_article_type(types)

    @cached_property
    def page_prose(self) -> str:
        """A paragraph of article text on the page, outside links, navigation, header, footer,
        asides, consent notices and story teasers ("" when there is none)."""
        body = self.tree.find("body")
        for line in _unlinked_lines(body if body is not None else self.tree, _PAGE_FRAME, split_lines=False):
            if _is_prose(line) and norm_key(line) not in self.teasers and not is_consent_text(line, short=True):
                return line
        return ""


def _words_around(text: str, start: int, end: int, reach: int = 30) -> str:
    """The words of ``text`` from about ``reach`` characters before ``start`` to as many after ``end``."""
    before = text.rfind(" ", 0, max(0, start - reach)) + 1 if start > reach else 0
    after = text.find(" ", end + reach)
    return text[before : after if after >= 0 else len(text)].strip()


def _visible_text(tree: HtmlElement) -> str:
    """The text of the page's body, scripts and styles excluded (a script may hold a wall's
    templates on every page of a site)."""
    return " ".join(_VISIBLE_TEXT(tree))


def _find_prompt(text: str) -> str:
    """The first paywall prompt (``_PAYWALL_PROMPT``) in a text, searched only around the words
    every prompt holds."""
    lowered = text.lower()
    starts: list[int] = []
    for anchor in _PAYWALL_ANCHORS:
        at = lowered.find(anchor)
        while at >= 0:
            starts.append(at)
            at = lowered.find(anchor, at + len(anchor))
    reach = _PROMPT_REACH
    for at in sorted(starts):
        if match := _PAYWALL_PROMPT.search(text, max(0, at - reach), at + reach):
            return " ".join(match.group(0).split())
    return ""


def is_consent_text(text: str, *, short: bool = False) -> bool:
    """Whether a text reads like a cookie or consent notice: it names cookies, consent or
    tracking at least twice (once is enough for a ``short`` text, too short for an article)
    and offers a choice ("Accept all", "Alle akzeptieren"...)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _CONSENT_HINTS):
        return False
    subjects = len(_CONSENT_SUBJECT.findall(text))
    return subjects >= (1 if short else 2) and bool(_CONSENT_CHOICE.search(text))


def _same_text(body_key: str, other_key: str, share: float = 0.8) -> bool:
    """Whether two text keys are the same text: one holds the other, which is most of it."""
    if not body_key or not other_key:
        return False
    shorter, longer = sorted((body_key, other_key), key=len)
    return shorter in longer and len(shorter) >= share * len(longer)


def is_whole_short_post(
    body_text: str, meta: PageMetadata, *, article_typed: bool | None = None, loose: bool = False
) -> bool:
    """Whether a body shorter than ``MIN_BODY_CHARS`` is a whole short post: at least
    ``MIN_SHORT_POST_CHARS`` long, on a page that has a publication date and an article type
    (``article_typed``: as ``Evidence.article_typed`` found it; by default the metadata's types),
    and whose JSON-LD ``articleBody`` is that same text, or whose description (not cut off with
    an ellipsis) is. ``loose``: the description may also be most (half or more) of a body that
    holds a little more (a date line, a "Newer posts" link)."""
    if len(body_text) < MIN_SHORT_POST_CHARS or meta.published is None:
        return False
    if not (article_typed if article_typed is not None else _is_article_type(meta.page_types)):
        return False
    body_key = norm_key(body_text)
    if meta.article_body and _same_text(body_key, norm_key(meta.article_body)):
        return True
    description = meta.description.strip()
    if not body_key or not description or description.endswith(_TRUNCATED):
        return False
    description_key = norm_key(description)
    if body_key in description_key and len(body_key) >= 0.9 * len(description_key):
        return True
    return loose and description_key in body_key and len(description_key) >= 0.5 * len(body_key)


def _missing_for_a_short_post(body_text: str, evidence: Evidence) -> str:
    """Why a short body is not a whole short post, for the message."""
    meta = evidence.meta
    if len(body_text) < MIN_SHORT_POST_CHARS:
        return ""
    missing = []
    if meta.published is None:
        missing.append("no publication date")
    if not evidence.article_typed:
        types = ", ".join(sorted(meta.page_types))
        missing.append(f"the page calls itself {types}, not an article" if types else "no article type")
    if not missing:
        description = meta.description.strip()
        if not description:
            missing.append("no description or articleBody holding that text")
        elif description.endswith(_TRUNCATED):
            missing.append("its description is cut off")
        else:
            missing.append("its description and articleBody are another text")
    return "; not a whole short post: " + ", ".join(missing)


def teaser_keys(tree: HtmlElement) -> dict[str, int]:
    """Story teasers on a page: {text key of a summary paragraph: its length}.

    A teaser is a card holding one heading that is a link (to another page) and a short summary;
    the card is the largest element around the heading that holds no other linked heading.
    Cards in navigation, headers, footers and asides are not counted. Returns {} when the page
    has fewer than ``MIN_TEASERS`` cards (most articles have none, or a related-stories box).
    """
    headings = [
        h for h in _TEASER_HEADINGS(tree)
        if _mostly_link(h) and not any(a.tag in _NOISE_ANCESTORS for a in h.iterancestors())
    ]  # fmt: skip
    if len(headings) < MIN_TEASERS:
        return {}
    # how many of the headings each element holds, counted once (not searched again at every ancestor)
    held = Counter(ancestor for heading in headings for ancestor in heading.iterancestors())
    cards: list[HtmlElement] = []
    for heading in headings:
        card = heading
        for ancestor in heading.iterancestors():
            if ancestor.tag in ("body", "html", "main"):
                break
            if held[ancestor] > 1 or text_length(ancestor) > 700:  # another heading in it, or too much text
                break
            card = ancestor
        if card is not heading:
            cards.append(card)
    if len(cards) < MIN_TEASERS:
        return {}
    keys: dict[str, int] = {}
    for card in cards:
        for p in card.iter("p", "div", "span"):
            text = text_of(p)
            if 20 <= len(text) <= 400 and not any(c.tag in ("p", "div") for c in p.iterdescendants()):
                keys[norm_key(text)] = len(text)
    return keys


def _mostly_link(heading: HtmlElement) -> bool:
    total = text_length(heading)
    linked = sum(text_length(a) for a in heading.iter("a"))
    return total > 0 and linked >= 0.8 * total


def _teaser_share(body_text: str, teasers: dict[str, int]) -> float:
    if not teasers or not body_text:
        return 0.0
    blocks = [b for b in body_text.split("\n\n") if b.strip()]
    in_teasers = sum(len(b) for b in blocks if norm_key(b) in teasers)
    return in_teasers / max(1, sum(len(b) for b in blocks))


def _unlinked_lines(root: HtmlElement, skip: frozenset[str], *, split_lines: bool) -> list[str]:
    """The text of ``root`` outside links (and outside the ``skip`` subtrees), one string per
    block; ``split_lines``: also split at line breaks (trafilatura's last-resort text dump keeps a
    list of links as lines of one block)."""
    parts: list[str] = []

    def walk(element: HtmlElement) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in skip:
            return
        block = tag in BLOCK_TAGS or tag == "br"
        if block:
            parts.append("\x00")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\x00")

    walk(root)
    text = "".join(parts)
    if split_lines:
        text = text.replace("\n", "\x00")
    return [line for line in (" ".join(chunk.split()) for chunk in text.split("\x00")) if line]


def _is_prose(line: str) -> bool:
    """Whether a line of text reads as a paragraph of an article: ``ARTICLE_PARAGRAPH_CHARS`` or
    more, sentences ended, not cut off with an ellipsis."""
    weight = len(line) + len(_WIDE_CHARS.findall(line)) if not line.isascii() else len(line)
    if weight < ARTICLE_PARAGRAPH_CHARS or line.endswith(_TRUNCATED):
        return False
    return bool(_SENTENCE_END.search(line))


def _site(host: str) -> str:
    """The site of a host name, roughly: its last two labels."""
    return ".".join(host.lower().rsplit(".", 2)[-2:])


def _offsite_link_share(body: HtmlElement, page_url: str) -> float:
    """The share of the body's link text that leads to other sites than the page's own."""
    own = _site(split_url(page_url).hostname or "")
    total = offsite = 0
    for a in body.iter("a"):
        length = text_length(a)
        total += length
        host = split_url(a.get("href") or "").hostname
        if host and _site(host) != own:
            offsite += length
    return offsite / total if total else 0.0


def _article_text_among_links(body: HtmlElement | None, evidence: Evidence) -> str:
    """Why a body made mostly of links is still an article ("" when nothing says so)."""
    meta = evidence.meta
    dated = meta.published is not None
    if body is not None and (evidence.article_typed or dated):
        for line in _unlinked_lines(body, _NOT_PROSE, split_lines=True):
            if _is_prose(line) and norm_key(line) not in evidence.teasers:
                return "its body holds a paragraph of text outside links"
    if evidence.article_typed and evidence.page_prose:
        return "the page holds a paragraph of article text"
    if evidence.walled_text_box is not None:
        return "the page holds the article's text in a box named like a paywall"
    page_url = evidence.url or meta.canonical_url
    if body is not None and evidence.article_typed and dated and page_url:
        if _offsite_link_share(body, page_url) >= OFFSITE_LINK_SHARE:
            return "a dated post whose links lead to other sites"
    return ""


def _consent_refusal(length: int, said: str) -> ExtractionError:
    return ExtractionError(
        f"not an article: a cookie or consent wall stands where the article should be ({length} characters of text"
        f"{said})",
        reason="consent_wall",
    )


def _paywall_evidence(body_text: str, evidence: Evidence) -> str:
    """What says a short body is a teaser behind a wall ("" when nothing does)."""
    length = len(body_text)
    meta = evidence.meta
    if length >= SHORT_BODY_CHARS or meta.accessible_for_free is True or evidence.walled_text_box is not None:
        return ""
    said: list[str] = []
    not_free = meta.accessible_for_free is False
    body_key = norm_key(body_text)
    whole_shown = bool(meta.article_body) and _same_text(body_key, norm_key(meta.article_body), 0.6)
    withheld = not whole_shown and len(meta.article_body) >= WITHHELD_RATIO * max(1, length)
    if prompt := evidence.paywall_prompt:
        said.append(f"the page says “{prompt}”")
    if not_free and (said or withheld or (length < NOT_FREE_TEASER_CHARS and not whole_shown)):
        said.append("JSON-LD says isAccessibleForFree: false")
        if withheld:
            said.append(f"its articleBody holds {len(meta.article_body)} characters")
    if not said and (not_free or _cut_off(body_text)) and (box := evidence.subscription_box):
        element, offer = box
        ending = "the teaser is cut off with “…”" if _cut_off(body_text) else "JSON-LD says isAccessibleForFree: false"
        said.append(f"{ending}, and a box {_box(element)} offers a subscription (“{offer}”)")
    return ", ".join(said)


def _cut_off(body_text: str) -> bool:
    """Whether the body's last paragraph (of 80 characters or more) ends with an ellipsis."""
    for block in reversed(body_text.split("\n\n")):
        block = block.strip()
        if len(block) >= 80:
            return block.endswith(_TRUNCATED)
    return False


def judge(
    body_text: str | None, link_share: float, evidence: Evidence, body: HtmlElement | None = None
) -> ExtractionError | None:
    """The reason to refuse the page, or None when the body is an article's.

    ``body_text``: the text of the body found (None when none was); ``body``: its element (the
    ``BodyResult.root``), to tell the text outside its links from the links.
    """
    text = body_text or ""
    length = len(text)
    short = length < MIN_BODY_CHARS
    if evidence.error_title and length < SHORT_BODY_CHARS:
        return ExtractionError(
            f"not an article: an error page (titled “{evidence.error_title}”, {length} characters of text)",
            reason="error_page",
        )
    if length < CONSENT_BODY_CHARS and is_consent_text(text, short=short):
        subjects = len(_CONSENT_SUBJECT.findall(text))
        choice = _CONSENT_CHOICE.search(text)
        return _consent_refusal(
            length,
            f" that read like a consent notice: {subjects} mention(s) of cookies, consent or tracking, "
            f"and “{choice.group(0) if choice else ''}”",
        )
    if said := _paywall_evidence(text, evidence):
        return ExtractionError(
            f"not an article: a paywall stub ({length} characters of teaser; {said})", reason="paywall"
        )
    if short and evidence.consent_boxes:
        return _consent_refusal(length, f"; a consent box {_box(evidence.consent_boxes[0])}")
    share = _teaser_share(text, evidence.teasers)
    listing = evidence.meta.page_types & _LISTING_TYPES
    if share >= (LISTING_TEASER_SHARE if listing else TEASER_SHARE):
        count = sum(1 for b in text.split("\n\n") if norm_key(b) in evidence.teasers)
        called = f"; JSON-LD calls it {', '.join(sorted(listing))}" if listing else ""
        return ExtractionError(
            f"not an article: an index or section page ({count} story teasers make {share:.0%} of its text{called})",
            reason="index",
        )
    if short and not is_whole_short_post(text, evidence.meta, article_typed=evidence.article_typed, loose=True):
        return ExtractionError(
            f"no article body found ({length} characters of text{_missing_for_a_short_post(text, evidence)})",
            reason="no_body",
        )
    if link_share > MAX_LINK_SHARE and not _article_text_among_links(body, evidence):
        return ExtractionError(
            f"not an article: an index or navigation page ({link_share:.0%} of its {length} characters are links, "
            f"and the page holds no paragraph of article text outside them)",
            reason="index",
        )
    return None


def explains_a_short_body(body_text: str, evidence: Evidence) -> bool:
    """Whether a short body is already explained (an error page, a consent notice found as the
    body, or a whole short post), so that looking harder for one (the fallbacks) is pointless. A
    consent box elsewhere on the page explains nothing: most articles have one."""
    return (
        bool(evidence.error_title)
        or is_consent_text(body_text, short=True)
        or is_whole_short_post(body_text, evidence.meta, article_typed=evidence.article_typed)
    )


def page_shows(tree: HtmlElement, text: str) -> bool:
    """Whether the page's visible text (scripts excluded) holds the start of ``text``: a body equal
    to the JSON-LD ``articleBody`` may have been read from the page or from that script."""
    first = next((b for b in text.split("\n\n") if b.strip()), "")
    key = norm_key(first)[:200]
    body = tree.find("body")
    return bool(key) and key in norm_key(text_of(body if body is not None else tree))
