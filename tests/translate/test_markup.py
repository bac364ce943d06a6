"""HTML -> units and back: what becomes a unit, what becomes a placeholder, what is never sent."""

from __future__ import annotations

from lxml import html as lxml_html

from dragoman.translate.markup import HtmlDocument, serialize
from dragoman.translate.units import Text, decode, normalize


def units(html: str, *, markup: bool = True, **options) -> list[tuple[str, str]]:
    return [(u.where, u.engine_text(markup=markup)) for u in HtmlDocument(html, **options).units]


def round_trip(html: str, **options) -> str:
    """Render each unit's own tokens back: must give the input again."""
    document = HtmlDocument(html, **options)
    return document.render([u.tokens for u in document.units])


def canonical(html: str) -> str:
    return serialize(lxml_html.fragment_fromstring(html, create_parent="div"))


# --- blocks -----------------------------------------------------------------------------------------------------


def test_each_block_is_one_unit_with_its_inline_elements_inside():
    assert units("<h2>Big <em>news</em></h2><p>The <a href='/a'>council</a> voted.</p>") == [
        ("<h2>", 'Big <span id="1">news</span>'),
        ("<p>", 'The <span id="1">council</span> voted.'),
    ]


def test_nested_blocks_give_each_text_exactly_once():
    html = (
        "<blockquote><p>Quoted words.</p><p>More words.</p></blockquote>"
        "<ul><li>Intro item <ul><li>Sub item</li></ul> closing words</li><li><p>Para in item</p></li></ul>"
        "<dl><dt>Term</dt><dd>Meaning here</dd></dl>"
    )
    assert [text for _, text in units(html)] == [
        "Quoted words.", "More words.", "Intro item", "Sub item", "closing words", "Para in item", "Term", "Meaning here",
    ]


def test_text_directly_in_a_container_and_at_top_level_is_a_unit():
    assert units("Loose <b>words</b> <div>Div text <p>para</p></div>") == [
        ("top-level text", 'Loose <span id="1">words</span>'),
        ("<div>", "Div text"),
        ("<p>", "para"),
    ]


def test_table_cells_and_captions_are_units():
    html = "<table><caption>Votes by party</caption><tr><th>Party</th><td>Seats won</td></tr></table>"
    assert [text for _, text in units(html)] == ["Votes by party", "Party", "Seats won"]


def test_figcaption_is_a_unit_and_figure_image_alt_is_its_own():
    html = '<figure><img src="a.jpg" alt="The harbour at dawn"><figcaption>Boats <i>leave</i> early</figcaption></figure>'
    assert units(html) == [
        ("alt of <img>", "The harbour at dawn"),
        ("<figcaption>", 'Boats <span id="1">leave</span> early'),
    ]


def test_inline_element_holding_a_block_is_treated_as_a_block():
    assert [text for _, text in units("<p>Before</p><a href='/x'><div>Card title</div> card text</a>")] == [
        "Before", "Card title", "card text",
    ]


def test_runs_without_words_are_not_units():
    assert units("<p>2024</p><p>—</p><p><img src='x.png'></p><p> </p>") == []


# --- placeholders ---------------------------------------------------------------------------------------------------


def test_inline_elements_are_numbered_in_order_and_nested():
    html = '<p>A <a href="/1" class="c"><b>bold</b> link</a>, <em>stress</em><sup>note</sup>.</p>'
    assert units(html) == [
        ("<p>", 'A <span id="1"><span id="2">bold</span> link</span>, <span id="3">stress</span><span id="4">note</span>.')
    ]
    assert units(html, markup=False) == [("<p>", "A <x1><x2>bold</x2> link</x1>, <x3>stress</x3><x4>note</x4>.")]


def test_void_and_wordless_elements_are_atoms():
    html = '<p>Line one<br>line two <img src="i.png" alt=""> <a href="/i"><img src="icon.png" alt=""></a> end<sup>1</sup>.</p>'
    assert units(html) == [
        ("<p>", 'Line one<br id="1">line two <br id="2"> <br id="3"> end<br id="4">.'),
    ]


def test_attributes_and_urls_never_reach_the_engine():
    html = (
        '<p class="lead" data-x="1">Visit <a href="https://example.org/secret" title="" rel="nofollow" '
        'style="color:red">our site</a> or https://example.org/path?q=1 today.</p>'
    )
    (_, text), = units(html)
    assert text == 'Visit <span id="1">our site</span> or <br id="2"> today.'
    for leaked in ("href", "example.org", "nofollow", "color", "class", "lead", "data-x"):
        assert leaked not in text


def test_alt_title_and_aria_label_are_units_of_their_own():
    html = (
        '<p title="A tip">Read <abbr title="Associated Press">AP</abbr> now <img src="x.png" alt="A red car"></p>'
        '<nav aria-label="Share this story"></nav>'
    )
    assert units(html) == [
        ("title of <p>", "A tip"),
        ("title of <abbr>", "Associated Press"),
        ("alt of <img>", "A red car"),
        ("<p>", 'Read <span id="1">AP</span> now <br id="2">'),
        ("aria-label of <nav>", "Share this story"),
    ]


