"""The wire forms of a unit and the tidying of an engine's answer."""

from __future__ import annotations

import pytest

from dragoman.translate.units import (
    Atom,
    Close,
    Literal,
    Open,
    Stray,
    Text,
    TokenBuilder,
    _join_text,
    _WireParser,
    decode,
    encode,
    narrow,
    normalize,
)

TOKENS = [Text("Read the "), Open(1), Text("report & notes"), Close(1), Text(" at "), Atom(2), Text(".")]


def test_markup_wire_form_uses_attribute_less_numbered_span_and_br():
    assert encode(TOKENS, markup=True) == 'Read the <span id="1">report &amp; notes</span> at <br id="2">.'


def test_plain_wire_form_uses_x_tokens_and_leaves_text_unescaped():
    assert encode(TOKENS, markup=False) == "Read the <x1>report & notes</x1> at <x2/>."


@pytest.mark.parametrize("markup", [True, False])
def test_decode_reads_back_what_encode_wrote(markup):
    assert decode(encode(TOKENS, markup=markup), markup=markup) == TOKENS


@pytest.mark.parametrize(
    "output",
    [
        'A <span id="1">b &amp; c</span> d<br id="2">.',
        '<span id="1"><span id="2">x</span></span></span>',  # one closing tag too many
        '<span id="007">a&ampb &lt;c&gt; &#65;&#x42 &</span>',
        'a <span id="1">b</span> <span>c</span> d',  # other markup: the parser reads all of it
        'a < b <br id="1"> &copy',
        "",
    ],
)
def test_markup_decode_reads_its_own_tags_as_the_html_parser_does(output):
    """Output holding only the tags encode() writes is read without HTMLParser (a fast path); the tokens
    are the parser's."""
    parser = _WireParser()
    parser.feed(output)
    parser.close()
    assert decode(output, markup=True) == _join_text(parser.tokens)


def test_markup_decode_accepts_other_spellings_of_the_same_tags():
    assert decode("<span id='1'>a</span><br id=\"2\"/>", markup=True) == [Open(1), Text("a"), Close(1), Atom(2)]


def test_markup_decode_keeps_unexpected_markup_as_stray():
    tokens = decode('a <b>bold</b> <span id="1" class="x">c</span> <!-- note -->', markup=True)
    strays = [t.raw for t in tokens if isinstance(t, Stray)]
    assert strays == ["<b>", "</b>", '<span id="1" class="x">', "</span>", "<!-- note -->"]


def test_markup_decode_marks_a_closing_tag_that_closes_nothing():
    assert decode("a</span>", markup=True) == [Text("a"), Close(None)]


def test_plain_decode_keeps_misnested_tokens_for_the_checks():
    assert decode("<x1>a<x2>b</x1>c</x2>", markup=False) == [
        Open(1), Text("a"), Open(2), Text("b"), Close(1), Text("c"), Close(2),
    ]


# --- normalize: rejoining split elements ---------------------------------------------------------------------


def _norm(text: str) -> str:
    return encode(normalize(decode(text, markup=True)), markup=True)


def test_adjacent_pieces_of_one_element_are_joined_with_the_space_between():
    assert _norm('El <span id="1">coche</span> <span id="1"><span id="2">rojo</span></span>.') == (
        'El <span id="1">coche <span id="2">rojo</span></span>.'
    )


def test_pieces_without_space_between_are_joined():
    assert _norm('<span id="1">Zu</span><span id="1">sammen</span> hier') == '<span id="1">Zusammen</span> hier'


def test_pieces_split_by_a_short_word_take_the_word_in():
    # transfuse: "the <a>bus network</a>" -> "la <a>red</a> de <a>autobús</a>"
    assert _norm('la <span id="1">red</span> de <span id="1">autobús</span> nueva') == (
        'la <span id="1">red de autobús</span> nueva'
    )


def test_pieces_split_around_an_atom_take_the_atom_in():
    assert _norm('en <span id="3">la</span> <br id="4"> <span id="3">casa</span>.') == (
        'en <span id="3">la <br id="4"> casa</span>.'
    )


def test_pieces_far_apart_are_not_joined():
    text = '<span id="1">uno</span> dos tres cuatro cinco <span id="1">seis</span>'
    assert _norm(text) == text


def test_pieces_with_another_element_between_are_not_joined():
    text = '<span id="1">uno</span> <span id="2">dos</span> <span id="1">tres</span>'
    assert _norm(text) == text


def test_normalize_collapses_whitespace_and_trims_the_ends():
    assert _norm('  Cumplimos   <span id="1">ayer</span>  ') == 'Cumplimos <span id="1">ayer</span>'


def test_normalize_leaves_misnested_output_for_the_checks():
    tokens = decode("<x1>a<x2>b</x1>c</x2>", markup=False)
    assert normalize(tokens) == tokens


def test_narrow_keeps_an_element_split_around_other_markup_on_its_longest_piece():
    tokens = normalize(decode('en <span id="2">bici</span> y <span id="1">transporte</span> <span id="2">caminos</span>.', markup=True))
    assert encode(narrow(tokens), markup=True) == 'en bici y <span id="1">transporte</span> <span id="2">caminos</span>.'


def test_narrow_keeps_what_is_inside_a_dropped_piece():
    tokens = decode('<x1>a <x2>b</x2></x1> c <x3>d</x3> <x1>long piece</x1>', markup=False)
    assert encode(narrow(tokens), markup=False) == 'a <x2>b</x2> c <x3>d</x3> <x1>long piece</x1>'


def test_narrow_leaves_sound_output_alone():
    tokens = decode('<x1>a</x1> b <x2>c</x2>', markup=False)
    assert narrow(tokens) == tokens


# --- building tokens from source text ------------------------------------------------------------------------


def test_builder_protects_urls_and_emails_as_literal_atoms():
    builder = TokenBuilder()
    builder.text("See https://example.org/a?b=1, or write to desk@example.org.")
    tokens, placeholders, _, _ = builder.finish()
    assert tokens == [Text("See "), Atom(1), Text(", or write to "), Atom(2), Text(".")]
    assert [p.text for p in placeholders.values()] == ["https://example.org/a?b=1", "desk@example.org"]


@pytest.mark.parametrize("address", ["http://example.org/a", "FTP://example.org/a", "WwW.Example.org", "x@example.org"])
def test_builder_protects_addresses_in_any_case(address):
    builder = TokenBuilder()
    builder.text(f"Go to {address} now")
    tokens, placeholders, _, _ = builder.finish()
    assert tokens == [Text("Go to "), Atom(1), Text(" now")]
    assert placeholders[1].text == address


def test_builder_protects_text_that_looks_like_a_plain_placeholder_token():
    builder = TokenBuilder()
    builder.text("The tag <x1> is literal")
    tokens, placeholders, _, _ = builder.finish()
    assert tokens == [Text("The tag "), Atom(1), Text(" is literal")]
    assert isinstance(placeholders[1], Literal)


def test_builder_collapses_inner_whitespace_and_hands_back_the_outer():
    builder = TokenBuilder()
    builder.text("\n   Two  words\u00a0here \n ")
    tokens, _, lead, trail = builder.finish()
    assert (tokens, lead, trail) == ([Text("Two words\u00a0here")], "\n   ", " \n ")
