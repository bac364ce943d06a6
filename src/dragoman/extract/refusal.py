"""Pages that are not articles, and the reason each one is refused.

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
    the body is a short teaser and the page asks to subscribe to read on ("Subscribe to
    continue reading", "réservé aux abonnés"...) or has a paywall prompt box; or the body is a
    very short teaser and the page says in JSON-LD that the article is not free
    (``isAccessibleForFree: false``). A longer body on a page marked as not free is accepted:
    the page shows the whole text;
``index``
    the page lists stories: most of the body text sits in story teasers (a heading that is a
    link, with a short summary, repeated four times or more), or most of the body text is
    link text. A page whose JSON-LD calls it a listing (``CollectionPage``...) needs fewer
    teasers' worth of text;
``no_body``
    no body at all, or fewer than ``MIN_BODY_CHARS`` characters of it. A shorter body (down to
    ``MIN_SHORT_POST_CHARS``) is a whole short post, not a scrap, when the page dates itself, calls
    itself an article (og:type, JSON-LD) and its own description is that same text, not cut off
    ("…"): blogs publish one-line posts, and their description then holds the whole post.

The checks read ``Evidence``: what the page and its metadata say, and the boxes
``prune_boilerplate`` removed. Everything that costs a pass over the page is computed only when
a check needs it, so an ordinary article pays for almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.article import ExtractionError
from dragoman.extract.boilerplate import CONSENT_MANAGER_NAMES
from dragoman.extract.dom import class_id_text, norm_key, text_length, text_of
from dragoman.extract.metadata import PageMetadata

__all__ = [
    "MAX_LINK_SHARE",
    "MIN_BODY_CHARS",
    "Evidence",
    "explains_a_short_body",
    "is_consent_text",
    "is_whole_short_post",
    "judge",
    "teaser_keys",
]

#: A body with fewer characters of text is not an article.
MIN_BODY_CHARS = 250
#: A whole short post (see ``is_whole_short_post``) needs at least this many characters.
MIN_SHORT_POST_CHARS = 40
#: A body where more of the text than this sits inside links is a list of links (index page).
MAX_LINK_SHARE = 0.5
#: Up to this many characters, a body on a page with a paywall prompt is a teaser, and a body
#: under an error title is an error message.
SHORT_BODY_CHARS = 1500
#: Up to this many characters, a body on a page that says in JSON-LD it is not free is a teaser
#: even without a prompt to subscribe.
NOT_FREE_TEASER_CHARS = 600
#: A box named like a paywall is a prompt when it holds at most this much text (a longer one is
#: the article itself, wrapped as Google's paywall markup suggests: ``<div class="paywall">``).
PAYWALL_PROMPT_CHARS = 600
#: Up to this many characters, a body that reads like a consent notice is one.
CONSENT_BODY_CHARS = 1200
#: This many story teasers (a linked heading with its summary) or more make a list of stories...
MIN_TEASERS = 4
#: ...when they hold at least this share of the body text (or ``LISTING_TEASER_SHARE`` on a page
#: whose JSON-LD says it is a listing: ``CollectionPage``, ``ItemList``, ``SearchResultsPage``).
TEASER_SHARE = 0.5
LISTING_TEASER_SHARE = 0.3
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
_PAYWALL_PROMPT = re.compile(
    r"(?i)subscribe\s+(?:now\s+)?to\s+(?:continue|keep|read)(?:\s+reading)?|to\s+continue\s+reading|continue\s+reading\s+with|"
    r"(?:only\s+)?(?:available|reserved|exclusive)\s+(?:only\s+)?(?:to|for)\s+(?:our\s+)?(?:subscribers|members)|"
    r"subscribers[\s-]+only|already\s+(?:a\s+)?subscriber|this\s+(?:article|story)\s+is\s+for\s+subscribers|"
    r"read\s+the\s+full\s+(?:article|story)\s+(?:for|with|by)|unlock\s+(?:this|the\s+full)\s+(?:article|story)|"
    r"sign\s+in\s+to\s+(?:continue|read)|"
    r"jetzt\s+(?:weiterlesen|abonnieren)|nur\s+f[üu]r\s+abonnenten|weiterlesen\s+mit|"
    r"réservé\s+aux\s+abonnés|pour\s+lire\s+la\s+suite|abonnez-vous\s+pour|"
    r"suscr[ií]bete\s+para|exclusivo\s+para\s+(?:suscriptores|assinantes)|contenido\s+para\s+suscriptores|"
    r"riservato\s+agli\s+abbonati|abbonati\s+per\s+(?:continuare|leggere)|assine\s+para\s+continuar|"
    r"alleen\s+voor\s+abonnees|lees\s+verder\s+met|"
    r"للمشتركين\s+فقط|اشترك\s+(?:الآن\s+)?لمواصلة|続きを読むには|有料会員限定|会員限定記事"
)
# Words one of the patterns above needs: a text without any of them is not searched (the regular
# expressions are slow next to a substring test)
_CONSENT_HINTS = ("cookie", "consent", "tracking", "partner", "einwillig", "zustimm", "datenschutz", "personali",
                  "privacy", "toestemming", "ملفات", "クッキー", "同意")  # fmt: skip
_PAYWALL_HINTS = ("subscri", "continue reading", "sign in", "unlock", "full article", "full story", "members",
                  "abonn", "weiterlesen", "suite", "suscr", "assin", "abbona", "lees verder", "اشترك",
                  "للمشتركين", "続き", "会員")  # fmt: skip
_NAMED_LIKE_CONSENT = etree.XPath(
    ".//*[contains(@class, 'onsent') or contains(@id, 'onsent') or contains(@class, 'ookie') or contains(@id, 'ookie')]"
)
_NOISE_ANCESTORS = frozenset({"nav", "footer", "aside", "header"})
_TEASER_HEADINGS = etree.XPath(".//*[self::h2 or self::h3 or self::h4][.//a[@href]]")


def _texts(elements: list[HtmlElement]) -> str:
    return " ".join(text_of(e) for e in elements)


@dataclass
class Evidence:
    """What a page says about being (or not being) an article.

    ``tree``: the page after boilerplate removal; ``removed``: the boxes removed;
    ``teasers``: text keys of story-teaser summaries on the page (``teaser_keys``).
    """

    tree: HtmlElement
    meta: PageMetadata
    removed: list[HtmlElement]
    teasers: dict[str, int]
    headline: str = ""

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
        return [
            e for e in self.removed
            if _PAYWALL_BOX.search(class_id_text(e)) and text_length(e) <= PAYWALL_PROMPT_CHARS
        ]  # fmt: skip

    @cached_property
    def paywall_prompt(self) -> str:
        """A sentence asking to subscribe, from the removed boxes or the rest of the page."""
        for text in (_texts(self.removed), etree.tostring(self.tree, method="text", encoding="unicode")):
            lowered = text.lower()
            if any(hint in lowered for hint in _PAYWALL_HINTS) and (match := _PAYWALL_PROMPT.search(text)):
                return match.group(0)
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


_TRUNCATED = ("…", "...", "[…]", "[...]", "(…)", "(...)")


def is_whole_short_post(body_text: str, meta: PageMetadata) -> bool:
    """Whether a body shorter than ``MIN_BODY_CHARS`` is a whole short post: at least
    ``MIN_SHORT_POST_CHARS`` long, on a page that has a publication date and an article type,
    and whose description (not cut off with an ellipsis) is that same text."""
    description = meta.description.strip()
    if len(body_text) < MIN_SHORT_POST_CHARS or not description or description.endswith(_TRUNCATED):
        return False
    if meta.published is None or not any("article" in t or "posting" in t for t in meta.page_types):
        return False
    body_key, description_key = norm_key(body_text), norm_key(description)
    return bool(body_key) and body_key in description_key and len(body_key) >= 0.9 * len(description_key)


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
    heading_set = set(headings)
    cards: list[HtmlElement] = []
    for heading in headings:
        card = heading
        for ancestor in heading.iterancestors():
            if ancestor.tag in ("body", "html", "main"):
                break
            others = [h for h in _TEASER_HEADINGS(ancestor) if h in heading_set and h is not heading]
            if others or text_length(ancestor) > 700:
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


def judge(body_text: str | None, link_share: float, evidence: Evidence) -> ExtractionError | None:
    """The reason to refuse the page, or None when the body is an article's.

    ``body_text``: the text of the body found (None when none was).
    """
    length = len(body_text or "")
    short = length < MIN_BODY_CHARS
    if evidence.error_title and length < SHORT_BODY_CHARS:
        return ExtractionError(
            f"not an article: an error page (titled “{evidence.error_title}”, {length} characters of text)",
            reason="error_page",
        )
    consent = ExtractionError(
        f"not an article: a cookie or consent wall stands where the article should be ({length} characters of text)",
        reason="consent_wall",
    )
    if length < CONSENT_BODY_CHARS and is_consent_text(body_text or "", short=short):
        return consent
    not_free = evidence.meta.accessible_for_free is False and length < NOT_FREE_TEASER_CHARS
    if not_free or (length < SHORT_BODY_CHARS and (evidence.paywall_boxes or evidence.paywall_prompt)):
        said = f", then “{evidence.paywall_prompt}”" if evidence.paywall_prompt else ""
        return ExtractionError(
            f"not an article: a paywall stub ({length} characters of teaser{said})", reason="paywall"
        )
    if short and evidence.consent_boxes:
        return consent
    share = _teaser_share(body_text or "", evidence.teasers)
    listing = bool(evidence.meta.page_types & _LISTING_TYPES)
    if share >= (LISTING_TEASER_SHARE if listing else TEASER_SHARE):
        count = sum(1 for b in (body_text or "").split("\n\n") if norm_key(b) in evidence.teasers)
        return ExtractionError(
            f"not an article: an index or section page ({count} story teasers make {share:.0%} of its text)",
            reason="index",
        )
    if short and not is_whole_short_post(body_text or "", evidence.meta):
        return ExtractionError(f"no article body found ({length} characters of text)", reason="no_body")
    if link_share > MAX_LINK_SHARE:
        return ExtractionError(
            f"not an article: an index or navigation page ({link_share:.0%} of its {length} characters are links)",
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
        or is_whole_short_post(body_text, evidence.meta)
    )