# --- protection ----------------------------------------------------------------------------------------------------


def test_code_and_friends_are_atoms_and_never_sent():
    html = "<p>Run <code>git push --force</code> or press <kbd>Ctrl C</kbd> to see <samp>Done now</samp>.</p><pre>keep this text</pre>"
    assert units(html) == [("<p>", 'Run <br id="1"> or press <br id="2"> to see <br id="3">.')]


def test_translate_no_notranslate_and_foreign_lang_are_protected():
    html = (
        '<p>The brand <span translate="no">Blue Apron</span> and <b class="x notranslate">Open Door</b> '
        'said <q lang="fr">bonjour tout le monde</q> loudly.</p>'
        '<div translate="no"><p>Not this paragraph</p></div>'
        '<p lang="en-GB">But this colour</p>'
    )
    assert units(html, source="en") == [
        ("<p>", 'The brand <br id="1"> and <br id="2"> said <br id="3"> loudly.'),
        ("<p>", "But this colour"),
    ]


def test_protected_elements_attributes_are_not_units():
    assert units('<p>See <code title="a code title">x</code> here</p>') == [("<p>", 'See <br id="1"> here')]


def test_cite_holds_titles_of_works_and_is_protected():
    assert units("<p>As <cite>The Times</cite> reported.</p>") == [("<p>", 'As <br id="1"> reported.')]


def test_glossary_terms_become_atoms():
    assert units("<p>The White House said so.</p>", glossary={"White House": "Casa Blanca"}) == [
        ("<p>", 'The <br id="1"> said so.')
    ]


# --- rendering -----------------------------------------------------------------------------------------------------


def test_rendering_the_source_tokens_gives_the_source_back():
    html = (
        '<div data-part="body"><h2 id="t">Title <em>here</em></h2>\n'
        '<p class="lead">Visit <a href="https://example.org/a" title="Example site">our <b>new</b> site</a> at '
        'https://example.org/x &amp; <code>a &lt; b</code>.<br>Second line <img src="p.png" alt="Photo of it"></p>\n'
        "<ul>\n  <li>One <ul><li>Sub</li></ul> tail</li>\n</ul>"
        '<pre>  keep\n   spacing </pre><p translate="no">Nope</p><table><tr><td>Cell</td></tr></table></div>'
    )
    assert round_trip(html) == canonical(html)


def test_translation_is_rebuilt_with_the_original_attributes_and_block_structure():
    html = '<p class="c">The <a href="/red" class="l">red car</a> is <img src="x.png" alt="Car">here.</p><p>Bye now</p>'
    document = HtmlDocument(html)
    answers = {
        "Car": "Coche",
        'The <span id="1">red car</span> is <br id="2">here.': 'El <span id="1">coche rojo</span> está <br id="2">aquí.',
        "Bye now": "Adiós ya",
    }
    translations = [normalize(decode(answers[u.engine_text(markup=True)], markup=True)) for u in document.units]
    assert document.render(translations) == (
        '<p class="c">El <a href="/red" class="l">coche rojo</a> está <img src="x.png" alt="Coche">aquí.</p><p>Adiós ya</p>'
    )


def test_adjacent_anchors_the_engine_split_are_merged_with_or_without_a_space():
    document = HtmlDocument('<p>The <a href="/car"><b>red</b> car</a> left.</p>')
    answer = 'El <span id="1">coche</span> <span id="1"><span id="2">rojo</span></span> salió.'
    assert document.render([normalize(decode(answer, markup=True))]) == '<p>El <a href="/car">coche <b>rojo</b></a> salió.</p>'
    document = HtmlDocument('<p>A <a href="/x">together</a> word.</p>')
    answer = 'Una palabra <span id="1">jun</span><span id="1">tos</span>.'
    assert document.render([normalize(decode(answer, markup=True))]) == '<p>Una palabra <a href="/x">juntos</a>.</p>'


def test_split_anchor_comes_back_as_one_anchor():
    document = HtmlDocument('<p>The <a href="/bus">bus network</a> grows.</p>')
    answer = 'La <span id="1">red</span> de <span id="1">autobús</span> crece.'
    assert document.render([normalize(decode(answer, markup=True))]) == '<p>La <a href="/bus">red de autobús</a> crece.</p>'


def test_glossary_term_comes_back_translated_also_inside_a_wordless_element():
    document = HtmlDocument('<p>Ask <b>Obama</b> now</p>', glossary={"Obama": "Obama (trad.)"})
    (unit,) = document.units
    assert unit.engine_text(markup=True) == 'Ask <br id="1"> now'
    assert document.render([[Text("Pregunta "), *unit.tokens[1:2], Text(" ya")]]) == "<p>Pregunta <b>Obama (trad.)</b> ya</p>"


def test_leading_and_trailing_whitespace_of_a_block_is_kept():
    document = HtmlDocument("<li>\n  Some words\n</li>")
    assert document.render([[Text("Unas palabras")]]) == "<li>\n  Unas palabras\n</li>"


def test_empty_input_gives_empty_output():
    document = HtmlDocument("")
    assert document.units == [] and document.render([]) == ""
