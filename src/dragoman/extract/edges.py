"""What sits in a body and is not the article: "see also" lines, calls to follow or subscribe.

trafilatura keeps the blocks a site writes into the article's own container: "Read also: <link to
another story>", a "Related topics" label with its list of links, "Back to the list", and at the end
"Sign up for our newsletter", "Follow us on Instagram and Telegram", "Download our app", "Support
our journalism". ``boilerplate`` removes such boxes before extraction when their markup names them;
these are found by their words, in the languages news is written in, after extraction:

- **a "see also" line** anywhere in the body: a block that starts with a "see also" label ("Read
  also:", "Lea también:", "Lesen Sie auch", "Zobacz także", "Leggi anche"...) and is mostly a link;
- **a "see also" label** standing alone ("Related articles", "Temas relacionados", "Mehr zum
  Thema", "Tags", or a label and a few words ending with a colon: "Weitere Beiträge aus der
  Kolumne:"), with the blocks after it that list stories or tags: mostly links, or teaser cards (a
  picture, then a summary of at most ``TEASER_CHARS``);
- **a way back**: a block that is one link back to the list, the overview or the top of the page;
- **a call to action at the edges**: among the first ``EDGE_BLOCKS_START`` and the last
  ``EDGE_BLOCKS_END`` blocks, a short block (``CALL_CHARS`` at most) that asks to subscribe to a
  newsletter, to follow the site on social networks or its channel there, to download its app, to
  sign up "here", or to support it; a prompt to sign up for a newsletter of at most
  ``NEWSLETTER_PROMPT_CHARS`` goes wherever it stands.

A sentence of the story is never removed for its words alone: a "see also" line must be mostly link
text (or the label alone), a call to action must be short and at the start or the end of the body.
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from dragoman.extract.dom import remove_keeping_tail, text_length, text_of

__all__ = ["CALL_CHARS", "EDGE_BLOCKS_END", "EDGE_BLOCKS_START", "trim_edges"]

#: A call to action is looked for among this many blocks at the start and at the end of the body.
EDGE_BLOCKS_START = 2
EDGE_BLOCKS_END = 4
#: A call to action is at most this long; a longer block is the story's own text.
CALL_CHARS = 400
#: A prompt to sign up for a newsletter this short goes wherever it stands in the body.
NEWSLETTER_PROMPT_CHARS = 200
#: A "see also" line is at least this share of link text; the blocks listed after a label too.
SEE_ALSO_LINK_SHARE = 0.5
#: A "see also" line (a label and a headline) is at most this long.
SEE_ALSO_CHARS = 300
#: A teaser's summary under its picture, after a "see also" label, is at most this long.
TEASER_CHARS = 700
#: A label alone is at most this long.
LABEL_CHARS = 60

_SEE_ALSO = (
    # English
    r"related(?: articles?| stories| news| content| coverage| posts| topics| reading| links| roundup)?|"
    r"read (?:more|also|next)|also read|see (?:also|more)|more (?:on this|from|stories|news|about)\b[^:]{0,40}|"
    r"you (?:may|might) (?:also )?(?:like|enjoy)|recommended(?: for you| stories)?|don'?t miss|"
    r"explore further|further reading|top stories|most (?:read|popular)|trending(?: now)?|"
    # Spanish, Portuguese
    r"lea (?:también|tambien|más|mas)|lee (?:también|tambien|más|mas)|lea|"
    r"(?:le|te) puede(?:n)? interesar|puede interesarte|vea (?:también|tambien)|ver (?:también|tambien)|"
    r"mire|mira|puedes ver|temas relacionados|notas relacionadas|noticias relacionadas|"
    r"contenido relacionado|más sobre\b[^:]{0,40}|leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"você pode gostar|voce pode gostar|relacionad[ao]s?|"
    # French, Italian
    r"(?:à )?lire (?:aussi|également)|(?:à )?voir aussi|sur le même sujet|articles? similaires?|"
    r"leggi anche|potrebbe interessarti|articoli correlati|vedi anche|"
    # German, Dutch
    r"lesen sie auch|lies auch|auch lesen|schon gelesen|mehr zum thema|mehr dazu|mehr themen|"
    r"das könnte (?:sie|dich) auch interessieren|weitere (?:\w+ )?(?:themen|artikel|beiträge|nachrichten)|"
    r"zum weiterlesen|(?:verwandte|ähnliche) (?:artikel|themen)|passend zum thema|auch interessant|"
    r"entdecke (?:weitere|mehr)|lees ook|zie ook|"
    # a list of the story's tags
    r"tags|temas|etiquetas|schlagw(?:orte|örter)|stichw(?:orte|örter)|themen|mots-clés|tag|"
    # Polish, Russian, Ukrainian
    r"zobacz (?:także|też|również|więcej)|czytaj (?:też|także|również|więcej)|dowiedz się więcej|polecamy|powiązane|"
    r"читайте (?:также|також)|смотрите также|"
    # Arabic, Chinese
    r"اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|مواضيع ذات صلة|相关阅读|延伸阅读|相关新闻|推荐阅读|热门推荐"
)
# the label, then a separator or the end; what follows is the line's object
_SEE_ALSO_LINE = re.compile(rf"(?i)^\W{{0,3}}(?:{_SEE_ALSO})\s*(?:[:：|>»\-–—.…?!]+|$)")
# the label alone, or the label and a few words that end with a colon ("Read also these stories:")
_SEE_ALSO_ALONE = re.compile(rf"(?i)^\W{{0,3}}(?:{_SEE_ALSO})(?:\W{{0,3}}|\b[^:：]{{0,40}}[:：]\W{{0,2}})$")
_WAY_BACK = re.compile(
    r"(?i)^\W{0,3}(?:back to (?:top|the top|list|overview|news(?:room)?|all)\b|zurück(?: zu[mr]?| nach)\b|"
    r"nach oben|retour (?:à|au|aux)\b|volver (?:a|al|arriba)\b|torna (?:a|su|all)\b|voltar\b|"
    r"terug naar\b|powrót\b)"
)

_NETWORKS = re.compile(
    r"(?i)\b(?:facebook|twitter|instagram|youtube|telegram|whatsapp|tiktok|linkedin|pinterest|threads|mastodon|"
    r"snapchat|google news|flipboard)\b"
)
_FOLLOW = re.compile(
    r"(?i)\b(?:follow|folge[n]?|folgt|síguenos|siguenos|sigue(?:nos)?|suivez|suis-nous|seguici|segui|siga|"
    r"join|únete|unete|rejoignez|abonniere|like us|find us)\b"
)
_NEWSLETTER = re.compile(r"(?i)newsletter|posteingang|inbox|boletín|infolettre|\bbriefing\b")
_SIGN_UP = re.compile(
    r"(?i)\b(?:sign(?:ing)? up|subscri\w*|register|anmeld\w*|abonnier\w*|abonne\w*|suscr[ií]b\w*|inscr[ií]\w*|"
    r"iscriv\w*|assine|cadastre|receive|erhalten|get (?:it|the|our)|delivered|liefern|zapisz)"
)
_APP = re.compile(
    r"(?i)\b(?:download|herunterladen|lade|descarga|descargue|baixe|scarica|télécharge\w*)\b.{0,80}"
    r"\b(?:apps?|ios|android|app store|google play)\b"
)
_SUPPORT = re.compile(
    r"(?i)\b(?:donate|donation|spende[n]?|unterstütze[n]?|support (?:us|our|independent|quality)|"
    r"apoya|apóyanos|soutenez|sostieni|become a (?:member|subscriber|supporter)|"
    r"werde (?:mitglied|abonnent)|hazte socio)\b"
)
# the site's own channel or account ("our YouTube channel", "nuestro canal de Telegram"); someone else's
# ("her Instagram page") is news
_CHANNEL = re.compile(
    r"(?i)\b(?:our|nuestro|nuestra|nuestros|unser\w*|notre|nos|nostro|nostra|nosso|nossa)\s+(?:\w+\s+)?"
    r"(?:channel|canal|kanal|chaîne|account|cuenta|konto|page|página|seite)\b"
)
_SIGN_UP_HERE = re.compile(
    r"(?i)\b(?:sign up|subscribe|register|anmelden|abonnieren|suscr[ií]bete|inscr[ií]vete|abonnez-vous|iscriviti)"
    r"\s+(?:here|now|today|hier|jetzt|aquí|aqui|ahora|ici|maintenant|qui|ora)\b"
)
_SHARE_PROMPT = re.compile(
    r"(?i)\b(?:share (?:it|this)|teile (?:ihn|diesen|den)|compártelo|comparte (?:esta|este)|partagez)\b"
)


def _link_share(block: _Element) -> float:
    length = text_length(block)
    return sum(text_length(a) for a in block.iter("a")) / length if length else 0.0


def is_call_to_action(text: str) -> bool:
    """Whether a short text asks to subscribe, follow, download an app, support the site or share
    the story (two signals each: a verb and its object)."""
    if not text or len(text) > CALL_CHARS:
        return False
    if _NEWSLETTER.search(text) and _SIGN_UP.search(text):
        return True
    networks = len(_NETWORKS.findall(text))
    if networks >= 3 or (networks and (_FOLLOW.search(text) or _CHANNEL.search(text))):
        return True
    return bool(
        _APP.search(text) or _SUPPORT.search(text) or _SHARE_PROMPT.search(text) or _SIGN_UP_HERE.search(text)
    )


def _is_newsletter_prompt(text: str) -> bool:
    return len(text) <= NEWSLETTER_PROMPT_CHARS and bool(_NEWSLETTER.search(text) and _SIGN_UP.search(text))


def _is_label(text: str) -> bool:
    return len(text) <= LABEL_CHARS and _SEE_ALSO_ALONE.match(text) is not None


def _is_see_also_line(block: _Element, text: str) -> bool:
    if len(text) > SEE_ALSO_CHARS:
        return False
    if _is_label(text):
        return True
    return _SEE_ALSO_LINE.match(text) is not None and _link_share(block) >= SEE_ALSO_LINK_SHARE


def trim_edges(root: _Element) -> None:
    """Remove from the body ``root`` (a ``<div>`` of blocks) what is not the article (see the module
    docstring)."""
    blocks = _blocks(root)
    doomed: list[_Element] = []
    texts: dict[_Element, str] = {}  # every block is read once: nothing changes before the end
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = texts[block] = text_of(block)
        if block.tag in ("ul", "ol"):
            for item in block.iter("li"):  # a list of "see also" lines
                item_text = text_of(item)
                if _is_see_also_line(item, item_text) or _is_way_back(item, item_text):
                    doomed.append(item)
        elif _is_see_also_line(block, text) or _is_way_back(block, text):
            doomed.append(block)
            if _is_label(text):  # a label: its list of stories follows
                while index + 1 < len(blocks) and _is_listed_story(blocks[index + 1], blocks[index]):
                    index += 1
                    doomed.append(blocks[index])
        index += 1
    kept = [block for block in blocks if block not in doomed and block.tag not in ("figure", "table")]
    edges = kept[:EDGE_BLOCKS_START] + kept[max(EDGE_BLOCKS_START, len(kept) - EDGE_BLOCKS_END) :]
    doomed += [block for block in edges if is_call_to_action(texts[block])]
    # a prompt to sign up for a newsletter is never the story, wherever it stands
    doomed += [block for block in kept if block not in edges and _is_newsletter_prompt(texts[block])]
    for element in doomed:
        if element.getparent() is not None:
            remove_keeping_tail(element)


_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "figure", "table", "pre"})


def _blocks(root: _Element) -> list[_Element]:
    """The body's blocks in order, those inside containers (``<div>``) included."""
    found: list[_Element] = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _BLOCKS:
            found.append(child)
        else:
            found += _blocks(child)
    return found


def _is_listed_story(block: _Element, previous: _Element) -> bool:
    """Whether a block after a "see also" label is one of the stories it lists: mostly a link, or a
    teaser card (a picture, then a short summary)."""
    if block.tag == "table":
        return False
    if block.tag == "figure":
        return True
    if _link_share(block) >= SEE_ALSO_LINK_SHARE:
        return True
    return previous.tag == "figure" and text_length(block) <= TEASER_CHARS


def _is_way_back(block: _Element, text: str) -> bool:
    return len(text) <= LABEL_CHARS and _WAY_BACK.match(text) is not None and _link_share(block) >= 0.8
